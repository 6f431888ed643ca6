"""The triage JSON API: token auth, the queue, claim, decision; 409 when the state forbids."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from requests.triage.models import Decision
from tests.factories import api_key_for
from tests.triage.factories import awaiting_manager, claimed_contact, received_contact

DECISION = {
    "outcome": "advice",
    "rationale": "No safeguarding worry.",
    "next_steps": "Advice given.",
}


@pytest.fixture
def api_for():
    def make(user):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(user)}")
        return client

    return make


def test_an_officer_lists_the_queue_most_urgent_first(people, api_for):
    plain = received_contact(by=people.alice)
    urgent = received_contact(by=people.alice, immediate_danger=True)
    received_contact(by=people.zara)
    response = api_for(people.olga).get(reverse("triage-api-queue"))
    assert response.status_code == 200
    refs = [row["reference"] for row in response.json()["results"]]
    assert refs == [urgent.reference, plain.reference]
    assert response.json()["results"][0]["urgent"] is True


def test_claim_then_a_second_claim_by_someone_else_is_409(people, api_for, oscar):
    contact = received_contact(by=people.alice)
    url = reverse("triage-api-claim", args=[contact.pk])
    assert api_for(people.olga).post(url).json() == {"status": "claimed"}
    refused = api_for(oscar).post(url)
    assert refused.status_code == 409
    assert refused.json() == {"error": "Someone else has already claimed this contact"}


def test_an_officer_records_a_decision_for_a_manager(people, api_for):
    contact = claimed_contact(by=people.alice, officer=people.olga)
    response = api_for(people.olga).post(
        reverse("triage-api-decision", args=[contact.pk]), DECISION, format="json"
    )
    assert response.status_code == 201
    assert response.json()["status"] == "awaiting_manager"
    assert Decision.objects.get(contact=contact).outcome == "advice"


def test_a_decision_not_allowed_from_the_current_state_is_409(people, api_for):
    contact, _ = awaiting_manager(by=people.alice, officer=people.olga)
    response = api_for(people.olga).post(
        reverse("triage-api-decision", args=[contact.pk]), DECISION, format="json"
    )
    assert response.status_code == 409
    assert "You cannot propose a decision" in response.json()["error"]


def test_an_unknown_outcome_is_a_400_with_the_field(people, api_for):
    contact = claimed_contact(by=people.alice, officer=people.olga)
    response = api_for(people.olga).post(
        reverse("triage-api-decision", args=[contact.pk]),
        {**DECISION, "outcome": "lock them up"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"].startswith("outcome:")


def test_another_authoritys_officer_gets_404(people, api_for):
    contact = received_contact(by=people.alice)
    response = api_for(people.otto).post(reverse("triage-api-claim", args=[contact.pk]))
    assert response.status_code == 404


def test_a_practitioner_and_a_caller_without_a_token_are_refused(people, api_for):
    assert api_for(people.alice).get(reverse("triage-api-queue")).status_code == 403
    anonymous = APIClient().get(reverse("triage-api-queue"))
    assert anonymous.status_code in {401, 403}
    assert "error" in anonymous.json()
