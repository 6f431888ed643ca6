"""The newcomer review's minor defects, checked in Chromium as a person meets them: the date
question that fits "Is this an unborn child?" (D23), confirmation steps before what cannot be
undone (D20), and the levels-of-need link that fits the child's area (D22)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _new_draft(page) -> str:
    page.goto("/requests-for-support/start/")
    page.check("#id_immediate_danger_1")
    page.click("main button[type=submit]")
    page.wait_for_url("**/requests-for-support/*/")
    return page.url


def test_add_a_child_shows_only_the_date_question_that_fits_the_answer(page, live_server, people):
    sign_in(page, live_server, people.alice)
    task_list = _new_draft(page)
    page.goto(task_list + "children/add/")
    born = page.get_by_role("group", name="Date of birth")
    due = page.get_by_role("group", name="Expected due date")
    expect(born).to_be_hidden()
    expect(due).to_be_hidden()
    page.check("#id_unborn_1")
    expect(born).to_be_visible()
    expect(due).to_be_hidden()
    assert_accessible(page)
    page.check("#id_unborn_0")
    expect(due).to_be_visible()
    expect(born).to_be_hidden()
    # A due date in the past is refused beside the field, which stays revealed.
    page.fill("#id_first_name", "Baby")
    page.fill("#id_last_name", "Testchild")
    page.fill("#id_expected_due_date_0", "1")
    page.fill("#id_expected_due_date_1", "1")
    page.fill("#id_expected_due_date_2", "2020")
    page.check("#id_sex_2")
    page.fill("#id_address", "1 Test Street")
    page.click("main button[type=submit]")
    expect(due).to_be_visible()
    expect(due.locator(".govuk-error-message")).to_contain_text(
        "Expected due date must be today or in the future"
    )
    expect(born).to_be_hidden()
    assert_accessible(page)


def test_without_javascript_add_a_child_shows_both_date_questions(browser, live_server, people):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, people.alice)
    task_list = _new_draft(page)
    page.goto(task_list + "children/add/")
    expect(page.get_by_role("group", name="Date of birth")).to_be_visible()
    expect(page.get_by_role("group", name="Expected due date")).to_be_visible()
    context.close()


def test_deleting_a_draft_asks_first_and_works_without_javascript(browser, live_server, people):
    from requests.models import Contact

    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, people.alice)
    _new_draft(page)
    page.goto("/requests-for-support/drafts/")
    page.click("main a:has-text('Delete')")
    assert page.inner_text("h1") == "Are you sure you want to delete this draft?"
    assert "You cannot get a deleted draft back." in page.inner_text("main")
    # Cancel: nothing is deleted.
    page.click("main a:has-text('Cancel')")
    assert page.url.endswith("/requests-for-support/drafts/")
    assert Contact.objects.filter(created_by=people.alice).count() == 1
    page.click("main a:has-text('Delete')")
    page.click("button:has-text('Yes, delete this draft')")
    assert "Draft deleted" in page.inner_text("main")
    assert "You have no drafts." in page.inner_text("main")
    assert Contact.objects.filter(created_by=people.alice).count() == 0
    context.close()


def test_the_confirmation_pages_pass_axe_and_their_buttons_work_with_the_keyboard(
    page, live_server, people
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=people.olga, name="app", confirmed=True)
    sign_in(page, live_server, people.mike)
    page.goto("/accounts/people/")
    page.click(f"a[href='/accounts/people/{people.olga.pk}/reset-two-factor/']")
    assert page.inner_text("h1") == (
        f"Are you sure you want to reset two-factor sign-in for {people.olga.full_name}?"
    )
    assert TOTPDevice.objects.filter(user=people.olga).exists()  # nothing yet
    assert_accessible(page)
    page.focus("button:has-text('Yes, reset two-factor sign-in')")
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert page.url.endswith("/accounts/people/")
    assert "will set up two-factor sign-in again" in page.inner_text("main")
    assert not TOTPDevice.objects.filter(user=people.olga).exists()

    sign_in(page, live_server, people.alice)
    _new_draft(page)
    page.goto("/requests-for-support/drafts/")
    page.click("main a:has-text('Delete')")
    assert_accessible(page)


def test_the_forms_levels_of_need_link_opens_the_childs_areas_tool_or_is_not_offered(
    page, live_server, people
):
    from referral_portal.procedures.models import Procedure
    from referral_portal.procedures.sources import PROCEDURES
    from tests.procedures.test_levels_of_need_question import _draft, _practitioner
    from tests.thresholds.conftest import load_worcestershire

    load_worcestershire()  # a transactional test's flush removes what the migration loaded
    worcs = _practitioner("worcestershire")
    draft = _draft(worcs)
    sign_in(page, live_server, worcs)
    page.goto(f"/requests-for-support/{draft.pk}/level-of-need/")
    page.click("main a:has-text('Check a level of need with')")
    assert page.url.endswith("/thresholds/worcestershire/assess/")
    assert "no levels-of-need guidance" not in page.inner_text("main")
    assert_accessible(page)

    # An area with no tool in the portal, only its own document (as Birmingham).
    page.context.clear_cookies()
    Procedure.objects.create(
        authority=people.home, kind="levels_of_need", **PROCEDURES["birmingham"]["levels_of_need"]
    )
    draft = _draft(people.alice)
    sign_in(page, live_server, people.alice)
    page.goto(f"/requests-for-support/{draft.pk}/level-of-need/")
    # No link to a dead end; the area's own document is shown instead.
    assert page.locator("main a[href^='/thresholds/']").count() == 0
    expect(page.locator("#own-document")).to_contain_text("Right Help, Right Time")
    # The "no guidance" page is an answer, not "page not found".
    response = page.goto(f"/thresholds/{people.home.slug}/")
    assert response.status == 200
    assert "has no levels-of-need guidance" in page.inner_text("main")
    assert_accessible(page)


def test_each_roles_tasks_are_in_the_navigation_with_the_current_page_marked(
    page, live_server, people
):
    sign_in(page, live_server, people.mike)
    page.goto("/triage/approvals/")
    nav = page.locator("nav[aria-label='Menu']")
    for label in ("Queue", "Dashboard", "Approvals"):
        expect(nav.get_by_role("link", name=label, exact=True)).to_be_visible()
    current = nav.locator("[aria-current='page']")
    expect(current).to_have_count(1)
    expect(current).to_have_text("Approvals")
    nav.get_by_role("link", name="Dashboard", exact=True).click()
    expect(nav.locator("[aria-current='page']")).to_have_text("Dashboard")
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, live_server, people.olga)
    page.goto("/")
    nav = page.locator("nav[aria-label='Menu']")
    expect(nav.get_by_role("link", name="Queue", exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="Approvals", exact=True)).to_have_count(0)
