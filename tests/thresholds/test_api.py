"""The JSON API: search the indicators and suggest a level; plain 400/404 errors, never 500."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.thresholds.conftest import indicator
from tests.thresholds.factories import small_framework
from thresholds.models import Assessment, Indicator

pytestmark = pytest.mark.django_db

INDICATORS = "/api/v1/thresholds/indicators"
ASSESS = "/api/v1/thresholds/assess"


def post(client, body):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(ASSESS, data=data, content_type="application/json")


def test_all_indicators_when_no_search(client, worcestershire):
    response = client.get(INDICATORS, {"authority": "worcestershire"})
    assert response.status_code == 200
    body = response.json()
    assert len(body) == 169
    assert body[0] == {
        "id": body[0]["id"],
        "text": "Meeting development milestones, including speech and language",
        "level": 1,
        "domain": "Child's developmental needs",
        "area": "Health",
    }


def test_search_ignores_case(client, worcestershire):
    body = client.get(INDICATORS, {"authority": "worcestershire", "q": "HYGIENE"}).json()
    assert len(body) == 7
    assert all("hygiene" in item["text"].lower() for item in body)
    assert {item["level"] for item in body} == {1, 2, 3, 4}


def test_search_with_no_match_is_an_empty_list(client, worcestershire):
    response = client.get(INDICATORS, {"authority": "worcestershire", "q": "zzz%_'\""})
    assert response.status_code == 200
    assert response.json() == []


def test_an_authority_without_a_framework_is_a_plain_404(client, birmingham):
    response = client.get(INDICATORS, {"authority": "birmingham"})
    assert response.status_code == 404
    assert "Birmingham Children's Trust has no levels-of-need guidance" in response.json()["error"]
    response = post(client, {"authority": "birmingham", "indicators": [1]})
    assert response.status_code == 404
    assert "no levels-of-need guidance" in response.json()["error"]


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({}, 400, "Give the authority"),
        ({"authority": ""}, 400, "Give the authority"),
        ({"authority": "atlantis"}, 404, "No authority called 'atlantis'"),
    ],
)
def test_a_missing_or_unknown_authority_is_refused(client, worcestershire, params, status, message):
    response = client.get(INDICATORS, params)
    assert response.status_code == status
    assert message in response.json()["error"]


def test_assess_suggests_the_highest_level_with_reasons_and_pathway(client, worcestershire):
    low = indicator(worcestershire, "Poor personal hygiene")
    high = indicator(worcestershire, "Female Genital Mutilation (FGM)")
    response = post(client, {"authority": "worcestershire", "indicators": [low.pk, high.pk]})
    assert response.status_code == 200
    body = response.json()
    assert body["level"] == 4
    assert body["reasons"] == [
        {"id": high.pk, "text": "Female Genital Mutilation (FGM)", "level": 4},
        {"id": low.pk, "text": "Poor personal hygiene", "level": 2},
    ]
    assert "Referral to Children's Social Care" in body["pathway"]  # as the guidance names it
    assert body["framework_version"] == "2017-09"
    stored = Assessment.objects.get()
    assert body["reference"] == stored.reference
    assert stored.user is None
    assert set(stored.indicators.all()) == {low, high}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"authority": "worcestershire", "indicators": []}, "at least one indicator"),
        ({"authority": "worcestershire"}, "'indicators' must be a list"),
        ({"authority": "worcestershire", "indicators": "1,2"}, "'indicators' must be a list"),
        ({"authority": "worcestershire", "indicators": [True]}, "Not indicator ids: True"),
        ({"authority": "worcestershire", "indicators": ["one"]}, "Not indicator ids: one"),
        ({"authority": "worcestershire", "indicators": [10**30]}, "Not indicator ids"),
        ({"authority": "worcestershire", "indicators": [{"id": 1}]}, "Not indicator ids"),
        ({"authority": ["worcestershire"], "indicators": [1]}, "Give the authority"),
        ({"authority": "worcester\u0000shire", "indicators": ["\u0000"]}, "Not indicator ids"),
        ([1, 2], "Send a JSON object"),
        ("not json", "JSON parse error"),
    ],
)
def test_bad_requests_are_400_with_a_json_error(client, worcestershire, body, message):
    response = post(client, body)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not Assessment.objects.exists()


def test_unknown_ids_are_listed_in_the_error(client, worcestershire):
    known = Indicator.objects.filter(area__domain__framework=worcestershire).first()
    response = post(
        client, {"authority": "worcestershire", "indicators": [known.pk, 999998, 999999]}
    )
    assert response.status_code == 422  # well-formed ids, but not this framework's
    assert response.json() == {"error": "Unknown indicators: 999998, 999999"}


def test_an_indicator_of_another_authoritys_framework_is_refused(client, worcestershire, people):
    other = small_framework(authority=people.away)
    foreign = Indicator.objects.filter(area__domain__framework=other).first()
    mine = Indicator.objects.filter(area__domain__framework=worcestershire).first()
    response = post(client, {"authority": "worcestershire", "indicators": [mine.pk, foreign.pk]})
    assert response.status_code == 422
    assert response.json()["error"].startswith(f"Indicators {foreign.pk} are not in")
    assert not Assessment.objects.exists()


def test_a_signed_in_practitioners_api_assessment_is_theirs(client, worcestershire, people):
    client.force_login(people.alice)
    some = Indicator.objects.filter(area__domain__framework=worcestershire, level=3).first()
    response = post(client, {"authority": "worcestershire", "indicators": [some.pk]})
    assert response.status_code == 200
    assert Assessment.objects.get().user == people.alice


def test_the_schema_documents_both_endpoints(client, worcestershire):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "/api/v1/thresholds/indicators" in text
    assert "/api/v1/thresholds/assess" in text


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    authority=st.sampled_from(["worcestershire", "birmingham", "", "x"]) | JSON,
    indicators=JSON,
)
def test_any_json_body_gets_an_answer_never_a_500(client, worcestershire, authority, indicators):
    response = post(client, {"authority": authority, "indicators": indicators})
    assert response.status_code in (200, 400, 404)
    assert response.status_code == 200 or "error" in response.json()
