"""The letters pages in Chromium with axe: recipients and a hold, the post list."""

from __future__ import annotations

import pytest

from requests.triage import services as triage_services
from tests.conftest import assert_accessible, sign_in
from tests.letters.factories import FOUR_RECIPIENTS_FAMILY, awaiting_with_family

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_manager_reviews_recipients_holds_one_then_business_support_posts_a_letter(
    page, live_server, people, queued
):
    contact, decision = awaiting_with_family(
        people=people,
        family=[*FOUR_RECIPIENTS_FAMILY, {"full_name": "Fled Address", "address_unsafe": True}],
    )
    tom = contact.people.get(full_name="Tom Largeprint")
    sign_in(page, live_server, people.mike)
    page.goto(f"/letters/contact/{contact.pk}/recipients/")
    assert page.inner_text("h1") == "Who will receive the outcome letter"
    assert "Address marked unsafe" in page.inner_text("table")
    assert_accessible(page)
    # A hold with no reason: the error summary, linked to the field, and axe still passes.
    page.click("button:has-text('Hold back the letter to Tom Largeprint')")
    page.wait_for_selector(".govuk-error-summary")
    assert "Give the reason for holding this letter back" in page.inner_text(".govuk-error-summary")
    assert_accessible(page)
    page.fill(f"#reason-person{tom.pk}", "Sending would place the child at risk")
    page.click("button:has-text('Hold back the letter to Tom Largeprint')")
    page.wait_for_selector("text=The letter is held back")
    assert_accessible(page)

    triage_services.decision_agree(
        manager=people.mike, decision=decision, letters_reason="Checked in this fictional test"
    )
    sign_in(page, live_server, people.olga)
    page.goto("/letters/to-post/")
    assert "Rosa Nomail" in page.inner_text("table")
    assert "Tom Largeprint" not in page.inner_text("main")
    assert_accessible(page)
    page.click("a:has-text('Mark as posted')")
    # Are you sure? (D20): the confirmation page names the letter; nothing changes until Yes.
    assert page.inner_text("h1") == "Have you posted the letter to Rosa Nomail?"
    assert_accessible(page)
    page.click("button:has-text('Yes, it has been posted')")
    page.wait_for_selector("text=There are no letters to post")
    assert_accessible(page)
