"""What axe does not catch, checked in Chromium as a person would meet it: plain titles, every
control reachable and operable by keyboard, no sideways scrolling at 320 px, focus kept across
the dashboard's refresh, the timeout warning extended by Escape, and a quick hide that is one
deliberate action. axe runs on every page too, the API documentation included."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.conftest import assert_accessible, sign_in
from tests.dashboard.factories import decided_contact, open_contact
from tests.triage.factories import claimed_contact, received_contact

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SUFFIX = " – Safeguarding referral portal"

# Every interactive element a keyboard user must be able to reach.
FOCUSABLE = (
    "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), "
    "select:not([disabled]), textarea:not([disabled]), summary, [tabindex='0']"
)


def _role_pages(people):
    contact = claimed_contact(by=people.alice, officer=people.olga, authority=people.home)
    received_contact(by=people.bob, authority=people.home)
    now = dt.datetime.now(dt.UTC)
    decided_contact(
        by=people.olga,
        manager=people.mike,
        received=now - dt.timedelta(days=2),
        decided=now - dt.timedelta(days=1),
        created_by=people.alice,
    )
    return [
        (
            None,
            [
                "/",
                "/thresholds/",
                "/accounts/sign-in/",
                "/accessibility/",
                "/privacy/",
                "/cookies/",
                "/contact/",
            ],
        ),
        (people.alice, ["/", "/requests-for-support/mine/", "/information-requests/"]),
        (
            people.olga,
            ["/", "/triage/", f"/triage/contacts/{contact.pk}/", "/information-requests/queue/"],
        ),
        (people.mike, ["/dashboard/", "/triage/approvals/", "/audit/", "/accounts/profile/"]),
    ]


def _overflow(page) -> int:
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_each_roles_main_pages_have_plain_titles_no_sideways_scroll_at_320px_and_pass_axe(
    browser, live_server, people
):
    pages = _role_pages(people)
    for user, paths in pages:
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 320, "height": 640}
        )
        page = context.new_page()
        page.csp_violations = []
        page.on(
            "console",
            lambda m, page=page: (
                page.csp_violations.append(m.text) if "Content Security Policy" in m.text else None
            ),
        )
        if user is not None:
            sign_in(page, live_server, user)
        for path in paths:
            page.goto(path)
            title = page.title()
            assert title.endswith(SUFFIX) and "<" not in title, f"{path}: {title!r}"
            assert _overflow(page) <= 0, (
                f"{path} scrolls sideways at 320 px by {_overflow(page)} px"
            )
            assert_accessible(page)
        context.close()


def test_every_control_on_each_roles_main_pages_is_reached_with_tab(page, live_server, people):
    for user, paths in _role_pages(people):
        page.context.clear_cookies()
        if user is not None:
            sign_in(page, live_server, user)
        for path in paths:
            page.goto(path)
            expected = page.evaluate(
                """(selector) => [...document.querySelectorAll(selector)]
                    .filter((el) => el.offsetParent !== null || el.getClientRects().length)
                    .filter((el) => !el.closest('details:not([open]) > :not(summary)'))
                    .filter((el) => el.tabIndex >= 0).length""",
                FOCUSABLE,
            )
            page.evaluate("() => document.activeElement && document.activeElement.blur()")
            reached = set()
            for _ in range(expected * 2 + 10):
                page.keyboard.press("Tab")
                marker = page.evaluate(
                    """() => { const el = document.activeElement;
                        if (!el || el === document.body) return null;
                        if (!el.dataset.tabSeen) el.dataset.tabSeen = String(Math.random());
                        return el.dataset.tabSeen; }"""
                )
                if marker is None:
                    break
                if marker in reached:
                    break  # wrapped round to the first again
                reached.add(marker)
            assert len(reached) >= expected, (
                f"{path}: Tab reached {len(reached)} of {expected} controls"
            )


def test_links_styled_as_buttons_work_with_space(page, live_server, people):
    sign_in(page, live_server, people.alice)
    page.goto("/requests-for-support/start/")
    page.check("#id_immediate_danger_1")
    page.click("main button[type=submit]")
    page.click("text=The child or children")
    button = page.locator("main a.govuk-button", has_text="Add a child")
    assert button.get_attribute("role") == "button"
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert page.url.endswith("/children/add/")


def test_the_dashboard_refresh_keeps_focus_can_be_paused_and_is_announced(
    page, live_server, people
):
    now = dt.datetime.now(dt.UTC)
    open_contact(
        received=now - dt.timedelta(hours=30), held_by=people.olga, created_by=people.alice
    )
    sign_in(page, live_server, people.mike)
    page.clock.install()
    page.goto("/dashboard/")
    open_before = page.inner_text("[data-figure='open']")
    link = page.locator("a", has_text="Download these figures")
    link.focus()
    open_contact(received=now - dt.timedelta(hours=1), created_by=people.bob)
    page.clock.run_for(61_000)
    expect(page.locator("[data-figure='open']")).to_have_text(str(int(open_before) + 1))
    # Focus is where the person left it, on the same element, not thrown back to the top.
    assert page.evaluate("() => document.activeElement.textContent").startswith("Download")
    expect(page.locator("#dashboard-status")).to_have_text(re.compile(r"^Figures updated at"))
    assert_accessible(page)

    page.click("#dashboard-pause")
    expect(page.locator("#dashboard-pause")).to_have_text("Resume automatic updates")
    open_contact(received=now - dt.timedelta(hours=2), created_by=people.bob)
    page.clock.run_for(61_000)
    page.wait_for_timeout(500)
    expect(page.locator("[data-figure='open']")).to_have_text(str(int(open_before) + 1))
    page.click("#dashboard-pause")
    page.clock.run_for(61_000)
    expect(page.locator("[data-figure='open']")).to_have_text(str(int(open_before) + 2))


def test_escape_on_the_timeout_warning_extends_the_session_and_the_warning_returns(
    page, live_server, people, settings
):
    settings.SESSION_IDLE_TIMEOUT = 600
    sign_in(page, live_server, people.olga)
    page.clock.install()
    page.goto("/")
    dialog = page.locator("#timeout-warning")
    page.clock.run_for(481_000)  # 8 minutes: the warning shows 2 minutes before sign-out
    expect(dialog).to_be_visible()
    expect(dialog.locator("[data-timeout-countdown]")).to_have_text(re.compile(r"^in 1 minute"))
    assert_accessible(page)
    with page.expect_request(re.compile(r"/accounts/keep-alive/")) as keep_alive:
        page.keyboard.press("Escape")
    assert keep_alive.value.response().status == 204
    expect(dialog).to_be_hidden()
    # Two more minutes pass: the old deadline is gone, nobody is signed out.
    page.clock.run_for(130_000)
    assert "/accounts/sign-in/" not in page.url
    assert page.inner_text("h1") == "What do you need to do?"
    # The warning comes back before the new deadline, and "Sign out" signs out now.
    page.clock.run_for(360_000)
    expect(dialog).to_be_visible()
    with page.expect_navigation():
        dialog.locator("button", has_text="Sign out").click()
    page.goto("/accounts/profile/")
    assert "/accounts/sign-in/" in page.url  # signed out on the server, not just hidden


def test_quick_hide_is_one_deliberate_action_that_keeps_what_was_typed(page, live_server, people):
    sign_in(page, live_server, people.alice)
    page.goto("/")
    page.goto("/requests-for-support/start/")
    page.check("#id_immediate_danger_1")
    page.click("main button[type=submit]")
    page.click("text=What is working well?")
    form_url = page.url
    page.fill("#id_existing_strengths", "Grandmother visits daily")
    # Escape while typing in a box (closing autocomplete, say) does not hide the page.
    page.focus("#id_existing_strengths")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert page.url == form_url
    # One Escape outside a box hides it at once.
    page.focus("#quick-hide")
    with page.expect_navigation():
        page.keyboard.press("Escape")
    assert page.url.endswith("/requests-for-support/weather/")
    # Back does not show the form again.
    page.go_back()
    page.wait_for_load_state()
    page.wait_for_url(re.compile(r"/weather/$"))
    # Opening the form on purpose, the unsaved words are still there.
    page.goto("/")
    page.goto(form_url)
    assert page.input_value("#id_existing_strengths") == "Grandmother visits daily"


def test_the_api_documentation_loads_under_the_csp_and_passes_axe(page, live_server, db):
    page.goto("/api/v1/docs/")
    assert page.title() == "API documentation" + SUFFIX
    assert page.get_attribute("html", "lang") == "en-GB"
    expect(page.locator(".opblock").first).to_be_visible()  # the viewer ran: not a blank page
    assert page.locator(".opblock").count() > 5
    assert_accessible(page)
    page.locator(".opblock-summary-control").first.click()
    page.click("text=Try it out")
    assert_accessible(page)
