"""POST /api/v1/requests-for-support: token per user, field errors, the Idempotency-Key."""

from __future__ import annotations

import copy

import pytest
from rest_framework.test import APIClient

from requests.models import Contact, ContactStatus
from tests.factories import api_key_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/requests-for-support"

BODY = {
    "referrer_role": "School nurse",
    "referrer_phone": "0121 496 0001",
    "referrer_email": "alice@schoola.example.org",
    "children": [
        {
            "first_name": "Ada",
            "last_name": "Testchild",
            "date_of_birth": "2016-05-04",
            "sex": "female",
            "address": "1 Example Road",
        }
    ],
    "people": [
        {
            "full_name": "Grace Testparent",
            "relationship": "Mother",
            "parental_responsibility": "yes",
            "needs_easy_read": True,
        }
    ],
    "categories": ["neglect"],
    "discussed_with_lead": "yes",
    "early_help_in_place": "no",
    "past_harm": "Hungry.",
    "future_danger": "Health.",
    "existing_strengths": "Gran.",
    "existing_safety": "Breakfast club.",
    "needs_to_happen": "Assessment.",
    "safety_scale": 4,
    "safety_scale_reason": "Some safety.",
    "child_words": "I am hungry.",
    "child_heard_how": "Told teacher.",
    "level_of_need": 4,
    "level_reason": "Neglect.",
    "consent": "given",
    "child_consent": "given",
    "declaration": True,
}


@pytest.fixture
def api(people, in_process):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(people.alice)}")
    return client


def test_a_whole_request_is_sent_with_a_token(api, people):
    response = api.post(URL, BODY, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["reference"].startswith("HOM-") and body["status"] == "received"
    contact = Contact.objects.get(pk=body["id"])
    assert contact.created_by == people.alice and contact.children.get().first_name == "Ada"
    assert contact.people.get().needs_easy_read


def test_without_a_token_the_answer_is_401_in_json(people):
    response = APIClient().post(URL, BODY, format="json")
    assert response.status_code in (401, 403)
    assert "error" in response.json()


def test_errors_come_back_field_by_field(api):
    body = copy.deepcopy(BODY)
    body["past_harm"] = ""
    body["children"][0]["date_of_birth"] = "2999-01-01"
    body["people"][0]["email"] = "not-an-email"
    body["safety_scale"] = 12
    body["past_harm"] = ""
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert errors["past_harm"] == ["Enter what has happened to the child (past harm)"]
    assert errors["children"][0]["date_of_birth"] == ["Date of birth must be in the past"]
    assert "email" in errors["people"][0]
    assert errors["safety_scale"] == ["Select a number from 0 to 10"]
    assert not Contact.objects.exclude(status=ContactStatus.DRAFT).exists()


def test_oversized_text_is_refused_with_its_limit(api):
    response = api.post(URL, {**BODY, "past_harm": "x" * 5001}, format="json")
    assert response.status_code == 400
    assert "5000" in str(response.json()["past_harm"])


def test_the_same_idempotency_key_returns_the_first_answer(api):
    first = api.post(URL, BODY, format="json", HTTP_IDEMPOTENCY_KEY="abc-123")
    again = api.post(URL, BODY, format="json", HTTP_IDEMPOTENCY_KEY="abc-123")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Contact.objects.exclude(status=ContactStatus.DRAFT).count() == 1
    other = api.post(URL, BODY, format="json", HTTP_IDEMPOTENCY_KEY="abc-124")
    assert other.json()["reference"] != first.json()["reference"]


def test_a_reused_key_with_a_different_body_is_refused(api):
    api.post(URL, BODY, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    response = api.post(
        URL, {**BODY, "past_harm": "Different"}, format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert response.status_code == 422
    assert "different request body" in response.json()["error"]


def test_another_authority_is_refused(api):
    response = api.post(URL, {**BODY, "authority": "AWY"}, format="json")
    assert response.status_code == 403
    assert response.json() == {"error": "You cannot send a Request for Support to this authority"}


def test_officers_cannot_send_requests(people):
    client = APIClient()
    client.force_authenticate(people.olga)
    assert client.post(URL, BODY, format="json").status_code == 403


def test_the_endpoint_is_in_the_openapi_schema(client):
    response = client.get("/api/v1/schema/")
    assert b"/api/v1/requests-for-support" in response.content
    assert b"Idempotency-Key" in response.content


def _half_siblings(people_entries):
    body = copy.deepcopy(BODY)
    body["children"].append({**body["children"][0], "first_name": "Bo"})
    body["people"] = people_entries
    return body


def test_parental_responsibility_is_declared_per_child(api):
    """Issue 17 point 1: a person's PR child by child, each child named by its place."""
    body = _half_siblings(
        [
            {
                "full_name": "Tom Father",
                "relationship": "Father of Ada",
                "parental_responsibility_per_child": [
                    {"child": 0, "parental_responsibility": "yes"},
                    {"child": 1, "parental_responsibility": "no"},
                ],
            }
        ]
    )
    response = api.post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    contact = Contact.objects.get(pk=response.json()["id"])
    ada, bo = contact.children.order_by("pk")
    father = contact.people.get()
    assert {d.child_id: d.parental_responsibility for d in father.declared_pr.all()} == {
        ada.pk: "yes",
        bo.pk: "no",
    }


def test_an_old_single_answer_still_applies_to_every_child(api):
    body = _half_siblings([{**BODY["people"][0]}])
    response = api.post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    mother = Contact.objects.get(pk=response.json()["id"]).people.get()
    assert sorted(d.parental_responsibility for d in mother.declared_pr.all()) == ["yes", "yes"]


@pytest.mark.parametrize(
    "entry, message",
    [
        (
            {"parental_responsibility_per_child": [{"child": 0, "parental_responsibility": "yes"}]},
            "Select whether the person has parental responsibility for Bo Testchild",
        ),
        (
            {
                "parental_responsibility_per_child": [
                    {"child": 0, "parental_responsibility": "yes"},
                    {"child": 1, "parental_responsibility": "no"},
                    {"child": 2, "parental_responsibility": "no"},
                ]
            },
            "There is no child 2: children are counted from 0 in the order of children, and "
            "this request has 2",
        ),
        (
            {
                "parental_responsibility_per_child": [
                    {"child": 0, "parental_responsibility": "yes"},
                    {"child": 0, "parental_responsibility": "no"},
                    {"child": 1, "parental_responsibility": "no"},
                ]
            },
            "Ada Testchild is answered twice: answer once for each child",
        ),
        (
            {
                "parental_responsibility": "yes",
                "parental_responsibility_per_child": [
                    {"child": 0, "parental_responsibility": "yes"},
                    {"child": 1, "parental_responsibility": "no"},
                ],
            },
            "Send either parental_responsibility (one answer for every child) or "
            "parental_responsibility_per_child, not both",
        ),
    ],
)
def test_a_wrong_per_child_answer_is_a_400_beside_its_field(api, entry, message):
    body = _half_siblings([{"full_name": "Tom Father", "relationship": "Father", **entry}])
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    assert message in response.json()["people"][0]["parental_responsibility_per_child"]
    assert not Contact.objects.exists()


def test_no_answer_at_all_is_a_400_on_the_old_field(api):
    body = _half_siblings([{"full_name": "Tom Father", "relationship": "Father"}])
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["people"][0]["parental_responsibility"] == [
        "Select whether the person has parental responsibility for Ada Testchild",
        "Select whether the person has parental responsibility for Bo Testchild",
    ]


def test_the_openapi_schema_describes_the_per_child_answer(client):
    schema = client.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200, schema.content[:300]
    text = schema.content.decode()
    assert "parental_responsibility_per_child" in text
    assert "The child's place in `children`, counting from 0" in text
