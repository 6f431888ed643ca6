"""The levels-of-need pages in Chromium, checked with axe: guidance, tool, result, print."""

from __future__ import annotations

import pytest

from tests.conftest import assert_accessible, sign_in
from tests.thresholds.conftest import load_worcestershire

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def framework(transactional_db):
    return load_worcestershire()


def test_guidance_page_is_accessible_and_searchable(page, live_server, framework):
    page.goto("/thresholds/")
    assert_accessible(page)
    page.click("text=Read the levels-of-need guidance of Worcestershire")
    assert page.inner_text("h1") == "Levels of need"
    assert_accessible(page)
    page.fill("#q", "gangs")
    page.click("form[role=search] button")
    assert "1 example of need containing “gangs”" in page.inner_text("#results")
    assert_accessible(page)


def test_tool_by_keyboard_to_a_level_four_result(page, live_server, framework, people, monkeypatch):
    from thresholds import views

    sign_in(page, live_server, people.alice)

    real_reverse = views.reverse
    monkeypatch.setattr(
        views,
        "reverse",
        lambda name, *a, **k: (
            "/requests-for-support/start/"
            if name == "requests:start"
            else real_reverse(name, *a, **k)
        ),
    )
    page.goto("/thresholds/worcestershire/assess/")
    assert_accessible(page)
    page.fill("#q", "fgm")  # filters as you type
    assert page.locator(".govuk-checkboxes__item:visible").count() == 1
    assert page.inner_text("#search-status") == "Showing 1 example containing “fgm”."
    page.focus("#q")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past the Search button, to the only visible checkbox
    page.keyboard.press("Space")
    assert page.is_checked("text=Female Genital Mutilation (FGM)")
    page.fill("#q", "")
    page.check("text=Poor personal hygiene")
    page.click("button[value=assess]")
    assert page.inner_text("h1").startswith("Suggested level of need: level 4")
    assert_accessible(page)
    button = page.locator('a:has-text("Start a Referral to Children\'s Social Care")')
    assert "/requests-for-support/start/?assessment=" in button.get_attribute("href")
    assert "Poor personal hygiene" in page.inner_text("main")
    assert page.locator("button:has-text('Print this assessment')").is_visible()


def test_nothing_ticked_shows_an_accessible_error(page, live_server, framework):
    page.goto("/thresholds/worcestershire/assess/")
    page.click("button[value=assess]")
    summary = page.inner_text(".govuk-error-summary")
    assert "Select at least one example of need that describes the child" in summary
    assert_accessible(page)


def test_tool_works_without_javascript(browser, live_server, framework):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/thresholds/worcestershire/assess/")
    page.check("text=Child in care or care leaver")
    page.fill("#q", "hygiene")
    page.click("button[value=search]")
    assert "Showing 7 examples containing “hygiene”" in page.inner_text("#search-status")
    page.check("text=Poor personal hygiene")
    page.click("button[value=assess]")
    assert page.inner_text("h1").startswith("Suggested level of need: level 4")
    main = page.inner_text("main")
    assert "Child in care or care leaver" in main and "Poor personal hygiene" in main
    assert page.locator("button:has-text('Print this assessment')").count() == 0
    context.close()


def test_saved_assessment_prints_without_the_page_chrome(page, live_server, framework, people):
    sign_in(page, live_server, people.alice)
    page.goto("/thresholds/worcestershire/assess/")
    page.check("text=Conception aged under 16")
    page.click("button[value=assess]")
    page.click("button:has-text('Save this assessment')")
    assert "saved" in page.inner_text(".govuk-notification-banner")
    assert_accessible(page)
    page.emulate_media(media="print")
    assert not page.locator(".govuk-footer").is_visible()
    assert not page.locator(".govuk-button-group").is_visible()
    assert page.locator("h1").is_visible()
    page.emulate_media(media="screen")
    page.goto("/thresholds/saved/")
    assert "Level 3" in page.inner_text("main")
    assert_accessible(page)


def test_authority_without_a_framework_page_is_accessible(page, live_server, framework, people):
    response = page.goto(f"/thresholds/{people.home.slug}/")
    assert response.status == 200  # an answer, not "page not found" (D22)
    assert "has no levels-of-need guidance" in page.inner_text("main")
    assert_accessible(page)
