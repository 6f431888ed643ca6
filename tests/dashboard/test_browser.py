"""The dashboard in Chromium: accessible (axe, WCAG 2.2 AA), usable without and with JavaScript."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.conftest import assert_accessible, sign_in
from tests.dashboard.factories import decided_contact, open_contact

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _some_contacts(people):
    now = dt.datetime.now(dt.UTC)
    decided_contact(
        by=people.olga,
        manager=people.mike,
        received=now - dt.timedelta(days=2, hours=3),
        decided=now - dt.timedelta(days=1, hours=10),
        created_by=people.alice,
    )
    decided_contact(
        by=people.olga,
        manager=people.mike,
        received=now - dt.timedelta(days=5),
        decided=now - dt.timedelta(days=3),
        created_by=people.bob,
    )
    return open_contact(
        received=now - dt.timedelta(hours=30), held_by=people.olga, created_by=people.alice
    )


def test_a_manager_reads_the_dashboard_chooses_dates_and_it_stays_accessible(
    page, live_server, people
):
    overdue = _some_contacts(people)
    sign_in(page, live_server, people.mike)
    page.goto("/dashboard/")
    assert page.inner_text("h1") == "24-hour dashboard"
    assert overdue.contact.reference in page.inner_text("#overdue")
    assert page.locator("#trend-chart rect").count() == 90
    assert_accessible(page)

    page.click("text=Choose the period")
    page.check("input[value='custom']")
    page.fill("#id_from_date_0", "31")
    page.fill("#id_from_date_1", "2")
    page.fill("#id_from_date_2", "2026")
    page.click("button:has-text('Show figures')")
    page.wait_for_selector(".govuk-error-summary")
    assert "real date" in page.inner_text(".govuk-error-summary")
    assert page.input_value("#id_from_date_0") == "31"  # what was typed is kept
    assert_accessible(page)

    page.fill("#id_from_date_0", "1")
    page.fill("#id_to_date_0", "1")
    page.fill("#id_to_date_1", "1")
    page.fill("#id_to_date_2", "2027")
    page.click("button:has-text('Show figures')")
    page.wait_for_selector("[data-figure='received']")
    assert page.inner_text("[data-figure='received']").startswith("3")
    page.click("text=The same figures as a table")
    assert page.locator("#trend-table tbody tr").count() == 90
    assert_accessible(page)


def test_the_page_refreshes_itself_and_keeps_the_chosen_period(page, live_server, people):
    _some_contacts(people)
    sign_in(page, live_server, people.mike)
    page.clock.install()
    page.goto("/dashboard/?period=7")
    assert page.inner_text("[data-figure='received']").startswith("3")
    decided_contact(
        by=people.olga,
        manager=people.mike,
        received=dt.datetime.now(dt.UTC) - dt.timedelta(hours=3),
        decided=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1),
        created_by=people.bob,
    )
    page.clock.run_for(61_000)
    # A locator expectation, not wait_for_function: the page's CSP forbids evaluating strings.
    expect(page.locator("[data-figure='received']")).to_have_text(re.compile(r"^4"))
    assert page.url.endswith("/dashboard/?period=7")
    assert page.is_checked("input[value='7']")


def test_an_officer_sees_their_own_read_only_dashboard(page, live_server, people):
    _some_contacts(people)
    sign_in(page, live_server, people.olga)
    page.goto("/dashboard/")
    assert "Your own figures, read only" in page.inner_text("main")
    assert_accessible(page)
