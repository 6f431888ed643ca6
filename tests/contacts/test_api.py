"""The public JSON API: errors as JSON, never a 500, documented, rate-limited."""

from __future__ import annotations

import pytest
import time_machine
from rest_framework.throttling import AnonRateThrottle


def test_unknown_authority_is_a_404_naming_it(client, seeded):
    response = client.get("/api/v1/contacts/now", {"authority": "atlantis"})
    assert response.status_code == 404
    assert response.json() == {"error": "No authority called 'atlantis'"}
    response = client.get("/api/v1/contacts", {"authority": "atlantis"})
    assert response.status_code == 404
    assert "atlantis" in response.json()["error"]


def test_missing_authority_is_a_400_saying_what_to_give(client, seeded):
    response = client.get("/api/v1/contacts/now")
    assert response.status_code == 400
    assert "authority=birmingham" in response.json()["error"]


@pytest.mark.parametrize(
    "at",
    [
        "tomorrow",
        "2026-13-01T10:00",
        "2026-11-23T25:00",
        "23/11/2026 10:00",
        "1" * 500,
        "2026-11-23 10:00 +1",
    ],
)
def test_malformed_at_is_a_400_saying_the_format(client, seeded, at):
    response = client.get("/api/v1/contacts/now", {"authority": "birmingham", "at": at})
    assert response.status_code == 400
    assert "ISO 8601" in response.json()["error"]


@pytest.mark.parametrize("at", ["0001-01-01T00:00", "9999-12-31T23:59:59+14:00"])
def test_moments_out_of_range_are_a_400_not_a_500(client, seeded, at):
    response = client.get("/api/v1/contacts/now", {"authority": "birmingham", "at": at})
    assert response.status_code == 400
    assert "between 2000 and 2100" in response.json()["error"]


@pytest.mark.parametrize(
    "authority", ["", " ", "a" * 300, "../etc", "birmingham'--", "%", "Birmingham", "\x00", "ÉÁ\nÂ"]
)
def test_odd_authorities_never_give_a_500(client, seeded, authority):
    response = client.get("/api/v1/contacts/now", {"authority": authority})
    assert response.status_code in (400, 404)
    assert "error" in response.json()


def test_without_at_the_answer_is_for_now(client, seeded):
    with time_machine.travel("2026-11-27T16:20:00+00:00", tick=False):
        body = client.get("/api/v1/contacts/now", {"authority": "birmingham"}).json()
    assert body["at"] == "2026-11-27T16:20:00+00:00"
    assert body["front_door_open"] is False
    assert body["call"] == {
        "name": "Emergency out-of-hours (children's social care)",
        "phone": "0121 675 4806",
        "kind": "out_of_hours",
    }
    assert body["next_change"] == "2026-11-30T08:45:00+00:00"


def test_the_list_gives_each_service_with_its_hours(client, seeded):
    with time_machine.travel("2026-11-23T10:00:00+00:00", tick=False):
        body = client.get("/api/v1/contacts", {"authority": "birmingham"}).json()
    assert body["authority"] == "birmingham"
    by_kind = {s["kind"]: s for s in body["services"]}
    cass = by_kind["front_door"]
    assert cass["phone"] == "0121 303 1888"
    assert cass["status_now"] == "Open now"
    assert {"weekday": 4, "opens": "08:45", "closes": "16:15"} in cass["weekly_hours"]
    assert len(cass["weekly_hours"]) == 5
    assert by_kind["out_of_hours"]["status_now"] == "Closed now"
    assert by_kind["disclosure_team"]["email"] == "disclosureteam@birmingham.gov.uk"
    assert by_kind["police_emergency"]["phone"] == "999"


def test_the_api_is_in_the_openapi_schema(client, db):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/contacts/now" in schema
    assert "/api/v1/contacts" in schema
    assert "front_door_open" in schema


def test_a_client_asking_too_often_is_slowed_down(client, seeded, monkeypatch):
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "3/min")
    statuses = [
        client.get("/api/v1/contacts/now", {"authority": "birmingham"}).status_code
        for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    assert "error" in client.get("/api/v1/contacts/now", {"authority": "birmingham"}).json()


def test_no_sign_in_is_needed(client, seeded):
    assert client.get("/api/v1/contacts", {"authority": "worcestershire"}).status_code == 200
