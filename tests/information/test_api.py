"""The JSON API: the public check, and creating and reading a request."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from requests.information.models import InformationRequest, Status
from tests.information.factories import InformationRequestFactory

CHECK = "/api/v1/information-requests/check"


@pytest.fixture
def api(db):
    """An API client; the anonymous throttle's counters (in the cache) start from zero."""
    from django.core.cache import cache

    cache.clear()
    return APIClient()


def post_check(api, **body):
    body.setdefault("authority", "home")
    return api.post(CHECK, body, format="json")


def test_check_is_public_and_says_a_school_with_written_consent_can_be_processed(api, people):
    response = post_check(api, level=2, agency_type="school", consent="written")
    assert response.status_code == 200
    assert response.json() == {
        "can_process": True,
        "consent_required": True,
        "route": "front_door",
        "problems": [],
        "disclosable": [
            "involvement_dates",
            "involvement_reasons",
            "child_protection_plan",
            "child_in_need_plan",
            "section_47",
            "early_help",
            "been_in_care",
        ],
        "notes": [],
    }


@pytest.mark.parametrize("consent", ["written", "verbal_confirmed"])
def test_check_probation_with_consent_and_theft_alone_is_processed(api, people, consent):
    """002: requests that have consent are processed; the offence tests are for requests
    without consent."""
    body = post_check(
        api,
        level=2,
        agency_type="probation",
        consent=consent,
        offence_concerns=["theft"],
        reason_needed="court_report",
    ).json()
    assert (body["can_process"], body["problems"]) == (True, [])


def test_check_an_other_offence_without_consent_is_described_and_judged_by_the_officer(api, people):
    body = post_check(
        api,
        level=2,
        agency_type="probation",
        consent="not_sought",
        offence_concerns=["theft", "other"],
        offence_details="Burglary of a neighbour's shed",
        reason_needed="other",
        consent_not_sought_reason="It would alert the person",
        safeguarding_confirmed=True,
    ).json()
    assert body["can_process"] is True
    assert "theft, would not be sufficient alone" in body["notes"][0]


def test_check_probation_theft_alone_cannot_be_processed(api, people):
    response = post_check(
        api,
        level=2,
        agency_type="probation",
        consent="not_sought",
        offence_concerns=["theft"],
        reason_needed="parole_board",
        consent_not_sought_reason="It would put the child at risk",
        safeguarding_confirmed=True,
    )
    body = response.json()
    assert body["can_process"] is False
    assert body["problems"][0]["field"] == "offence_concerns"
    assert "not sufficient" in body["problems"][0]["message"]


def test_check_probation_domestic_abuse_with_override_is_processed_without_consent(api, people):
    body = post_check(
        api,
        level=2,
        agency_type="probation",
        consent="not_sought",
        offence_concerns=["domestic_abuse"],
        reason_needed="release_risk_assessment",
        consent_not_sought_reason="It would alert the person",
        safeguarding_confirmed=True,
    ).json()
    assert (body["can_process"], body["consent_required"], body["problems"]) == (True, False, [])


def test_check_level_3_routes_to_the_disclosure_team(api, people):
    body = post_check(api, level=3, agency_type="local_authority", exemption="s47").json()
    assert body["route"] == "disclosure_team"
    assert body["disclosable"] == ["whole_case_record"]


def test_check_level_1_needs_no_consent_and_lists_only_level_1_fields(api, people):
    body = post_check(api, level=1, agency_type="health").json()
    assert body["can_process"] is True
    assert body["consent_required"] is False
    assert body["disclosable"] == [
        "outcome",
        "worker_name",
        "worker_phone",
        "worker_email",
        "closed_on",
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"authority": "nowhere", "level": 1, "agency_type": "school"}, "authority"),
        ({"level": 4, "agency_type": "school"}, "level"),
        ({"level": 0, "agency_type": "school"}, "level"),
        ({"level": "two", "agency_type": "school"}, "level"),
        ({"level": None, "agency_type": "school"}, "level"),
        ({"agency_type": "school"}, "level"),
        ({"level": 2, "agency_type": "bakery"}, "agency_type"),
        ({"level": 2, "agency_type": "school", "consent": "maybe"}, "consent"),
        ({"level": 2, "agency_type": "school", "exemption": "s48"}, "exemption"),
        (
            {"level": 2, "agency_type": "probation", "offence_concerns": ["arson"]},
            "offence_concerns",
        ),
        ({"level": 2, "agency_type": "probation", "offence_concerns": "theft"}, "offence_concerns"),
        ({"level": 2, "agency_type": "probation", "reason_needed": "curiosity"}, "reason_needed"),
        (
            {"level": 2, "agency_type": "probation", "safeguarding_confirmed": "perhaps"},
            "safeguarding_confirmed",
        ),
        ({"level": 2, "agency_type": "school", "authority": ["home"]}, "authority"),
    ],
)
def test_check_rejects_unknown_values_naming_the_field(api, people, body, field):
    body = {"authority": "home", **body}
    response = api.post(CHECK, body, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert field in response.json()["error"]


@pytest.mark.parametrize("raw", ["not json", "[1, 2]", '"text"', "null", "{"])
def test_check_never_fails_with_a_500_on_a_malformed_body(api, people, raw):
    response = api.post(CHECK, raw, content_type="application/json")
    assert response.status_code == 400
    assert "error" in response.json()


def test_practitioner_creates_a_level_2_request_through_the_api(api, people, more):
    api.force_authenticate(more.cora)
    response = api.post(
        "/api/v1/information-requests",
        {
            "level": 2,
            "child_first_name": "Noah",
            "child_last_name": "Brightwater",
            "child_date_of_birth": "2018-09-02",
            "purpose": "Section 47 enquiry",
            "exemption": "s47",
            "exemption_details": "Strategy discussion held on 1 November",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "received"
    assert body["reference"].startswith("HOM-IR-")
    assert InformationRequest.objects.get(pk=body["id"]).exemption == "s47"


def test_api_create_follows_the_same_consent_rules_as_the_check(api, people):
    api.force_authenticate(people.alice)
    response = api.post(
        "/api/v1/information-requests",
        {
            "level": 2,
            "child_first_name": "Noah",
            "child_last_name": "Brightwater",
            "child_date_of_birth": "2018-09-02",
            "purpose": "Support",
            "consent": "not_sought",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "consent"
    assert not InformationRequest.objects.exists()


def test_api_create_is_for_practitioners_only(api, people):
    api.force_authenticate(people.olga)
    response = api.post("/api/v1/information-requests", {"level": 1}, format="json")
    assert response.status_code == 403
    assert "error" in response.json()


def test_requester_reads_status_and_answer_but_not_another_agencys_request(api, people):
    mine = InformationRequestFactory(
        created_by=people.alice, status=Status.REFUSED, refused_reason="No record of consent"
    )
    api.force_authenticate(people.alice)
    body = api.get(f"/api/v1/information-requests/{mine.pk}").json()
    assert (body["status"], body["refused_reason"], body["answer"]) == (
        "refused",
        "No record of consent",
        None,
    )
    api.force_authenticate(people.bob)
    response = api.get(f"/api/v1/information-requests/{mine.pk}")
    assert response.status_code == 404
    assert json.loads(response.content) == {"error": "No such information request"}


def test_schema_documents_the_check_endpoint(api, people):
    response = api.get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"/api/v1/information-requests/check" in response.content


def test_level_1_through_the_api_is_confirmed_with_the_emailed_code(
    api, people, django_capture_on_commit_callbacks
):
    import re

    from django.core import mail

    api.force_authenticate(people.alice)
    with django_capture_on_commit_callbacks(execute=True):
        created = api.post(
            "/api/v1/information-requests",
            {
                "level": 1,
                "child_first_name": "Amelia",
                "child_last_name": "Brightwater",
                "child_date_of_birth": "2015-03-14",
            },
            format="json",
        ).json()
    assert created["status"] == "awaiting_verification"
    url = f"/api/v1/information-requests/{created['id']}/verify"
    assert api.post(url, {"code": "12"}, format="json").json()["field"] == "code"
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    wrong = "000000" if code != "000000" else "111111"
    response = api.post(url, {"code": wrong}, format="json")
    assert response.status_code == 400
    assert "4 tries left" in response.json()["error"]
    body = api.post(url, {"code": code}, format="json").json()
    assert body["status"] == "received"
    assert api.post(url, {"code": code}, format="json").status_code == 409
    api.force_authenticate(people.lena)
    assert api.post(url, {"code": code}, format="json").status_code == 404


def test_written_consent_evidence_can_be_uploaded_through_the_api(api, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.information.conftest import PDF_BYTES

    api.force_authenticate(people.alice)
    fields = {
        "level": 2,
        "child_first_name": "Noah",
        "child_last_name": "Brightwater",
        "child_date_of_birth": "2018-09-02",
        "purpose": "Support",
        "consent": "written",
        "consent_date": "2026-11-01",
    }
    response = api.post("/api/v1/information-requests", fields, format="multipart")
    assert response.status_code == 400
    assert response.json()["field"] == "evidence"
    upload = SimpleUploadedFile("letter.pdf", PDF_BYTES, content_type="application/pdf")
    response = api.post(
        "/api/v1/information-requests", {**fields, "evidence": upload}, format="multipart"
    )
    assert response.status_code == 201, response.content
    fake = SimpleUploadedFile("letter.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = api.post(
        "/api/v1/information-requests", {**fields, "evidence": fake}, format="multipart"
    )
    assert response.status_code == 400
    assert "PDF, JPG or PNG" in response.json()["error"]


FIELDS = [
    "authority",
    "level",
    "agency_type",
    "consent",
    "exemption",
    "offence_concerns",
    "reason_needed",
    "consent_not_sought_reason",
    "safeguarding_confirmed",
]
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=8,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.dictionaries(
        st.sampled_from(FIELDS),
        JSON_VALUES
        | st.sampled_from(
            ["home", 1, 2, 3, "school", "probation", "written", "s47", ["theft"], "court_report"]
        ),
    )
)
def test_check_answers_any_json_object_with_200_or_a_400_naming_a_field(api, people, body):
    response = api.post(CHECK, body, format="json")
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.json()["field"] in FIELDS
