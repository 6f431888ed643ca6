"""Issue 19: a duty manager agrees the front door's decisions only where the authority's own
procedures give that (its manager-agreement row). Where they give none, the officer's decision
is final when recorded: the letters and the hand-off event are made then, and the page says so."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from referral_portal.procedures.models import Kind, Procedure
from requests.handoff.models import HandoffEvent
from requests.letters.models import Letter
from requests.models import ContactStatus
from requests.triage.models import Decision, DecisionStatus
from tests.triage.factories import consented_contact

pytestmark = pytest.mark.django_db

DECISION = {
    "outcome": "single_assessment",
    "rationale": "The worries about home conditions need a full assessment.",
    "family_text": "A social worker will contact you to arrange the assessment.",
    "referrer_text": "A single assessment will be undertaken.",
    "immediate_action_taken": "",
}
REASON = "Parental responsibility is being checked by phone today."


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_without_a_manager_agreement_procedure_the_officers_decision_is_final(people, client_for):
    Procedure.objects.filter(authority=people.home, kind=Kind.MANAGER_AGREEMENT).delete()
    contact = consented_contact(by=people.alice, officer=people.olga)
    officer = client_for(people.olga)
    url = reverse("triage:decision", args=[contact.pk])

    page = text(officer.get(url, {"step": "outcome", "outcome": "single_assessment"}))
    assert "Your decision is final when you record it: no duty manager agrees it" in page
    assert "give no duty manager's agreement of front-door decisions" in page
    assert "takes effect when a duty manager agrees" not in page
    assert "Send for agreement" not in page and "Record the decision</button>" in page
    # Nobody is confirmed to hold PR: the officer sees it and must give a reason, as a manager would.
    assert "The outcome letters will not reach everyone they should" in page

    refused = text(officer.post(url, DECISION))
    assert "Give your reason for recording the decision although the letters will not" in refused
    assert "A single assessment will be undertaken." in refused  # nothing typed is lost
    assert not Decision.objects.filter(contact=contact).exists()

    response = officer.post(url, {**DECISION, "letters_reason": REASON})
    assert response.status_code == 302
    decision = Decision.objects.get(contact=contact)
    assert decision.status == DecisionStatus.AGREED and decision.manager is None
    assert decision.letters_confirmation == REASON
    contact.refresh_from_db()
    assert contact.status == ContactStatus.DECIDED
    assert Letter.objects.filter(contact=contact).exists()
    assert HandoffEvent.objects.filter(contact=contact, kind="decision.agreed").exists()
    record = text(officer.get(reverse("triage:record", args=[contact.pk])))
    assert "Decision recorded by the officer: final" in record
    manager_queue = text(client_for(people.mike).get(reverse("triage:queue")))
    assert contact.reference not in manager_queue


def test_with_a_manager_agreement_procedure_a_duty_manager_still_agrees(people, client_for):
    assert Procedure.objects.filter(
        authority=people.home, kind=Kind.MANAGER_AGREEMENT, offered=True
    ).exists()
    contact = consented_contact(by=people.alice, officer=people.olga)
    officer = client_for(people.olga)
    url = reverse("triage:decision", args=[contact.pk])

    page = text(officer.get(url, {"step": "outcome", "outcome": "single_assessment"}))
    assert "The decision takes effect when a duty manager agrees it." in page
    assert "Send for agreement" in page and "letters_reason" not in page

    assert officer.post(url, DECISION).status_code == 302
    decision = Decision.objects.get(contact=contact)
    assert decision.status == DecisionStatus.AWAITING_MANAGER
    contact.refresh_from_db()
    assert contact.status == ContactStatus.AWAITING_MANAGER
    assert not Letter.objects.filter(contact=contact).exists()
    assert not HandoffEvent.objects.filter(contact=contact).exists()

    agreed = client_for(people.mike).post(
        reverse("triage:decision_review", args=[decision.pk]),
        {"answer": "agree", "letters_reason": REASON},
    )
    assert agreed.status_code == 302
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.AGREED and decision.manager == people.mike
    assert Letter.objects.filter(contact=contact).exists()
    assert HandoffEvent.objects.filter(contact=contact, kind="decision.agreed").exists()
