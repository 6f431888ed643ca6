"""The front door's controls hold (issue 18): consent after a refusal, extensions only before
the deadline, immediate action recorded before a decision. Through the pages (and the API)."""

from __future__ import annotations

import datetime as dt
import html

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from requests.dashboard.models import ContactFigure
from requests.dashboard.services import contact_figure_refresh
from requests.triage import services
from requests.triage.models import (
    ApprovalKind,
    ApprovalRequest,
    ApprovalStatus,
    Decision,
    ExtensionReason,
    Triage,
)
from tests.factories import api_key_for
from tests.triage.factories import claimed_contact, consented_contact

pytestmark = pytest.mark.django_db

GATHERING = {
    "consent_notes": "",
    "mash": "",
    "mash_summary": "",
    "immediate_action_taken": "",
}
EVIDENCE = {
    "consent_given_by": "Mother, Jo Example",
    "consent_given_on_0": "1",
    "consent_given_on_1": "1",
    "consent_given_on_2": "2026",
    "consent_given_time": "09:00",
    "consent_given_how": "On the phone to the duty worker",
}
DECISION = {
    "outcome": "advice",
    "rationale": "Worries are about housing.",
    "family_text": "You might be offered advice.",
    "referrer_text": "The family might be offered advice.",
    "immediate_action_taken": "",
}


def text(response) -> str:
    return html.unescape(response.content.decode())


def gathering(client, contact, **answers):
    url = reverse("triage:gathering", args=[contact.pk])
    version = Triage.objects.get(contact=contact).version
    return client.post(url, {**GATHERING, "version": version, **answers})


# --- consent to gather ---------------------------------------------------------------------


def test_the_referrers_refusal_is_shown_and_prefills_the_officers_answer(people, client_for):
    contact = claimed_contact(
        by=people.alice,
        officer=people.olga,
        consent="refused",
        consent_refused_details="Mother said she did not want social services involved.",
    )
    officer = client_for(people.olga)
    page = officer.get(reverse("triage:gathering", args=[contact.pk]))
    shown = text(page)
    assert "What the referrer told us about consent" in shown
    assert "The parents refused consent" in shown
    assert "Mother said she did not want social services involved." in shown
    assert page.context["form"].initial["consent_to_gather"] == "refused"
    record = text(officer.get(reverse("triage:record", args=[contact.pk])))
    assert "Referrer's consent answer" in record and "The parents refused consent" in record
    assert "Cannot start yet" in record
    assert "Add a professional contacted" not in record


def test_given_after_the_referrers_refusal_without_who_when_how_is_refused(people, client_for):
    contact = claimed_contact(by=people.alice, officer=people.olga, consent="refused")
    officer = client_for(people.olga)
    response = gathering(officer, contact, consent_to_gather="given")
    page = text(response)
    assert response.status_code == 200
    assert "Consent was refused or not sought before: enter who gave consent" in page
    assert 'href="#id_consent_given_by"' in page  # the error summary links to the field
    assert Triage.objects.get(contact=contact).consent_to_gather == ""
    closed = officer.get(reverse("triage:professional", args=[contact.pk]))
    assert "Information cannot be gathered yet" in text(closed)
    assert 'name="asked"' not in text(closed)  # said before anything is typed


def test_given_after_a_refusal_without_how_names_the_missing_part(people, client_for):
    contact = consented_contact(by=people.alice, officer=people.olga, consent="refused")
    response = gathering(
        client_for(people.olga),
        contact,
        consent_to_gather="given",
        **{**EVIDENCE, "consent_given_how": ""},
    )
    assert "Enter how consent was given" in text(response)
    assert Triage.objects.get(contact=contact).consent_to_gather == "refused"


def test_given_after_a_refusal_with_evidence_is_flagged_and_a_manager_may_reverse_it(
    people, client_for
):
    contact = consented_contact(by=people.alice, officer=people.olga, consent="refused")
    officer, manager = client_for(people.olga), client_for(people.mike)
    response = gathering(officer, contact, consent_to_gather="given", **EVIDENCE)
    assert response.status_code == 302
    record = text(officer.get(reverse("triage:record", args=[contact.pk])))
    assert "Given by Mother, Jo Example, 1 January 2026, 9am, On the phone to the duty worker" in (
        record
    )
    assert "Add a professional contacted" in record  # gathering may go on meanwhile

    queue = text(manager.get(reverse("triage:approvals")))
    assert f"{contact.reference}: consent recorded as given by" in queue
    flag = ApprovalRequest.objects.get(contact=contact, kind=ApprovalKind.CONSENT_CHANGE)
    answer_url = reverse("triage:approval_decide", args=[flag.pk])
    page = text(manager.get(answer_url))
    assert "Consent was refused before. Recorded as given by Mother, Jo Example" in page
    assert "No, put back the earlier answer" in page

    reversed_ = manager.post(answer_url, {"answer": "decline", "comment": "No real agreement."})
    assert reversed_.status_code == 302
    triage = Triage.objects.get(contact=contact)
    assert triage.consent_to_gather == "refused" and triage.consent_given_by == ""
    assert "Information cannot be gathered yet" in text(
        officer.get(reverse("triage:professional", args=[contact.pk]))
    )
    with pytest.raises(services.TriageError):
        services.professional_contacted_add(
            user=people.olga,
            contact=contact,
            name="Dr Ada Example",
            agency="Example Surgery",
            email="",
            contacted_at=timezone.now(),
            asked="Any worries?",
            said="",
        )


def test_a_manager_confirms_a_consent_change_and_it_leaves_the_queue(people, client_for):
    contact = consented_contact(by=people.alice, officer=people.olga, consent="not_sought")
    gathering(client_for(people.olga), contact, consent_to_gather="given", **EVIDENCE)
    flag = ApprovalRequest.objects.get(contact=contact, kind=ApprovalKind.CONSENT_CHANGE)
    manager = client_for(people.mike)
    manager.post(reverse("triage:approval_decide", args=[flag.pk]), {"answer": "approve"})
    flag.refresh_from_db()
    assert flag.status == ApprovalStatus.APPROVED
    assert Triage.objects.get(contact=contact).consent_to_gather == "given"
    assert "No consent changes are waiting." in text(manager.get(reverse("triage:approvals")))


def test_first_consent_given_where_nobody_refused_needs_no_evidence(people, client_for):
    contact = claimed_contact(by=people.alice, officer=people.olga, consent="given")
    assert gathering(client_for(people.olga), contact, consent_to_gather="given").status_code == 302
    assert not ApprovalRequest.objects.filter(kind=ApprovalKind.CONSENT_CHANGE).exists()


# --- extensions ----------------------------------------------------------------------------


def extension_form(new_due: dt.datetime) -> dict[str, str]:
    local = timezone.localtime(new_due)
    return {
        "extension_reason": ExtensionReason.MASH,
        "reason": "Waiting for the health visitor.",
        "new_due_on_0": str(local.day),
        "new_due_on_1": str(local.month),
        "new_due_on_2": str(local.year),
        "new_due_time": local.strftime("%H:%M"),
    }


def test_an_overdue_contact_cannot_be_extended_and_the_page_says_by_how_much(people, client_for):
    received = timezone.now() - dt.timedelta(hours=27, minutes=5)
    contact = claimed_contact(by=people.alice, officer=people.olga, received_at=received)
    officer = client_for(people.olga)
    url = reverse("triage:extension", args=[contact.pk])
    assert "is overdue by 3 h 05 min" in text(officer.get(url))
    response = officer.post(url, extension_form(timezone.now() + dt.timedelta(hours=4)))
    assert "An extension can only be asked for before the deadline passes" in text(response)
    assert not ApprovalRequest.objects.filter(kind=ApprovalKind.EXTENSION).exists()
    record = text(officer.get(reverse("triage:record", args=[contact.pk])))
    assert "(overdue by 3 h 05 min)" in record
    assert "Ask for more time" not in record


def test_an_extension_asked_in_time_cannot_be_approved_once_the_deadline_has_passed(
    people, client_for
):
    start = timezone.now() - dt.timedelta(hours=30)
    with time_machine.travel(start, tick=False):
        contact = claimed_contact(by=people.alice, officer=people.olga, received_at=start)
    with time_machine.travel(start + dt.timedelta(hours=23), tick=False):
        asked = services.approval_request_create(
            user=people.olga,
            contact=contact,
            kind=ApprovalKind.EXTENSION,
            reason="Waiting for the health visitor.",
            extension_reason=ExtensionReason.FURTHER_INVESTIGATION,
            new_due_at=timezone.now() + dt.timedelta(hours=12),
        )
    manager = client_for(people.mike)
    url = reverse("triage:approval_decide", args=[asked.pk])
    page = text(manager.get(url))
    assert "(overdue by 6 h 00 min): an extension can no longer be approved" in page
    response = manager.post(url, {"answer": "approve"})
    assert "An extension can only be approved before the deadline it extends" in text(response)
    assert 'href="#id_answer_0"' in text(response)  # beside the answer
    asked.refresh_from_db()
    assert asked.status == ApprovalStatus.PENDING
    assert Triage.objects.get(contact=contact).extended_due_at is None


def _decide(contact, people) -> None:
    decision = services.decision_propose(user=people.olga, contact=contact, **DECISION)
    services.decision_agree(
        manager=people.mike, decision=decision, letters_reason="No family named in this test"
    )


def test_only_an_extension_approved_before_the_deadline_counts_on_the_dashboard(people, client_for):
    start = timezone.now() - dt.timedelta(hours=30)
    with time_machine.travel(start, tick=False):
        in_time = claimed_contact(by=people.alice, officer=people.olga, received_at=start)
        too_late = claimed_contact(by=people.alice, officer=people.olga, received_at=start)
    with time_machine.travel(start + dt.timedelta(hours=20), tick=False):
        asked = services.approval_request_create(
            user=people.olga,
            contact=in_time,
            kind=ApprovalKind.EXTENSION,
            reason="MASH enquiries.",
            extension_reason=ExtensionReason.MASH,
            new_due_at=start + dt.timedelta(hours=40),
        )
        services.approval_decide(manager=people.mike, approval=asked, approve=True)
    triage = Triage.objects.get(contact=in_time)
    assert triage.extension_approved_at == start + dt.timedelta(hours=20)
    assert triage.extended_from == start + dt.timedelta(hours=24)
    # An older record, approved after the time ran out (before the rule): kept, not counted.
    Triage.objects.filter(contact=too_late).update(
        extended_due_at=start + dt.timedelta(hours=40),
        extension_approved_at=start + dt.timedelta(hours=29),
        extended_from=start + dt.timedelta(hours=24),
    )
    _decide(in_time, people)
    _decide(too_late, people)
    contact_figure_refresh(contact_id=too_late.pk)
    assert ContactFigure.objects.get(contact=in_time).extended_due_at is not None
    assert ContactFigure.objects.get(contact=too_late).extended_due_at is None
    page = text(client_for(people.mike).get(reverse("dashboard:index"), {"period": "7"}))
    assert 'data-figure="within_extension">1 (50.0%)' in page
    assert 'data-figure="late">1 (50.0%)' in page


# --- immediate action ----------------------------------------------------------------------


def test_a_decision_on_an_immediate_danger_contact_waits_for_the_action_taken(people, client_for):
    contact = claimed_contact(by=people.alice, officer=people.olga, immediate_danger=True)
    officer = client_for(people.olga)
    url = reverse("triage:decision", args=[contact.pk])
    assert "This contact needs immediate action" in text(officer.get(url))
    refused = officer.post(url, DECISION)
    assert "record what was done, by whom and when" in text(refused)
    assert not Decision.objects.filter(contact=contact).exists()

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(people.olga)}")
    by_api = api.post(reverse("triage-api-decision", args=[contact.pk]), DECISION, format="json")
    assert by_api.status_code == 400
    assert "record what was done, by whom and when" in by_api.json()["error"]

    # What alone is not enough: by whom and when too.
    partly = gathering(
        officer, contact, consent_to_gather="given", immediate_action_taken="Police visit."
    )
    assert partly.status_code == 302
    assert "record what was done" in text(officer.post(url, DECISION))

    gathering(
        officer,
        contact,
        consent_to_gather="given",
        immediate_action_taken="Police asked to visit today.",
        immediate_action_by="Olga Officer",
        immediate_action_on_0="1",
        immediate_action_on_1="1",
        immediate_action_on_2="2026",
        immediate_action_time="08:30",
    )
    assert officer.post(url, DECISION).status_code == 302
    proposed = Decision.objects.get(contact=contact)
    review = text(
        client_for(people.mike).get(reverse("triage:decision_review", args=[proposed.pk]))
    )
    assert "Immediate danger (said by the referrer)" in review
    assert "Taken: Police asked to visit today." in review
    assert "By Olga Officer, 1 January 2026, 8:30am" in review
    assert "Worries are about housing." in review


def test_a_flagged_immediate_action_blocks_the_decision_too(people, client_for):
    contact = claimed_contact(by=people.alice, officer=people.olga)
    officer = client_for(people.olga)
    gathering(officer, contact, consent_to_gather="given", immediate_action_needed="on")
    record = text(officer.get(reverse("triage:record", args=[contact.pk])))
    assert "This contact needs immediate action" in record
    refused = officer.post(reverse("triage:decision", args=[contact.pk]), DECISION)
    assert "record what was done, by whom and when" in text(refused)


def test_an_immediate_action_time_in_the_future_is_refused_beside_the_field(people, client_for):
    contact = claimed_contact(by=people.alice, officer=people.olga)
    later = timezone.localtime() + dt.timedelta(days=2)
    response = gathering(
        client_for(people.olga),
        contact,
        consent_to_gather="given",
        immediate_action_taken="Visit.",
        immediate_action_by="Olga",
        immediate_action_on_0=str(later.day),
        immediate_action_on_1=str(later.month),
        immediate_action_on_2=str(later.year),
        immediate_action_time="10:00",
    )
    page = text(response)
    assert "The time the immediate action was taken must be in the past" in page
    assert 'href="#id_immediate_action_on' in page


def test_a_contact_withdrawn_after_its_deadline_is_shown_on_the_dashboard(people, client_for):
    """Definition: "Withdrawn after the deadline had passed" counts withdrawn contacts whose
    withdrawal came after their deadline; one withdrawn in time is not counted."""
    start = timezone.now() - dt.timedelta(hours=40)
    with time_machine.travel(start, tick=False):
        late = claimed_contact(by=people.alice, officer=people.olga, received_at=start)
        early = claimed_contact(by=people.alice, officer=people.olga, received_at=start)
    with time_machine.travel(start + dt.timedelta(hours=2), tick=False):
        services.contact_withdraw(user=people.mike, contact=early, reason="Sent in error.")
    with time_machine.travel(start + dt.timedelta(hours=30), tick=False):
        services.contact_withdraw(user=people.mike, contact=late, reason="Duplicate.")
    assert ContactFigure.objects.get(contact=late).withdrawn_overdue is True
    assert ContactFigure.objects.get(contact=early).withdrawn_overdue is False
    page = text(client_for(people.mike).get(reverse("dashboard:index"), {"period": "7"}))
    assert 'data-figure="received">2 (2 withdrawn)' in page
    assert 'data-figure="withdrawn_overdue">1' in page
