"""Who receives a letter (003), holds before agreeing (issue 9 point 5), idempotent creation."""

from __future__ import annotations

import pytest

from requests.letters import services
from requests.letters.models import Letter, LetterKind, LetterStatus, RecipientHold
from requests.letters.recipients import UNSAFE_ADDRESS_REASON, recipients_for_contact
from requests.models import ParentalResponsibility
from requests.triage import services as triage_services
from tests.letters.factories import FOUR_RECIPIENTS_FAMILY, awaiting_with_family

pytestmark = pytest.mark.django_db

PROFESSIONAL = {"name": "Dr Pat Fiction", "agency": "Exampletown GP", "email": "pat@gp.example.org"}


def test_letters_go_to_every_pr_holder_the_referrer_and_each_professional_consulted(people):
    contact, _ = awaiting_with_family(
        people=people, family=FOUR_RECIPIENTS_FAMILY, professionals=[PROFESSIONAL]
    )
    recipients = recipients_for_contact(contact=contact)
    assert [(r.kind, r.name) for r in recipients] == [
        (LetterKind.PARENT, "Rosa Nomail"),
        (LetterKind.PARENT, "Tom Largeprint"),
        (LetterKind.REFERRER, people.alice.full_name),
        (LetterKind.PROFESSIONAL, "Dr Pat Fiction"),
    ]


@pytest.mark.parametrize(
    ("pr", "gets_letter"),
    [
        (ParentalResponsibility.YES, True),
        (ParentalResponsibility.NO, False),
        (ParentalResponsibility.NOT_KNOWN, False),
    ],
)
def test_only_people_with_parental_responsibility_get_a_parent_letter(people, pr, gets_letter):
    contact, _ = awaiting_with_family(
        people=people, family=[{"full_name": "Sam Parent", "parental_responsibility": pr}]
    )
    names = [r.name for r in recipients_for_contact(contact=contact)]
    assert ("Sam Parent" in names) is gets_letter


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ({"email": "kim@family.example.net"}, LetterStatus.PENDING),
        ({"email": ""}, LetterStatus.TO_POST),
        ({"email": "kim@family.example.net", "address_unsafe": True}, LetterStatus.HELD),
        ({"email": "", "address_unsafe": True}, LetterStatus.HELD),
    ],
)
def test_a_letter_is_emailed_posted_or_held_by_default(
    people, queued, person, status, django_capture_on_commit_callbacks
):
    contact, decision = awaiting_with_family(people=people, family=[{"full_name": "Kim", **person}])
    with django_capture_on_commit_callbacks(execute=True):
        triage_services.decision_agree(
            manager=people.mike, decision=decision, letters_reason="Checked in this fictional test"
        )
    letter = Letter.objects.get(contact=contact, kind=LetterKind.PARENT)
    assert letter.status == status
    if status == LetterStatus.HELD:
        assert letter.held_reason == UNSAFE_ADDRESS_REASON
    assert (letter.pk in [args[0] for args in queued]) is (status == LetterStatus.PENDING)


def test_agreeing_creates_one_letter_each_and_queues_only_ids_after_commit(
    people, queued, django_capture_on_commit_callbacks
):
    contact, decision = awaiting_with_family(
        people=people, family=FOUR_RECIPIENTS_FAMILY, professionals=[PROFESSIONAL]
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        triage_services.decision_agree(
            manager=people.mike, decision=decision, letters_reason="Checked in this fictional test"
        )
    assert queued == []  # nothing is published before the transaction commits
    for callback in callbacks:
        callback()
    letters = Letter.objects.filter(contact=contact)
    assert letters.count() == 4
    emailed = sorted(letters.filter(status=LetterStatus.PENDING).values_list("pk", flat=True))
    assert sorted(args[0] for args in queued) == emailed and len(emailed) == 3
    assert all(args == [args[0]] and isinstance(args[0], int) for args in queued)


def test_creating_letters_twice_for_a_decision_makes_no_duplicates(
    people, queued, django_capture_on_commit_callbacks
):
    contact, decision = awaiting_with_family(people=people, professionals=[PROFESSIONAL])
    with django_capture_on_commit_callbacks(execute=True):
        triage_services.decision_agree(
            manager=people.mike, decision=decision, letters_reason="Checked in this fictional test"
        )
    first = sorted(letter.pk for letter in decision.letters.all())
    with django_capture_on_commit_callbacks(execute=True):
        again = services.letters_create_for_decision(decision=decision)
    assert sorted(letter.pk for letter in again) == first
    assert Letter.objects.filter(contact=contact).count() == 3
    assert len(queued) == 3  # the first call queued three; the second, nothing


def test_a_manager_holds_a_recipient_before_agreeing_and_the_letter_is_held(
    people, queued, django_capture_on_commit_callbacks
):
    contact, decision = awaiting_with_family(people=people)
    services.recipient_hold_set(
        user=people.mike,
        contact=contact,
        recipient_key=f"person:{contact.people.get().pk}",
        held=True,
        reason="Sending would place the child at risk",
    )
    with django_capture_on_commit_callbacks(execute=True):
        triage_services.decision_agree(
            manager=people.mike, decision=decision, letters_reason="Checked in this fictional test"
        )
    letter = Letter.objects.get(contact=contact, kind=LetterKind.PARENT)
    assert letter.status == LetterStatus.HELD
    assert letter.held_reason == "Sending would place the child at risk"
    assert letter.pk not in [args[0] for args in queued]


def test_a_manager_can_release_an_unsafe_address_with_a_reason(people, queued):
    contact, _ = awaiting_with_family(
        people=people, family=[{"full_name": "Lee", "email": "", "address_unsafe": True}]
    )
    key = f"person:{contact.people.get().pk}"
    services.recipient_hold_set(
        user=people.mike, contact=contact, recipient_key=key, held=False, reason="Checked: safe"
    )
    hold = RecipientHold.objects.get(contact=contact)
    assert not hold.held and hold.decided_by == people.mike


@pytest.mark.parametrize("who", ["olga", "otto", "mona", "alice"])
def test_only_a_manager_of_the_authority_may_hold_a_recipient(people, who):
    from django.core.exceptions import PermissionDenied

    contact, _ = awaiting_with_family(people=people)
    with pytest.raises(PermissionDenied):
        services.recipient_hold_set(
            user=getattr(people, who),
            contact=contact,
            recipient_key="referrer",
            held=True,
            reason="r",
        )


def test_a_hold_needs_a_reason(people):
    contact, _ = awaiting_with_family(people=people)
    with pytest.raises(services.LetterError, match="Give the reason"):
        services.recipient_hold_set(
            user=people.mike, contact=contact, recipient_key="referrer", held=True, reason="  "
        )


def test_releasing_a_held_letter_after_agreeing_queues_it_and_holding_one_to_post_stops_it(
    people, queued, django_capture_on_commit_callbacks
):
    contact, decision = awaiting_with_family(
        people=people,
        family=[
            {"full_name": "Unsafe", "email": "u@family.example.net", "address_unsafe": True},
            {"full_name": "Posted", "email": ""},
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        triage_services.decision_agree(
            manager=people.mike, decision=decision, letters_reason="Checked in this fictional test"
        )
    unsafe = Letter.objects.get(recipient_name="Unsafe")
    posted = Letter.objects.get(recipient_name="Posted")
    queued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.recipient_hold_set(
            user=people.mike,
            contact=contact,
            recipient_key=unsafe.recipient_key,
            held=False,
            reason="Address checked with the social worker",
        )
        services.recipient_hold_set(
            user=people.mike,
            contact=contact,
            recipient_key=posted.recipient_key,
            held=True,
            reason="Sending would place the child at risk",
        )
    unsafe.refresh_from_db()
    posted.refresh_from_db()
    assert unsafe.status == LetterStatus.PENDING and queued == [[unsafe.pk]]
    assert posted.status == LetterStatus.HELD


def test_the_outbox_sweep_runs_every_few_seconds_from_celery_beat(settings):
    from referral_portal.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["outbox-sweep"]
    assert entry["schedule"] <= 10
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks


def test_an_authority_whose_procedures_give_no_outcome_letters_gets_none(
    people, queued, django_capture_on_commit_callbacks
):
    """Outcome letters are a procedure of the authority (its procedure row): with none, agreeing
    writes no letter and asks the manager to confirm nothing about letters."""
    from referral_portal.procedures.models import Procedure

    Procedure.objects.filter(authority=people.home, kind="outcome_letters").update(offered=False)
    contact, decision = awaiting_with_family(
        people=people, family=FOUR_RECIPIENTS_FAMILY, professionals=[PROFESSIONAL]
    )
    assert triage_services.letters_warnings(decision=decision) == []
    with django_capture_on_commit_callbacks(execute=True):
        triage_services.decision_agree(manager=people.mike, decision=decision)
    assert not Letter.objects.filter(contact=contact).exists()
    assert queued == []


def test_professionals_are_labelled_by_when_they_were_asked(people):
    """Asked by the front door before the decision, or during the further enquiries (003's
    wording): the letters list and the letter say which."""
    from requests.letters import rendering
    from requests.letters.services import letter_build
    from requests.triage.models import ProfessionalContacted

    later = {"name": "Ann Later", "agency": "Exampletown Housing", "email": "ann@h.example.org"}
    contact, decision = awaiting_with_family(people=people, professionals=[PROFESSIONAL, later])
    ProfessionalContacted.objects.filter(contact=contact, name="Ann Later").update(
        during_enquiries=True
    )
    recipients = {r.name: r for r in recipients_for_contact(contact=contact)}
    assert recipients["Dr Pat Fiction"].kind_label == (
        "Professional asked for information before the decision"
    )
    assert recipients["Ann Later"].kind_label == (
        "Professional contacted for information during enquiries"
    )
    before = rendering.letter_html(
        letter_build(decision=decision, recipient=recipients["Dr Pat Fiction"])
    )
    during = rendering.letter_html(
        letter_build(decision=decision, recipient=recipients["Ann Later"])
    )
    assert "before deciding what to do" in before
    assert "during our enquiries" not in before
    assert "You were contacted by" in during and "during our enquiries" in during
