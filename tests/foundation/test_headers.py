"""Security headers on every page, and security.txt."""

from __future__ import annotations

from django.urls import reverse


def test_pages_carry_a_strict_csp_and_frame_denial(client, db):
    response = client.get(reverse("accounts:login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_signed_in_pages_are_never_cached(client, people):
    client.force_login(people.alice)
    assert client.get(reverse("home"))["Cache-Control"] == "no-store, private"


def test_security_txt_names_a_contact_and_an_expiry(client, db, settings):
    settings.SECURITY_CONTACT = "security@council.example.org"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Contact: mailto:security@council.example.org" in body and "Expires: " in body


def test_no_page_uses_inline_script_or_style(client, people):
    import re

    client.force_login(people.mike)
    for name in ("home", "audit:trail", "accounts:people", "accounts:profile"):
        html = client.get(reverse(name)).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), name
        assert " style=" not in html, name


def test_a_nul_character_in_the_address_is_refused_with_400_not_a_server_error(client, db):
    response = client.get("/api/v1/contacts/now", {"authority": "bir\x00mingham"})
    assert response.status_code == 400 and "NUL" in response.json()["error"]
    assert client.get("/contacts/?q=%00").status_code == 400
