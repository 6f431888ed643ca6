"""The foundation's pages in Chromium: sign-in by keyboard, home, audit trail, error pages; axe."""

from __future__ import annotations

import pytest

from tests.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_sign_in_with_the_keyboard_and_see_the_home_page(page, live_server, people):
    page.goto("/accounts/sign-in/")
    assert_accessible(page)
    assert (
        page.locator(".app-emergency")
        .inner_text()
        .startswith("A child in immediate danger: call 999")
    )
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.fill("#id_username", people.olga.email)
    page.fill("#id_password", "not the password")
    page.keyboard.press("Enter")
    page.wait_for_selector(".govuk-error-summary")
    assert "Enter a correct email address and password" in page.inner_text(".govuk-error-summary")
    assert_accessible(page)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('What do you need to do?')")
    assert_accessible(page)
    assert "Home Council" in page.inner_text("header")


def test_register_page_errors_are_accessible(page, live_server, people):
    page.goto(f"/accounts/register/{people.home.slug}/")
    assert_accessible(page)
    page.click("button:has-text('Register')")
    page.wait_for_selector(".govuk-error-summary")
    assert "Enter your full name" in page.inner_text(".govuk-error-summary")
    assert_accessible(page)


def test_manager_audit_trail_is_accessible(page, live_server, people):
    sign_in(page, live_server, people.mike)
    page.goto("/audit/?date_from_0=40&date_from_1=1&date_from_2=2026")
    assert "Start date must be a real date" in page.inner_text(".govuk-error-summary")
    assert_accessible(page)
    page.goto("/audit/")
    assert page.inner_text("h1") == "Audit trail"
    assert_accessible(page)


def test_error_pages_are_accessible(page, live_server, people):
    sign_in(page, live_server, people.alice)
    response = page.goto("/audit/")
    assert response.status == 403
    assert page.inner_text("h1") == "You cannot see this page"
    assert_accessible(page)
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert page.inner_text("h1") == "Page not found"
    assert_accessible(page)


def test_server_error_page_is_accessible(page, live_server, db):
    from django.template import loader

    page.set_content(loader.get_template("500.html").render({}))
    assert page.inner_text("h1") == "Sorry, there is a problem with the service"
    assert_accessible(page)


def test_public_home_works_without_javascript(browser, live_server, db):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    assert page.inner_text("h1") == "Raise a concern about a child"
    page.click("text=Choose the area the child lives in")
    assert page.inner_text("h1") == "Which area does the child live in?"
    context.close()


def test_staff_see_the_timeout_warning_and_can_stay_signed_in(page, live_server, people, settings):
    settings.SESSION_IDLE_TIMEOUT = 123  # the warning shows 2 minutes before: after 3 seconds
    sign_in(page, live_server, people.olga)
    page.goto("/")
    dialog = page.locator("#timeout-warning")
    dialog.wait_for(state="visible", timeout=10000)
    assert "You will be signed out soon" in dialog.inner_text()
    assert_accessible(page)
    page.keyboard.press("Tab")
    page.click("[data-stay-signed-in]")
    dialog.wait_for(state="hidden")
    assert page.inner_text("h1") == "What do you need to do?"
