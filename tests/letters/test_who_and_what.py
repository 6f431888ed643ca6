"""Issue 17 rule by rule: PR per child from the front door's confirmation, holds by default,
deliverability, the referrer's verified email, one-line names, what a manager must confirm."""

from __future__ import annotations

import pytest

from requests.letters import selectors, services
from requests.letters.models import Letter, LetterKind, LetterStatus
from requests.letters.recipients import (
    ALLEGED_HARM_REASON,
    NO_ADDRESS_REASON,
    S47_REASON,
    recipients_for_contact,
)
from requests.triage import services as triage_services
from requests.triage.models import Outcome
from tests.letters.factories import PersonFactory, awaiting_with_family, confirm

pytestmark = pytest.mark.django_db


def _parents(contact, outcome=None):
    return {
        r.name: r
        for r in recipients_for_contact(contact=contact, outcome=outcome)
        if r.kind == LetterKind.PARENT
    }


def test_a_referrers_pr_sends_no_letter_until_the_front_door_confirms_it(people):
    contact, decision = awaiting_with_family(people=people, confirm_pr=False)
    assert _parents(contact) == {}
    warnings = selectors.agreement_warnings(contact=contact, decision=decision)
    assert any("has not checked whether Jane Fictional" in w for w in warnings)
    with pytest.raises(triage_services.LettersNeedConfirmation):
        triage_services.decision_agree(manager=people.mike, decision=decision)
    # The manager returns it; the officer confirms PR and proposes again.
    triage_services.decision_return(manager=people.mike, decision=decision, comment="Check PR")
    confirm(people=people, contact=contact, person=contact.people.get(), holds="yes")
    assert list(_parents(contact)) == ["Jane Fictional"]
    again = triage_services.decision_propose(
        user=people.olga, contact=contact, outcome=Outcome.NO_FURTHER_ACTION, rationale="r"
    )
    assert selectors.agreement_warnings(contact=contact, decision=again) == []
    triage_services.decision_agree(manager=people.mike, decision=again)  # no reason needed
    assert Letter.objects.filter(contact=contact, kind=LetterKind.PARENT).count() == 1


def test_a_not_known_answer_is_told_to_the_manager_who_confirms_with_a_reason(people):
    contact, decision = awaiting_with_family(
        people=people,
        family=[{"full_name": "Not Known", "parental_responsibility": "not_known"}],
    )
    assert _parents(contact) == {}
    warnings = selectors.agreement_warnings(contact=contact, decision=decision)
    assert any(
        "Parental responsibility of Not Known" in w and "is not known" in w for w in warnings
    )
    assert any("Nobody is confirmed to hold parental responsibility" in w for w in warnings)
    triage_services.decision_agree(
        manager=people.mike, decision=decision, letters_reason="Father's PR is being checked."
    )
    decision.refresh_from_db()
    assert decision.letters_confirmation == "Father's PR is being checked."
    assert not Letter.objects.filter(contact=contact, kind=LetterKind.PARENT).exists()


def test_each_letter_names_only_its_readers_children_and_the_newest_answer_wins(people):
    from tests.factories import ChildFactory
    from tests.triage.factories import claimed_contact

    contact = claimed_contact(by=people.alice, officer=people.olga)
    first = contact.children.get()
    ChildFactory(contact=contact, first_name="Second", last_name="Child")
    jane = PersonFactory(contact=contact, full_name="Jane Fictional")
    confirm(people=people, contact=contact, person=jane, holds="yes")
    confirm(people=people, contact=contact, person=jane, holds="no", children=[first])
    [recipient] = _parents(contact).values()
    assert recipient.children == ("Second Child",)


@pytest.mark.parametrize(
    ("contact_fields", "outcome", "person_fields", "reason"),
    [
        (
            {"consent": "not_sought", "consent_not_sought_reason": "significant_harm"},
            Outcome.SINGLE_ASSESSMENT,
            {},
            "would place the child at risk of significant harm",
        ),
        (
            {"consent": "not_sought", "consent_not_sought_reason": "loss_of_evidence"},
            Outcome.SINGLE_ASSESSMENT,
            {},
            "could lead to the loss of evidential material",
        ),
        ({}, Outcome.CHILD_PROTECTION, {}, S47_REASON),
        ({}, Outcome.SINGLE_ASSESSMENT, {"alleged_source_of_harm": True}, ALLEGED_HARM_REASON),
    ],
)
def test_pr_letters_are_held_by_default_where_sending_could_harm(
    people, contact_fields, outcome, person_fields, reason
):
    contact, _ = awaiting_with_family(people=people, outcome=outcome)
    for name, value in contact_fields.items():
        setattr(contact, name, value)
    contact.save()
    PersonFactory(
        contact=contact, full_name="Other Adult", parental_responsibility="no", **person_fields
    )
    [jane] = _parents(contact, outcome).values()
    assert reason in jane.default_hold_reason
    referrer = next(r for r in recipients_for_contact(contact=contact) if r.key == "referrer")
    assert referrer.default_hold_reason == ""  # the referrer's copy is not held


def test_consent_not_sought_for_another_reason_holds_nothing(people):
    contact, _ = awaiting_with_family(people=people)
    contact.consent = "given"
    contact.save()
    [jane] = _parents(contact).values()
    assert jane.default_hold_reason == ""


def test_a_letter_with_nowhere_to_go_is_held_never_put_on_the_post_list(
    people, queued, django_capture_on_commit_callbacks
):
    contact, decision = awaiting_with_family(
        people=people, family=[{"full_name": "No Where", "email": "", "address": ""}]
    )
    warnings = selectors.agreement_warnings(contact=contact, decision=decision)
    assert any("cannot be delivered" in w for w in warnings)
    key = f"person:{contact.people.get().pk}"
    with pytest.raises(services.LetterError, match="no email or postal address"):
        services.recipient_hold_set(
            user=people.mike, contact=contact, recipient_key=key, held=False, reason="Send it"
        )
    with django_capture_on_commit_callbacks(execute=True):
        triage_services.decision_agree(
            manager=people.mike, decision=decision, letters_reason="Address being found"
        )
    letter = Letter.objects.get(contact=contact, kind=LetterKind.PARENT)
    assert letter.status == LetterStatus.HELD and letter.held_reason == NO_ADDRESS_REASON
    assert not selectors.letters_to_post(user=people.olga).exists()
    # Once an address is known, the manager releases it and it goes on the post list there.
    contact.people.update(address="9 Found Street\nExampletown\nEX9 9FF")
    services.recipient_hold_set(
        user=people.mike, contact=contact, recipient_key=key, held=False, reason="Address found"
    )
    letter.refresh_from_db()
    assert letter.status == LetterStatus.TO_POST
    assert letter.recipient_address.startswith("9 Found Street")


def test_a_professional_needs_an_email_or_a_postal_address(people):
    from django.utils import timezone

    from tests.triage.factories import consented_contact

    contact = consented_contact(by=people.alice, officer=people.olga)
    fields = {
        "user": people.olga,
        "contact": contact,
        "name": "Hannah Visitor",
        "agency": "Health Visiting",
        "contacted_at": timezone.now(),
        "asked": "Known?",
        "said": "",
    }
    with pytest.raises(triage_services.TriageError, match="email address or their full postal"):
        triage_services.professional_contacted_add(email="", address="", **fields)
    # One line is not an address a letter can reach.
    with pytest.raises(triage_services.TriageError, match="full postal address, with the"):
        triage_services.professional_contacted_add(email="", address="Health Centre", **fields)
    triage_services.professional_contacted_add(
        email="", address="Health Centre\nExampletown\nEX5 5EE", **fields
    )
    [recipient] = [r for r in recipients_for_contact(contact=contact) if r.key != "referrer"]
    assert recipient.address.startswith("Health Centre") and recipient.deliverable


def test_the_referrers_copy_goes_to_their_verified_account_email(people):
    contact, _ = awaiting_with_family(people=people)
    contact.referrer_email = "typed-by-hand@elsewhere.example.com"
    contact.save()
    referrer = next(r for r in recipients_for_contact(contact=contact) if r.key == "referrer")
    assert referrer.email == people.alice.email


def test_names_are_one_line_in_letters(people):
    contact, decision = awaiting_with_family(
        people=people, family=[{"full_name": "Jane\r\nInjected\nName"}]
    )
    [recipient] = _parents(contact).values()
    letter = services.letter_build(decision=decision, recipient=recipient)
    assert letter.recipient_name == "Jane Injected Name"


def test_the_decision_form_asks_for_easy_read_text_when_someone_needs_it(people, client_for):
    from django.urls import reverse

    from tests.triage.factories import claimed_contact

    contact = claimed_contact(by=people.alice, officer=people.olga)
    PersonFactory(contact=contact, full_name="Easy Reader", needs_easy_read=True)
    url = reverse("triage:decision", args=[contact.pk])
    client = client_for(people.olga)
    page = client.get(url, {"outcome": "nfa"}).content.decode()
    assert "What we tell the family, in EasyRead" in page
    refused = client.post(
        url,
        {"outcome": "nfa", "rationale": "r", "family_text": "f", "referrer_text": "t"},
    ).content.decode()
    assert "Enter what we tell the family in EasyRead" in refused
