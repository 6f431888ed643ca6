"""The contact record: PR checks, gathering with consent or override, extensions, decisions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from referral_portal.states import MoveNotAllowed
from requests.models import ContactStatus
from requests.triage import services
from requests.triage.models import (
    ApprovalKind,
    ApprovalRequest,
    ApprovalStatus,
    DecisionStatus,
    ProfessionalContacted,
    QueueEntry,
)
from tests.triage.factories import (
    awaiting_manager,
    claimed_contact,
    consented_contact,
    received_contact,
)

GATHERING = {
    "consent_to_gather": "given",
    "consent_notes": "Mother agreed on the phone.",
    "mash": "",
    "mash_summary": "",
    "immediate_action_taken": "",
}

CONSENT_EVIDENCE = {
    "consent_given_by": "Father, Sam Example",
    "consent_given_on_0": "1",
    "consent_given_on_1": "1",
    "consent_given_on_2": "2026",
    "consent_given_time": "09:00",
    "consent_given_how": "On the phone to the duty worker",
}


def professional_form(**extra):
    return {
        "name": "Dr Ada Example",
        "agency": "Example Surgery",
        "email": "ada@surgery.example.org",
        "contacted_on_0": "23",
        "contacted_on_1": "11",
        "contacted_on_2": "2026",
        "contacted_time": "09:30",
        "asked": "Any concerns about the children?",
        "said": "Missed appointments this year.",
        **extra,
    }


def test_record_shows_what_was_submitted_and_the_timeline(people, client_for):
    contact = claimed_contact(by=people.alice, officer=people.olga, immediate_danger=True)
    child = contact.children.first()
    page = client_for(people.olga).get(reverse("triage:record", args=[contact.pk])).content
    page = page.decode()
    assert contact.reference in page
    assert f"{child.first_name} {child.last_name}" in page
    assert child.date_of_birth.strftime("%-d %B %Y") in page
    assert people.alice.full_name in page and "School A" in page
    assert "Immediate danger" in page
    assert f"Claimed ({people.olga.full_name})" in page


def test_an_officer_records_parental_responsibility_per_child_on_the_contacts_people(
    people, client_for
):
    from requests.models import DeclaredPR, Person

    contact = claimed_contact(by=people.alice, officer=people.olga, children=2)
    first, second = contact.children.all()
    sam = Person.objects.create(
        contact=contact,
        full_name="Sam Example",
        relationship="Father",
        parental_responsibility="yes",
    )
    # The referrer declared it child by child: PR for the first child, not for the second.
    DeclaredPR.objects.create(person=sam, child=first, parental_responsibility="yes")
    DeclaredPR.objects.create(person=sam, child=second, parental_responsibility="no")
    client = client_for(people.olga)
    overview = client.get(reverse("triage:pr_check", args=[contact.pk])).content.decode()
    assert "decides who is sent an outcome letter" in overview
    assert "The referrer declared" in overview and "The front door confirmed" in overview
    rows = _table_rows(overview)
    assert [f"{first.first_name} {first.last_name}", "Has PR", "Not checked yet"] in rows
    assert [
        f"{second.first_name} {second.last_name}",
        "Does not have PR",
        "Not checked yet",
    ] in rows
    url = reverse("triage:pr_person", args=[contact.pk, sam.pk])
    form = client.get(url).content.decode()
    assert "The referrer said: has pr" in form and "The referrer said: does not have pr" in form
    empty = client.post(url, {}).content.decode()
    assert f"Select whether they hold parental responsibility for {first.first_name}" in empty
    missing_how = client.post(url, {f"child_{first.pk}": "yes", f"child_{second.pk}": "no"})
    assert "Say how parental responsibility was checked" in missing_how.content.decode()
    response = client.post(
        url,
        {
            f"child_{first.pk}": "yes",
            f"child_{second.pk}": "no",
            "how_checked": "Birth certificate seen",
        },
        follow=True,
    )
    rows = _table_rows(response.content.decode())
    # The officer's confirmation beside the referrer's declaration, child by child.
    assert [f"{first.first_name} {first.last_name}", "Has PR", "Has PR"] in [r[:3] for r in rows]
    assert [f"{second.first_name} {second.last_name}", "Does not have PR", "Does not have PR"] in [
        r[:3] for r in rows
    ]
    record = client.get(reverse("triage:record", args=[contact.pk])).content.decode()
    assert "Parental responsibility check recorded" in record
    assert "has pr (confirmed by the front door; the referrer said: has pr)" in record
    assert (
        f"Parental responsibility for {second.first_name} {second.last_name}: does not have pr"
        not in record
    )
    assert f"Parental responsibility for {second.first_name} {second.last_name}: no" in record


def _table_rows(html: str) -> list[list[str]]:
    """Each table row's cells as text (the first line of each)."""
    import re

    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        rows.append([re.sub(r"<[^>]+>", " ", c.split("<br>")[0]).strip() for c in cells])
    return rows


def test_an_officer_adds_a_person_the_referrer_did_not_name(people, client_for):
    contact = claimed_contact(by=people.alice, officer=people.olga)
    client = client_for(people.olga)
    url = reverse("triage:pr_person_add", args=[contact.pk])
    empty = client.post(url, {}).content.decode()
    assert "Enter their full name" in empty
    response = client.post(
        url,
        {
            "full_name": "Jane\r\nGrand",
            "relationship": "Grandmother",
            "address": "1 Fictional Close\nExampletown\nEX9 9ZZ",
            "needs_large_print": "on",
        },
    )
    person = contact.people.get()
    assert person.full_name == "Jane Grand"  # one line, whatever was typed
    assert person.added_by == people.olga and person.needs_large_print
    assert response.url == reverse("triage:pr_person", args=[contact.pk, person.pk])


def test_nothing_can_be_recorded_on_a_contact_the_officer_does_not_hold(people, client_for, oscar):
    from requests.models import Person

    contact = claimed_contact(by=people.alice, officer=people.olga)
    child = contact.children.get()
    sam = Person.objects.create(
        contact=contact,
        full_name="Sam Example",
        relationship="Father",
        parental_responsibility="yes",
    )
    response = client_for(oscar).post(
        reverse("triage:pr_person", args=[contact.pk, sam.pk]),
        {f"child_{child.pk}": "yes", "how_checked": "Seen"},
    )
    assert "Claim this contact before you record anything on it" in response.content.decode()


def test_professionals_cannot_be_contacted_before_consent_is_recorded(people, client_for):
    contact = claimed_contact(by=people.alice, officer=people.olga)
    response = client_for(people.olga).post(
        reverse("triage:professional", args=[contact.pk]), professional_form()
    )
    assert "Information cannot be gathered yet" in response.content.decode()
    assert 'value="Dr Ada Example"' in response.content.decode()
    assert not ProfessionalContacted.objects.exists()


def test_with_consent_a_professional_contacted_is_recorded_with_their_email(people, client_for):
    contact = consented_contact(by=people.alice, officer=people.olga)
    response = client_for(people.olga).post(
        reverse("triage:professional", args=[contact.pk]), professional_form(), follow=True
    )
    assert "Dr Ada Example, Example Surgery" in response.content.decode()
    saved = ProfessionalContacted.objects.get()
    assert saved.email == "ada@surgery.example.org"
    assert timezone.localtime(saved.contacted_at).strftime("%H:%M") == "09:30"


def test_a_professional_without_email_needs_a_full_postal_address(people, client_for):
    """Issue 17 point 5: they are sent the outcome letter, so it must be able to reach them."""
    contact = consented_contact(by=people.alice, officer=people.olga)
    client = client_for(people.olga)
    url = reverse("triage:professional", args=[contact.pk])
    page = client.post(url, professional_form(email="", address="Example Surgery")).content.decode()
    assert "Enter their full postal address, with the building and street" in page
    assert not ProfessionalContacted.objects.exists()
    response = client.post(
        url, professional_form(email="", address="Example Surgery\nExampletown\nEX5 5EE")
    )
    assert response.status_code == 302
    assert ProfessionalContacted.objects.get().address.startswith("Example Surgery")


def test_a_bad_time_is_an_error_next_to_the_field(people, client_for):
    contact = consented_contact(by=people.alice, officer=people.olga)
    response = client_for(people.olga).post(
        reverse("triage:professional", args=[contact.pk]), professional_form(contacted_time="25:99")
    )
    assert "Enter a real time, like 14:30" in response.content.decode()


@pytest.mark.parametrize("consent", ["refused", "not_sought"])
def test_an_approved_override_lets_information_be_gathered_without_consent(
    people, client_for, consent
):
    contact = consented_contact(by=people.alice, officer=people.olga, consent=consent)
    officer, manager = client_for(people.olga), client_for(people.mike)
    officer.post(
        reverse("triage:override", args=[contact.pk]),
        {"reason": "Children seen with injuries; the family cannot be told yet."},
    )
    approval = ApprovalRequest.objects.get(kind=ApprovalKind.CONSENT_OVERRIDE)
    assert "override asked by" in manager.get(reverse("triage:approvals")).content.decode()
    manager.post(reverse("triage:approval_decide", args=[approval.pk]), {"answer": "approve"})
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.APPROVED
    officer.post(reverse("triage:professional", args=[contact.pk]), professional_form())
    assert ProfessionalContacted.objects.filter(contact=contact).count() == 1


def test_a_declined_override_needs_a_reason_and_gathering_stays_closed(people, client_for):
    contact = consented_contact(by=people.alice, officer=people.olga, consent="refused")
    approval = services.approval_request_create(
        user=people.olga, contact=contact, kind=ApprovalKind.CONSENT_OVERRIDE, reason="Worried"
    )
    manager = client_for(people.mike)
    url = reverse("triage:approval_decide", args=[approval.pk])
    no_reason = manager.post(url, {"answer": "decline"})
    assert "Say why the request is declined" in no_reason.content.decode()
    manager.post(url, {"answer": "decline", "comment": "Ask the family again first"})
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.DECLINED
    with pytest.raises(services.TriageError):
        services.professional_contacted_add(
            user=people.olga,
            contact=contact,
            name="A",
            agency="B",
            email="",
            contacted_at=timezone.now(),
            asked="?",
            said="",
        )


def test_an_override_is_not_asked_for_where_consent_was_given(people, client_for):
    contact = consented_contact(by=people.alice, officer=people.olga)
    response = client_for(people.olga).post(
        reverse("triage:override", args=[contact.pk]), {"reason": "Just in case"}
    )
    assert "An override is needed only where consent was refused or not sought" in (
        response.content.decode()
    )


def test_an_approved_extension_moves_the_deadline_and_the_queue_order(people, client_for):
    contact = claimed_contact(by=people.alice, officer=people.olga)
    other = received_contact(by=people.bob, received_at=timezone.now() + dt.timedelta(hours=2))
    new_due = timezone.localtime() + dt.timedelta(days=3)
    response = client_for(people.olga).post(
        reverse("triage:extension", args=[contact.pk]),
        {
            "extension_reason": "mash",
            "reason": "Waiting for health and police checks.",
            "new_due_on_0": new_due.day,
            "new_due_on_1": new_due.month,
            "new_due_on_2": new_due.year,
            "new_due_time": "17:00",
        },
        follow=True,
    )
    assert "Extension request sent to the duty managers" in response.content.decode()
    approval = ApprovalRequest.objects.get(kind=ApprovalKind.EXTENSION)
    client_for(people.mike).post(
        reverse("triage:approval_decide", args=[approval.pk]), {"answer": "approve"}
    )
    contact.refresh_from_db()
    assert contact.triage.state == "extended"
    assert timezone.localtime(contact.triage.extended_due_at).strftime("%H:%M") == "17:00"
    order = list(QueueEntry.objects.order_by("-urgent", "due_at").values_list("contact", flat=True))
    assert order == [other.pk, contact.pk]


def test_an_extension_must_be_later_than_the_current_deadline(people):
    contact = claimed_contact(by=people.alice, officer=people.olga)
    with pytest.raises(services.TriageError, match="later than the current one"):
        services.approval_request_create(
            user=people.olga,
            contact=contact,
            kind=ApprovalKind.EXTENSION,
            reason="More time",
            extension_reason="investigation",
            new_due_at=timezone.now() + dt.timedelta(hours=1),
        )


def test_a_declined_extension_keeps_the_24_hour_deadline(people):
    contact = claimed_contact(by=people.alice, officer=people.olga)
    before = QueueEntry.objects.get(contact=contact).due_at
    approval = services.approval_request_create(
        user=people.olga,
        contact=contact,
        kind=ApprovalKind.EXTENSION,
        reason="More time",
        extension_reason="investigation",
        new_due_at=timezone.now() + dt.timedelta(days=2),
    )
    services.approval_decide(manager=people.mike, approval=approval, approve=False, comment="No")
    assert QueueEntry.objects.get(contact=contact).due_at == before
    contact.triage.refresh_from_db()
    assert contact.triage.state == "in_triage"


def test_a_decision_waits_for_a_manager_who_agrees_it(people, client_for):
    from requests.triage.wording import FAMILY, REFERRER

    contact = claimed_contact(by=people.alice, officer=people.olga)
    officer = client_for(people.olga)
    url = reverse("triage:decision", args=[contact.pk])
    blank = officer.get(url, {"step": "outcome"})
    assert "Select the outcome" in blank.content.decode()
    # Step 2 starts from the outcome's standard wording (003), for the officer to edit.
    step_two = officer.get(url, {"step": "outcome", "outcome": "s47"}).content.decode()
    assert FAMILY["s47"] in step_two and REFERRER["s47"] in step_two
    assert "never printed in any letter" in step_two
    officer.post(
        url,
        {
            "outcome": "s47",
            "rationale": "Injuries unexplained.",
            "family_text": "A social worker will visit you today.",
            "referrer_text": "Child Protection enquiries will be undertaken.",
            "immediate_action_taken": "Police informed.",
        },
    )
    contact.refresh_from_db()
    assert contact.status == ContactStatus.AWAITING_MANAGER
    decision = contact.decisions.get()
    assert decision.family_text == "A social worker will visit you today."
    manager = client_for(people.mike)
    assert contact.reference in manager.get(reverse("triage:approvals")).content.decode()
    review = reverse("triage:decision_review", args=[decision.pk])
    shown = manager.get(review).content.decode()
    # Nobody is named with PR: the manager is told, and must give a reason to agree.
    assert "Nobody is confirmed to hold parental responsibility" in shown
    refused = manager.post(review, {"answer": "agree"}).content.decode()
    assert "Give your reason for agreeing although the letters will not reach everyone" in refused
    response = manager.post(
        review,
        {"answer": "agree", "letters_reason": "The family is not known; police are involved."},
        follow=True,
    )
    page = response.content.decode()
    assert decision.get_outcome_display() in page and "Agreed by" in page
    assert "The family is not known; police are involved." in page
    contact.refresh_from_db()
    assert contact.status == ContactStatus.DECIDED
    assert not QueueEntry.objects.filter(contact=contact).exists()


def test_a_manager_returns_a_decision_with_a_comment_and_the_officer_decides_again(
    people, client_for
):
    contact, decision = awaiting_manager(by=people.alice, officer=people.olga)
    manager = client_for(people.mike)
    url = reverse("triage:decision_review", args=[decision.pk])
    assert "Say what needs to change" in manager.post(url, {"answer": "return"}).content.decode()
    manager.post(url, {"answer": "return", "comment": "Check with the school first."})
    decision.refresh_from_db()
    contact.refresh_from_db()
    assert decision.status == DecisionStatus.RETURNED
    assert contact.status == ContactStatus.RETURNED
    page = client_for(people.olga).get(reverse("triage:record", args=[contact.pk])).content
    assert "Check with the school first." in page.decode()
    services.decision_propose(
        user=people.olga, contact=contact, outcome="advice", rationale="r", next_steps="n"
    )
    contact.refresh_from_db()
    assert contact.status == ContactStatus.AWAITING_MANAGER


def test_early_help_is_an_outcome_only_where_the_authority_has_an_early_help_route(
    people, client_for
):
    """Issue 17 point 6: "early help" is not one of 003's outcomes; it is offered only where the
    authority's own Early Help route is in the portal."""
    from referral_portal.procedures.models import Kind, Procedure

    contact = claimed_contact(by=people.alice, officer=people.olga)
    client = client_for(people.olga)
    url = reverse("triage:decision", args=[contact.pk])
    page = client.get(url).content.decode()
    assert "Single Assessment" in page and 'value="early_help"' not in page
    assert 'value="early_help"' not in client.get(url, {"outcome": "early_help"}).content.decode()
    with pytest.raises(services.TriageError, match="no Early Help route"):
        services.decision_propose(
            user=people.olga, contact=contact, outcome="early_help", rationale="r"
        )
    Procedure.objects.create(
        authority=people.home,
        kind=Kind.EARLY_HELP,
        offered=True,
        summary="Early Help in Homeshire",
        source_title="Homeshire Early Help guidance",
    )
    assert 'value="early_help"' in client.get(url).content.decode()
    services.decision_propose(
        user=people.olga, contact=contact, outcome="early_help", rationale="r"
    )


def test_a_manager_cannot_agree_their_own_decision(people):
    contact = received_contact(by=people.alice)
    services.contact_claim(user=people.mike, contact=contact)
    decision = services.decision_propose(
        user=people.mike, contact=contact, outcome="nfa", rationale="r", next_steps="n"
    )
    with pytest.raises(services.TriageError, match="Another duty manager"):
        services.decision_agree(
            manager=people.mike,
            decision=decision,
            letters_reason="No family named in this fictional test",
        )


def test_a_second_decision_while_one_awaits_a_manager_is_refused_with_a_message(people, client_for):
    contact, _ = awaiting_manager(by=people.alice, officer=people.olga)
    response = client_for(people.olga).post(
        reverse("triage:decision", args=[contact.pk]),
        {"outcome": "nfa", "rationale": "r", "family_text": "f", "referrer_text": "t"},
    )
    assert "You cannot propose a decision for a contact that is" in response.content.decode()
    assert contact.decisions.count() == 1


def test_an_officer_cannot_agree_a_decision(people, client_for, oscar):
    contact, decision = awaiting_manager(by=people.alice, officer=people.olga)
    response = client_for(oscar).post(
        reverse("triage:decision_review", args=[decision.pk]), {"answer": "agree"}
    )
    assert response.status_code == 403


def test_agreeing_twice_is_refused(people):
    contact, decision = awaiting_manager(by=people.alice, officer=people.olga)
    services.decision_agree(
        manager=people.mike,
        decision=decision,
        letters_reason="No family named in this fictional test",
    )
    with pytest.raises(services.TriageError, match="already been agreed"):
        services.decision_agree(
            manager=people.mike,
            decision=decision,
            letters_reason="No family named in this fictional test",
        )


def test_a_stale_save_is_refused_and_shows_what_changed(people, client_for):
    contact = claimed_contact(by=people.alice, officer=people.olga)
    officer, manager = client_for(people.olga), client_for(people.mike)
    url = reverse("triage:gathering", args=[contact.pk])
    version = officer.get(url).context["form"].initial["version"]
    manager.post(url, {**GATHERING, "version": version, "consent_to_gather": "refused"})
    response = officer.post(
        url, {**GATHERING, "version": version, "consent_notes": "Father agreed."}
    )
    page = response.content.decode()
    assert "Someone else saved this record while you were editing it" in page
    assert "Saved now: Refused" in page and "Yours: Given" in page
    assert "Father agreed." in page  # what was typed is kept
    contact.triage.refresh_from_db()
    assert contact.triage.consent_to_gather == "refused"
    # Refused is now on the record: given again needs who, when and how (issue 18).
    again = officer.post(
        url,
        {
            **GATHERING,
            **CONSENT_EVIDENCE,
            "version": response.context["form"].data["version"],
            "consent_notes": "x",
        },
    )
    assert again.status_code == 302
    contact.triage.refresh_from_db()
    assert contact.triage.consent_to_gather == "given"


def test_mash_started_and_concluded_are_timed(people):
    contact = consented_contact(by=people.alice, officer=people.olga)
    for mash in ("started", "concluded"):
        contact.triage.refresh_from_db()
        services.triage_update(
            user=people.olga,
            contact=contact,
            version=contact.triage.version,
            **{**GATHERING, "mash": mash, "mash_summary": "Health and police checked"},
            immediate_action_needed=False,
        )
    contact.triage.refresh_from_db()
    assert contact.triage.mash_started_at <= contact.triage.mash_concluded_at


def test_withdrawing_needs_a_manager_and_closes_the_contact(people):
    contact = claimed_contact(by=people.alice, officer=people.olga)
    with pytest.raises(Exception, match="duty manager"):
        services.contact_withdraw(user=people.olga, contact=contact, reason="Duplicate")
    services.contact_withdraw(user=people.mike, contact=contact, reason="Duplicate")
    with pytest.raises(MoveNotAllowed):
        services.contact_withdraw(user=people.mike, contact=contact, reason="Again")
