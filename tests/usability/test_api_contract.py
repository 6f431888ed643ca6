"""The OpenAPI description promises what the API does: an authority is one of the portal's
authorities, every error has one shape, and rate limits are documented with Retry-After."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

PUBLIC = {
    ("/api/v1/contacts", "get"),
    ("/api/v1/contacts/now", "get"),
    ("/api/v1/thresholds/indicators", "get"),
    ("/api/v1/thresholds/assess", "post"),
    ("/api/v1/information-requests/check", "post"),
}


@pytest.fixture
def schema(client, people):
    response = client.get(reverse("api-schema"), {"format": "json"})
    assert response.status_code == 200
    return response.json()


@pytest.mark.django_db
def test_the_authority_is_documented_as_one_of_the_portals_authorities(schema, people):
    from referral_portal.accounts.models import Authority

    slugs = sorted(Authority.objects.values_list("slug", flat=True))
    assert {people.home.slug, people.away.slug} <= set(slugs)
    seen = 0
    for operations in schema["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] == "authority":
                    assert parameter["schema"]["enum"] == slugs
                    seen += 1
    assert seen >= 3
    assess = schema["components"]["schemas"]["AssessRequest"]["properties"]["authority"]
    assert assess["enum"] == slugs


@pytest.mark.django_db
def test_every_error_response_has_the_one_error_schema(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for code, response in operation["responses"].items():
                if code.startswith("4"):
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref == "#/components/schemas/ApiError", (path, method, code)
            if (path, method) in PUBLIC:
                limited = operation["responses"]["429"]
                assert limited["headers"]["Retry-After"]["schema"]["type"] == "integer"
            else:
                assert {"401", "403"} <= set(operation["responses"]), (path, method)
    names = [n for n in schema["components"]["schemas"] if "error" in n.lower()]
    assert names == ["ApiError"]
    assert set(schema["components"]["schemas"]["ApiError"]["properties"]) == {"error", "field"}


@pytest.mark.django_db
def test_request_bodies_are_documented_as_json_only(schema):
    for operations in schema["paths"].values():
        for operation in operations.values():
            if "requestBody" in operation:
                assert list(operation["requestBody"]["content"]) == ["application/json"]


@pytest.mark.django_db
def test_a_rate_limited_caller_gets_429_with_retry_after_in_the_documented_shape(
    client, people, settings
):
    cache.delete("throttle_anon_127.0.0.1")
    url = "/api/v1/contacts/now"
    statuses = [client.get(url, {"authority": people.home.slug}).status_code for _ in range(125)]
    assert statuses.count(429) >= 1
    response = client.get(url, {"authority": people.home.slug})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert set(response.json()) == {"error"}
    cache.delete("throttle_anon_127.0.0.1")
