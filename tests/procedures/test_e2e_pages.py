"""The pages of per-authority procedures in Chromium, checked with axe: the "no process" page,
the administrator's procedures pages, the Level 1 page with its telephone route, and the level
question in an authority's own terms."""

from __future__ import annotations

import pytest

from referral_portal.procedures.models import Procedure
from referral_portal.procedures.sources import PROCEDURES
from tests.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_authority_without_a_process_gets_a_clear_accessible_page(page, live_server, people):
    sign_in(page, live_server, people.zara)  # "away" publishes no information-request process
    page.goto(live_server.url + "/information-requests/start/")
    assert "has no information-request process in this portal" in page.inner_text("h1")
    assert page.locator("input[name='level']").count() == 0
    assert_accessible(page)


def test_the_administrators_procedures_pages_are_accessible(page, live_server, people):
    sign_in(page, live_server, people.adam)
    page.goto(live_server.url + "/procedures/")
    assert_accessible(page)
    page.click("a:has-text('Change information requests from partner agencies')")
    page.check("input[name='offered'][value='yes']")
    page.click("button:has-text('Save')")
    page.wait_for_selector(".govuk-error-summary")
    assert "Enter the title of the document" in page.inner_text(".govuk-error-summary")
    assert_accessible(page)


def test_the_level_1_page_and_the_level_question_in_the_authoritys_terms_are_accessible(
    page, live_server, people
):
    from tests.information.factories import give_information_requests
    from tests.requests.factories import CompleteDraftFactory

    give_information_requests(people.home)
    Procedure.objects.create(
        authority=people.home, kind="levels_of_need", **PROCEDURES["birmingham"]["levels_of_need"]
    )
    draft = CompleteDraftFactory(created_by=people.alice, level_of_need=None, level_reason="")
    sign_in(page, live_server, people.alice)
    page.goto(live_server.url + "/information-requests/new/1/")
    assert "option 2 option 2" in page.inner_text("#phone-route")
    assert_accessible(page)
    page.goto(live_server.url + f"/requests-for-support/{draft.pk}/level-of-need/")
    assert "Right Help, Right Time" in page.inner_text("main")
    page.click("button:has-text('Continue')")
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)
