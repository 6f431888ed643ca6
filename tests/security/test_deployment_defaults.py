"""Safe deployment defaults (security review M7, L3, L10): forwarded headers believed only
from the named proxy, the API rate limit on the real client, security.txt without made-up
values, and /healthz details only for the local network or staff."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def test_review_m7_x_forwarded_proto_from_a_client_is_not_believed(client, db, settings):
    """Review M7: X-Forwarded-Proto: https over plain HTTP made the response carry HSTS."""
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/accounts/sign-in/", HTTP_X_FORWARDED_PROTO="https")
    assert "Strict-Transport-Security" not in response


def test_x_forwarded_proto_from_the_named_proxy_is_believed(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    response = client.get(
        "/accounts/sign-in/", HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR="81.2.69.142"
    )
    assert "Strict-Transport-Security" in response


def test_review_l3_a_changing_x_forwarded_for_does_not_escape_the_rate_limit(client, db):
    """Review L3: 130 anonymous calls with a different X-Forwarded-For each were all
    answered (120 a minute is the limit)."""
    codes = [
        client.get(
            "/api/v1/contacts/now?authority=nowhere",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n % 250}, 10.0.{n // 250}.1",
        ).status_code
        for n in range(130)
    ]
    assert codes.count(429) == 10, codes[-12:]


def test_behind_the_proxy_each_client_has_its_own_address(rf, db, settings):
    from referral_portal.proxy import TrustedProxyMiddleware

    seen = []
    middleware = TrustedProxyMiddleware(lambda request: seen.append(request.META) or None)
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    middleware(rf.get("/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="1.1.1.1, 81.2.69.142"))
    middleware(rf.get("/", REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR="81.2.69.142"))
    assert seen[0]["REMOTE_ADDR"] == "81.2.69.142"  # the proxy's own entry, not the client's
    assert seen[1]["REMOTE_ADDR"] == "192.0.2.9"
    assert "HTTP_X_FORWARDED_FOR" not in seen[1]


def test_review_l10_healthz_details_only_inside(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # broker down: details would name it
    outside = client.get("/healthz", REMOTE_ADDR="81.2.69.142")
    assert outside.status_code == 503
    assert outside.json() == {"status": "failing"}
    inside = client.get("/healthz")  # the test client is 127.0.0.1
    assert inside.json()["failing"] == ["broker", "worker"]
    assert "checks" in inside.json()


def test_healthz_details_for_staff_from_outside(client, people, settings):
    settings.REDIS_URL = None
    client.force_login(people.olga)
    body = client.get("/healthz", REMOTE_ADDR="81.2.69.142").json()
    assert body["checks"]["database"]["ok"] is True
    client.force_login(people.alice)
    assert "checks" not in client.get("/healthz", REMOTE_ADDR="81.2.69.142").json()


def test_review_l10_security_txt_has_no_made_up_values(client, db, settings):
    """Review L10: security@localhost, an http canonical, and a Policy that was not a URI."""
    settings.DEBUG = False
    settings.PORTAL_BASE_URL = "http://portal.example.org"
    settings.SECURITY_CONTACT = ""
    assert client.get("/.well-known/security.txt").status_code == 404
    settings.SECURITY_CONTACT = "security@council.example.org"
    body = client.get("/.well-known/security.txt").content.decode()
    assert "Contact: mailto:security@council.example.org" in body
    assert "Canonical: https://portal.example.org/.well-known/security.txt" in body
    assert "Policy:" not in body
    settings.SECURITY_POLICY_URL = "https://council.example.org/vulnerability-disclosure"
    body = client.get("/.well-known/security.txt").content.decode()
    assert "Policy: https://council.example.org/vulnerability-disclosure" in body


def test_the_deploy_check_warns_without_a_security_contact(settings, capsys):
    from django.core.management.base import SystemCheckError

    settings.SECURITY_CONTACT = ""
    with pytest.raises(SystemCheckError, match="portal.W001"):
        call_command("check", "--deploy", "--fail-level", "WARNING", "--tag", "security")
