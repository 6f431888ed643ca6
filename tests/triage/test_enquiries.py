"""Further enquiries are followed through (issue 18, review F9): a "further enquiries (MASH)"
outcome keeps a follow-up open until its own final outcome is agreed, which sends the final
letters, including to each professional consulted during the enquiries (003)."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from referral_portal.outbox.services import email_send
from requests.dashboard.models import ContactFigure
from requests.letters.emails import letter_email
from requests.letters.models import Letter, LetterKind
from requests.models import ContactStatus
from requests.triage.models import Decision, DecisionStatus, FurtherEnquiries, Triage
from tests.letters.helpers import pdf_text
from tests.triage.factories import consented_contact

pytestmark = pytest.mark.django_db

MASH = {
    "outcome": "mash",
    "rationale": "Health and school need to be asked before we can decide.",
    "family_text": "We need to find out more before we decide what support is needed.",
    "referrer_text": "The MASH will ask the health visitor and the school.",
    "immediate_action_taken": "",
}
FINAL = {
    "outcome": "single_assessment",
    "rationale": "The enquiries found missed health appointments and weight loss.",
    "family_text": "A social worker will contact you within 5 working days.",
    "referrer_text": "A single assessment will be undertaken.",
    "immediate_action_taken": "",
}
PROFESSIONAL = {
    "name": "Dr Ada Example",
    "agency": "Example Surgery",
    "email": "ada@surgery.example.org",
    "contacted_on_0": "1",
    "contacted_on_1": "1",
    "contacted_on_2": "2026",
    "contacted_time": "09:30",
    "asked": "Any worries about the children's health?",
    "said": "Two missed appointments and weight loss.",
}


def text(response) -> str:
    return html.unescape(response.content.decode())


def agree(manager, contact) -> None:
    decision = Decision.objects.get(contact=contact, status=DecisionStatus.AWAITING_MANAGER)
    response = manager.post(
        reverse("triage:decision_review", args=[decision.pk]),
        {"answer": "agree", "letters_reason": "Parental responsibility is checked by phone today."},
    )
    assert response.status_code == 302


@pytest.fixture
def under_enquiry(people, client_for):
    """A contact decided as "further enquiries", through the pages."""
    contact = consented_contact(by=people.alice, officer=people.olga)
    officer, manager = client_for(people.olga), client_for(people.mike)
    decision_page = reverse("triage:decision", args=[contact.pk])
    assert "If the enquiries (by the duty worker or through the MASH) can finish" in text(
        officer.get(decision_page)
    )
    assert officer.post(decision_page, MASH).status_code == 302
    agree(manager, contact)
    return contact


def test_a_further_enquiries_outcome_decides_the_contact_and_keeps_a_follow_up_open(
    people, client_for, under_enquiry
):
    contact = under_enquiry
    officer = client_for(people.olga)
    contact.refresh_from_db()
    assert contact.status == ContactStatus.DECIDED
    assert Triage.objects.get(contact=contact).state == "enquiries"
    figure = ContactFigure.objects.get(contact=contact)
    assert figure.outcome == "mash" and figure.decided_at is not None
    assert contact.reference not in text(officer.get(reverse("triage:queue")))
    listed = text(officer.get(reverse("triage:enquiries_open")))
    assert contact.reference in listed and "Nothing found recorded yet" in listed
    record = text(officer.get(reverse("triage:record", args=[contact.pk])))
    assert "Further enquiries under way" in record
    assert "Record the enquiries and what they found" in record
    assert "Record the final outcome" in record
    assert "Ask for more time" not in record


def test_the_final_outcome_waits_for_what_the_enquiries_found(people, client_for, under_enquiry):
    officer = client_for(people.olga)
    url = reverse("triage:decision", args=[under_enquiry.pk])
    page = text(officer.get(url))
    assert "Final outcome of the enquiries" in page
    assert 'value="mash"' not in page  # not another round of enquiries
    again = officer.get(url, {"step": "outcome", "outcome": "mash"})
    assert "Final outcome of the enquiries" in text(again)  # back to the outcome, not step 2
    refused = officer.post(url, FINAL)
    assert "Record what the enquiries found before proposing their final outcome" in text(refused)
    assert "A social worker will contact you within 5 working days." in text(refused)  # kept
    assert not Decision.objects.filter(contact=under_enquiry, after_enquiries=True).exists()


def test_another_officer_cannot_record_on_someone_elses_enquiries(
    people, client_for, under_enquiry, oscar
):
    response = client_for(oscar).post(
        reverse("triage:enquiries", args=[under_enquiry.pk]),
        {"enquiries": "Asked the school.", "result": ""},
    )
    assert "Claim this contact before you record anything on it" in text(response)
    assert FurtherEnquiries.objects.get(contact=under_enquiry).enquiries == ""


def test_a_final_outcome_sends_a_letter_to_the_professional_consulted_during_enquiries(
    people, client_for, under_enquiry, smtp_server
):
    contact = under_enquiry
    officer, manager = client_for(people.olga), client_for(people.mike)
    first_letters = set(Letter.objects.filter(contact=contact).values_list("pk", flat=True))
    assert not Letter.objects.filter(contact=contact, kind=LetterKind.PROFESSIONAL).exists()

    added = officer.post(reverse("triage:professional", args=[contact.pk]), PROFESSIONAL)
    assert added.status_code == 302
    saved = officer.post(
        reverse("triage:enquiries", args=[contact.pk]),
        {
            "enquiries": "The MASH asked the health visitor and the school.",
            "result": "Two missed appointments and weight loss since the summer.",
        },
    )
    assert saved.status_code == 302
    record = text(officer.get(reverse("triage:record", args=[contact.pk])))
    assert "During the further enquiries" in record
    assert "Two missed appointments and weight loss since the summer." in record

    assert officer.post(reverse("triage:decision", args=[contact.pk]), FINAL).status_code == 302
    final = Decision.objects.get(contact=contact, after_enquiries=True)
    queue = text(manager.get(reverse("triage:approvals")))
    assert "Final, after further enquiries: Single Assessment" in queue
    review = text(manager.get(reverse("triage:decision_review", args=[final.pk])))
    assert "Agree the final outcome" in review
    assert "Final outcome of further enquiries" in review
    assert "Dr Ada Example, Example Surgery" in review
    agree(manager, contact)

    follow_up = FurtherEnquiries.objects.get(contact=contact)
    assert follow_up.final_decision == final and follow_up.concluded_at is not None
    assert Triage.objects.get(contact=contact).state == "decided"
    # The dashboard still counts the first decision: the 24-hour response.
    assert ContactFigure.objects.get(contact=contact).outcome == "mash"
    letter = Letter.objects.get(decision=final, kind=LetterKind.PROFESSIONAL)
    assert letter.pk not in first_letters and letter.recipient_name == "Dr Ada Example"
    # What the worker does with the letter's email (through the outbox).
    assert email_send(email_id=letter_email(letter).pk) == "sent"
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "ada@surgery.example.org"
    [pdf] = list(message.iter_attachments())
    assert "Single Assessment" in pdf_text(pdf.get_content())
    record = text(officer.get(reverse("triage:record", args=[contact.pk])))
    assert "Concluded" in record and ": Single Assessment" in record
    assert "No further enquiries are open." in text(officer.get(reverse("triage:enquiries_open")))
