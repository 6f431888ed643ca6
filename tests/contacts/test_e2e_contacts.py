"""In Chromium with axe: the directory page and a page showing the panel."""

from __future__ import annotations

import pytest

from tests.conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_visitor_chooses_an_area_and_sees_who_to_call(page, live_server, seeded):
    page.goto("/contacts/")
    assert page.inner_text("h1") == "Which area does the child live in?"
    page.check("#authority-birmingham")
    page.click("button:has-text('Continue')")
    page.wait_for_selector("h1:has-text('Who to call')")
    assert_accessible(page)
    banner = page.locator(".app-emergency")
    assert banner.inner_text().startswith("A child in immediate danger: call 999.")
    number = banner.locator("a[href^='tel:012']")
    assert number.inner_text() in ("0121 303 1888", "0121 675 4806")
    panel = page.locator("#call-now").inner_text()
    assert number.inner_text() in panel
    assert page.locator("#service-lado a[href^='mailto:']").inner_text() == (
        "Ladoteam@birminghamchildrenstrust.co.uk"
    )


def test_search_and_print_layout(page, live_server, seeded):
    page.goto("/contacts/?authority=worcestershire")
    page.fill("#q", "out of hours")
    page.keyboard.press("Enter")
    page.wait_for_selector("#service-out_of_hours")
    assert page.locator("#service-front_door").count() == 0
    assert_accessible(page)
    page.emulate_media(media="print")
    assert not page.locator("form[role=search]").is_visible()
    assert not page.locator("footer").is_visible()
    assert page.locator("#service-out_of_hours a[href='tel:01905768020']").is_visible()


def test_the_panel_on_the_home_page_is_accessible(page, live_server, seeded):
    page.goto("/authority/")
    page.check("#authority-worcestershire")
    page.click("button:has-text('Continue')")
    page.wait_for_selector(".app-emergency a[href^='tel:01905']")
    assert_accessible(page)
    assert "Family Front Door is" in page.inner_text(".app-emergency")


def test_a_manager_changes_the_hours_of_a_date_by_keyboard(page, live_server, seeded, settings):
    from referral_portal.accounts.models import Role
    from tests.conftest import sign_in
    from tests.factories import UserFactory

    settings.TWO_FACTOR_ENFORCED = False
    manager = UserFactory(
        email="mo@bhm.example.org", role=Role.MANAGER, authority=seeded.birmingham, agency=None
    )
    sign_in(page, live_server, manager)
    page.goto("/contacts/hours/")
    assert_accessible(page)
    page.click("button:has-text('Save')")
    page.wait_for_selector(".govuk-error-summary")
    assert "Enter the date" in page.inner_text(".govuk-error-summary")
    assert_accessible(page)
    page.fill("#id_date_0", "24")
    page.fill("#id_date_1", "12")
    page.fill("#id_date_2", "2099")
    page.check("input[name=change][value=changed]")
    page.fill("#id_opens", "08:45")
    page.fill("#id_closes", "12:30")
    page.fill("#id_reason", "Christmas Eve")
    page.click("button:has-text('Save')")
    page.wait_for_selector(".govuk-notification-banner--success")
    assert "Thursday 24 December 2099" in page.inner_text("main")
    assert_accessible(page)
