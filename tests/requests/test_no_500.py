"""No input gives a 500: property-based tests over the form's pages and the API."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from tests.requests.factories import DraftFactory

pytestmark = pytest.mark.django_db

FIELDS = [
    "immediate_danger",
    "referrer_role",
    "referrer_phone",
    "referrer_email",
    "categories",
    "past_harm",
    "future_danger",
    "safety_scale",
    "safety_scale_reason",
    "consent",
    "consent_not_sought_reason",
    "first_name",
    "last_name",
    "unborn",
    "date_of_birth_0",
    "date_of_birth_1",
    "date_of_birth_2",
    "expected_due_date_0",
    "expected_due_date_1",
    "expected_due_date_2",
    "sex",
    "full_name",
    "relationship",
    "parental_responsibility",
    "lives_with_child",
    "email",
    "needs_bsl",
    "level_of_need",
    "level_reason",
    "assessment",
    "declaration",
]
PAGES = [
    "referrer/",
    "concerns/",
    "worries/",
    "safety-scale/",
    "consent/",
    "children/add/",
    "people/add/",
    "level-of-need/",
    "check/",
    "no-such-page/",
]
text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60
) | st.sampled_from(["", "yes", "no", "4", "-1", "99999999999999999999", "2026", "31", "given"])
form_data = st.dictionaries(st.sampled_from(FIELDS), st.lists(text, max_size=3), max_size=10)

json_value = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=10,
)
api_body = st.dictionaries(st.sampled_from([*FIELDS, "children", "people"]), json_value, max_size=8)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(page=st.sampled_from(PAGES), data=form_data)
def test_no_form_input_gives_a_server_error(client, people, page, data):
    client.force_login(people.alice)
    draft = DraftFactory(created_by=people.alice)
    response = client.post(f"/requests-for-support/{draft.pk}/{page}", data)
    assert response.status_code < 500
    response = client.post("/requests-for-support/start/", data)
    assert response.status_code < 500


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=api_body | json_value, key=st.none() | text)
def test_no_api_body_gives_a_server_error(people, in_process, body, key):
    client = APIClient()
    client.force_authenticate(people.alice)
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key and key.isprintable() else {}
    response = client.post("/api/v1/requests-for-support", body, format="json", **headers)
    assert response.status_code < 500
    assert "error" in response.json()


@pytest.mark.parametrize(
    "raw",
    [b'{"past_harm": NaN}', b'{"safety_scale": Infinity}', b"{", b"\xff\xfe", b"[]", b"null"],
)
def test_malformed_json_is_a_400_in_json(people, raw):
    client = APIClient()
    client.force_authenticate(people.alice)
    response = client.post("/api/v1/requests-for-support", raw, content_type="application/json")
    assert response.status_code == 400
    assert "error" in response.json()
