"""No 500 from any input in the review's table (security review L1, L8): each request as the
reviewer sent it answers 400, 404 or a page that says what is wrong."""

from __future__ import annotations

import pytest
import time_machine
from django.utils import timezone

from requests.models import Person
from tests.requests.factories import DraftFactory
from tests.requests.helpers import PERSON

NESTED = "[" * 3000 + "]" * 3000
NINES = "9" * 70


@pytest.mark.parametrize(
    "path", ["/api/v1/information-requests/check", "/api/v1/thresholds/assess"]
)
def test_deeply_nested_json_is_a_400(client, db, path):
    response = client.post(path, NESTED, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["error"]


def test_a_lone_surrogate_is_a_400(client, db):
    response = client.post(
        "/api/v1/thresholds/assess",
        '{"authority": "\\ud800", "indicators": [1]}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "surrogate" in response.json()["error"]


def test_nul_in_the_authority_form_and_cookie(client, people):
    response = client.post("/authority/", {"authority": "home\x00"})
    assert response.status_code == 200
    assert "Choose the area the child lives in" in response.content.decode()
    # http.cookies unquotes "\000" to a NUL.
    for path in ("/", "/contacts/", "/thresholds/", "/accounts/sign-in/"):
        response = client.get(path, HTTP_COOKIE='portal_authority="\\000"')
        assert response.status_code in (200, 302), path


@pytest.mark.parametrize(
    "path",
    [
        f"/requests-for-support/{NINES}/status/",
        f"/information-requests/{NINES}/",
        f"/letters/{NINES}/pdf/",
        f"/triage/contacts/{NINES}/",
        f"/api/v1/information-requests/{NINES}",
        f"/api/v1/letters/contacts/{NINES}/",
    ],
)
def test_ids_over_64_digits_are_not_found(client, people, path):
    client.force_login(people.olga if "letters" in path or "triage" in path else people.alice)
    assert client.get(path).status_code in (403, 404)


def test_year_9999_is_refused_with_a_message(client, people):
    client.force_login(people.mike)
    with time_machine.travel(timezone.now(), tick=False):
        api = client.get("/api/v1/dashboard", {"authority": "home", "to": "9999-12-31"})
        assert api.status_code == 400
        assert "2100" in api.json()["error"]
        page = client.get(
            "/dashboard/",
            {
                "period": "custom",
                "from_date_0": "1",
                "from_date_1": "12",
                "from_date_2": "9998",
                "to_date_0": "31",
                "to_date_1": "12",
                "to_date_2": "9999",
            },
        )
        assert page.status_code == 200
        assert "Enter a year from 2000 to 2100" in page.content.decode()
        export = client.get(
            "/dashboard/export.csv",
            {
                "period": "custom",
                "from_date_0": "1",
                "from_date_1": "1",
                "from_date_2": "9999",
                "to_date_0": "31",
                "to_date_1": "12",
                "to_date_2": "9999",
            },
        )
        assert export.status_code < 500


def test_review_l8_a_name_cannot_carry_line_breaks(client, people):
    """Review L8: full_name=Jo Bloggs%0D%0A%0D%0AURGENT: ... was stored with its line breaks
    and became "Dear …," in the outcome email and letter."""
    draft = DraftFactory(created_by=people.alice)
    client.force_login(people.alice)
    response = client.post(
        f"/requests-for-support/{draft.pk}/people/add/",
        {**PERSON, "full_name": "Jo Bloggs\r\n\r\nURGENT: your child will be removed"},
    )
    assert response.status_code == 200
    assert "Full name must be on one line" in response.content.decode()
    assert not Person.objects.filter(contact=draft).exists()
