"""Every page's browser title is plain text, "Page – Safeguarding referral portal", with "Error: "
first when the page shows errors; the footer's standard pages say what is true of this portal."""

from __future__ import annotations

import html
import re

import pytest
from django.conf import settings
from django.urls import reverse

from referral_portal.rights.models import RecordType, RetentionPolicy
from tests.triage.factories import claimed_contact

TITLE = re.compile(r"<title>(.*?)</title>", re.S)
SUFFIX = " – Safeguarding referral portal"


def title_of(response) -> str:
    match = TITLE.search(response.content.decode())
    assert match, f"{response.request['PATH_INFO']} has no <title>"
    return html.unescape(match.group(1))


def assert_plain_title(response, *, error: bool = False) -> str:
    title = title_of(response)
    path = response.request["PATH_INFO"]
    assert "<" not in title and ">" not in title, f"{path}: markup in the title: {title!r}"
    assert "\n" not in title.strip(), f"{path}: the title runs over lines: {title!r}"
    assert title.endswith(SUFFIX), f"{path}: {title!r}"
    page = title.removesuffix(SUFFIX)
    assert page and page == page.strip(), f"{path}: {title!r}"
    assert page.startswith("Error: ") is error, f"{path}: {title!r}"
    assert "(error)" not in title
    return page


def _pages(people):
    contact = claimed_contact(by=people.alice, officer=people.olga, authority=people.home)
    return {
        None: [
            reverse("home"),
            reverse("choose_authority"),
            reverse("thresholds:start"),
            reverse("accounts:login"),
            reverse("accounts:register_start"),
            reverse("accessibility"),
            reverse("privacy"),
            reverse("cookies"),
            reverse("contact"),
        ],
        people.alice: [
            reverse("home"),
            reverse("accounts:profile"),
            reverse("requests:start"),
            reverse("requests:drafts"),
            reverse("requests:mine"),
            reverse("information:mine"),
        ],
        people.olga: [
            reverse("home"),
            reverse("accounts:profile"),
            reverse("triage:queue"),
            reverse("triage:record", args=[contact.pk]),
            reverse("information:queue"),
            reverse("dashboard:index"),
        ],
        people.mike: [
            reverse("triage:approvals"),
            reverse("dashboard:index"),
            reverse("audit:trail"),
            reverse("rights:subject_access"),
        ],
        people.adam: [reverse("accounts:people"), reverse("accounts:registrations")],
    }


@pytest.mark.django_db
def test_every_main_page_of_every_role_has_a_plain_text_title(client, people):
    seen = []
    for user, paths in _pages(people).items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            seen.append(assert_plain_title(response))
    assert "Your account" in seen  # the page whose title once carried a form and a token


@pytest.mark.django_db
def test_pages_with_errors_put_error_first_in_the_title(client, people):
    response = client.post(reverse("accounts:login"), {"username": "", "password": ""})
    assert assert_plain_title(response, error=True) == "Error: Sign in"
    # A page whose error is not a Django form (the area chooser) follows the same pattern.
    response = client.post(reverse("choose_authority"), {"authority": ""})
    assert assert_plain_title(response, error=True).startswith("Error: Which area")
    client.force_login(people.mike)
    response = client.get(reverse("dashboard:index"), {"period": "custom", "from_date_0": "31"})
    assert assert_plain_title(response, error=True) == "Error: 24-hour dashboard"


@pytest.mark.django_db
def test_the_footer_links_to_the_standard_pages_on_every_page(client, people):
    page = client.get(reverse("home")).content.decode()
    for name, text in [
        ("accessibility", "Accessibility statement"),
        ("privacy", "Privacy"),
        ("cookies", "Cookies"),
        ("contact", "Contact"),
        ("api-docs", "API documentation"),
    ]:
        assert f'href="{reverse(name)}">{text}</a>' in page


@pytest.mark.django_db
def test_the_contact_page_gives_the_security_contact_and_999(client, settings):
    settings.SECURITY_CONTACT = "security@portal.example.org"
    page = client.get(reverse("contact")).content.decode()
    assert 'href="mailto:security@portal.example.org"' in page
    assert 'href="tel:999"' in page and "/.well-known/security.txt" in page


@pytest.mark.django_db
def test_the_privacy_notice_gives_the_areas_own_retention_periods(client, people):
    RetentionPolicy.objects.create(
        authority=people.home, record_type=RecordType.DECIDED_CONTACT, days=2000
    )
    client.force_login(people.alice)
    page = client.get(reverse("privacy")).content.decode()
    assert "2000 days" in page  # the area's own setting
    assert "730 days" in page  # the default for information requests, not set by this area
    client.logout()
    page = client.get(reverse("privacy")).content.decode()
    assert f"never less than {settings.RETENTION_MINIMUM_DAYS} days" in page


@pytest.mark.django_db
def test_the_cookies_page_names_every_cookie_the_portal_sets(client, people):
    page = client.get(reverse("cookies")).content.decode()
    for name in [
        settings.SESSION_COOKIE_NAME,
        settings.CSRF_COOKIE_NAME,
        "messages",
        "portal_authority",
    ]:
        assert f'<td class="govuk-table__cell">{name}</td>' in page
    response = client.post(reverse("choose_authority"), {"authority": people.home.slug})
    assert set(response.cookies) <= {"portal_authority", settings.CSRF_COOKIE_NAME}


@pytest.mark.django_db
def test_the_api_documentation_loads_its_viewer_from_this_portal_only(client):
    response = client.get(reverse("api-docs"))
    page = response.content.decode()
    assert '<html lang="en-GB">' in page
    assert "<title>API documentation – Safeguarding referral portal</title>" in page
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("/") for s in sources), sources
    assert "<script>" not in page and "<style>" not in page  # the CSP allows neither
    script = [s for s in sources if "script" in s][0]
    assert client.get(script)["Content-Type"].startswith("application/javascript")


@pytest.mark.django_db
def test_signing_out_says_so(client, people):
    client.force_login(people.alice)
    response = client.post(reverse("accounts:logout"), follow=True)
    assert "You have signed out" in response.content.decode()
    assert not response.context["user"].is_authenticated
