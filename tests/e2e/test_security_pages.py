"""Security round two's pages in Chromium, under the real CSP, with axe: API keys on the
account page, the unlock link's page, and the people page's unlock button."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from tests.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("SCREENSHOTS_DIR")


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_api_keys_on_the_account_page(page, live_server, people):
    sign_in(page, live_server, people.alice)
    page.goto("/accounts/profile/")
    assert_accessible(page)
    page.click("button:has-text('Create an API key')")
    page.wait_for_selector(".govuk-error-message")
    assert "Enter what the key is for" in page.inner_text(".govuk-error-message")
    assert_accessible(page)
    page.fill("#api-key-name", "School case system")
    page.click("button:has-text('Create an API key')")
    page.wait_for_selector(".app-api-key")
    key = page.input_value(".app-api-key")
    assert len(key) > 30
    assert "School case system" in page.inner_text("table")
    assert_accessible(page)
    _shot(page, "account-api-keys")
    page.click("button:has-text('Revoke')")
    page.wait_for_selector("text=no longer works")
    assert "You have no API keys that work now" in page.content()
    assert_accessible(page)


def test_unlock_link_and_the_manager_s_button(page, live_server, people):
    from django.core import signing
    from django.utils import timezone

    from referral_portal.accounts.models import SignInLimit
    from referral_portal.accounts.sign_in_limits import UNLOCK_SALT

    now = timezone.now() - dt.timedelta(minutes=1)
    SignInLimit.objects.create(
        username=people.olga.email, failures=10, last_failed_at=now, locked_at=now
    )
    token = signing.dumps(
        {"u": people.olga.email, "at": now.isoformat()}, salt=UNLOCK_SALT, compress=True
    )
    sign_in(page, live_server, people.mike)
    page.goto("/accounts/people/")
    assert "Unlock sign-in" in page.content()
    assert_accessible(page)
    _shot(page, "people-unlock")
    page.context.clear_cookies()
    page.goto(f"/accounts/unlock/{token}/")
    assert page.inner_text("h1") == "Unlock your account"
    assert_accessible(page)
    page.click("button:has-text('Unlock my account')")
    page.wait_for_selector("text=Your account is unlocked")
    assert not SignInLimit.objects.exists()
