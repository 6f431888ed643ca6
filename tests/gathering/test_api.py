"""Agency systems answer through the API (issue 22 item 5): a verified agency user's key."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from requests.gathering import services
from requests.gathering.models import GatheringAnswer, GatheringRequest
from requests.triage.models import ProfessionalContacted
from tests.factories import UserFactory, api_key_for
from tests.triage.factories import consented_contact

pytestmark = pytest.mark.django_db

ANSWER = {
    "name": "Lena Lead",
    "answers": [
        {"kind": "answer", "text": "92% attendance this term."},
        {"kind": "cannot_share", "text": "Held under a court order; ask the court."},
    ],
}


def api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(user)}")
    return client


def _sent(people):
    contact = consented_contact(by=people.bob, officer=people.olga)
    return services.gathering_request_send(
        user=people.olga,
        contact=contact,
        agency_id=people.school.pk,
        lead_id=people.lena.pk,
        questions=["Attendance?", "Concerns?"],
        reply_by=timezone.now() + dt.timedelta(hours=4),
    )


def test_list_shows_the_callers_open_requests_with_the_child(people):
    gathering = _sent(people)
    child = gathering.contact.children.first()
    response = api(people.lena).get("/api/v1/gathering-requests/")
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["id"] == gathering.pk and row["questions"] == ["Attendance?", "Concerns?"]
    assert row["children"][0]["name"] == f"{child.first_name} {child.last_name}"
    # A practitioner of the same agency sees none of the requests sent to the lead.
    assert api(people.alice).get("/api/v1/gathering-requests/").json()["results"] == []
    # Another agency sees nothing; the front door is not an agency user.
    assert api(people.bob).get("/api/v1/gathering-requests/").json()["results"] == []
    assert api(people.olga).get("/api/v1/gathering-requests/").status_code == 403


def test_answer_with_an_idempotency_key_is_made_once(people):
    gathering = _sent(people)
    client = api(people.lena)
    url = f"/api/v1/gathering-requests/{gathering.pk}/answer"
    first = client.post(url, ANSWER, format="json", HTTP_IDEMPOTENCY_KEY="mis-123")
    assert first.status_code == 201, first.json()
    again = client.post(url, ANSWER, format="json", HTTP_IDEMPOTENCY_KEY="mis-123")
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert GatheringAnswer.objects.count() == 1
    other = client.post(
        url, {**ANSWER, "name": "Someone else"}, format="json", HTTP_IDEMPOTENCY_KEY="mis-123"
    )
    assert other.status_code == 422
    answer = GatheringAnswer.objects.get()
    assert answer.verified_how == f"API key of {people.lena.email}"
    gathering.refresh_from_db()
    assert gathering.status == "answered"
    assert ProfessionalContacted.objects.filter(email=people.lena.email).exists()
    # Answered: no longer in the open list.
    assert client.get("/api/v1/gathering-requests/").json()["results"] == []


def test_answer_refusals(people):
    gathering = _sent(people)
    url = f"/api/v1/gathering-requests/{gathering.pk}/answer"
    # Not the professional asked: not found.
    assert api(people.alice).post(url, ANSWER, format="json").status_code == 404
    assert api(people.bob).post(url, ANSWER, format="json").status_code == 404
    # An address not on a verified domain of the agency: refused.
    stray = UserFactory(email="stray@gmail.example.com", role="practitioner", agency=people.school)
    assert api(stray).post(url, ANSWER, format="json").status_code == 403
    # A reason is needed where the answer cannot be shared, beside its field.
    missing = api(people.lena).post(
        url,
        {"name": "Lena", "answers": [{"kind": "answer", "text": "Fine"}, {"kind": "cannot_share"}]},
        format="json",
    )
    assert missing.status_code == 400
    assert missing.json()["field"] == "answers[1].text"
    assert not GatheringAnswer.objects.exists()
    # A closed request: 409.
    services.gathering_request_close(user=people.olga, gathering=gathering, reason="Not needed")
    closed = api(people.lena).post(url, ANSWER, format="json")
    assert closed.status_code == 409


def test_the_operations_are_in_the_openapi_schema(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    assert "/api/v1/gathering-requests/" in schema["paths"]
    answer = schema["paths"]["/api/v1/gathering-requests/{id}/answer"]["post"]
    assert answer["operationId"] == "gathering_requests_answer"
    assert any(p["name"] == "Idempotency-Key" for p in answer["parameters"])
    assert GatheringRequest  # the model the operations are about
