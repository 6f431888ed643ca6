"""In Chromium: an officer claims, gathers and decides; a duty manager agrees. axe on each page."""

from __future__ import annotations

import pytest

from tests.conftest import assert_accessible, sign_in
from tests.triage.factories import received_contact

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_officer_claims_gathers_and_decides_and_a_manager_agrees(page, live_server, people):
    contact = received_contact(by=people.alice, immediate_danger=True)
    received_contact(by=people.bob)

    sign_in(page, live_server, people.olga)
    page.goto("/triage/")
    assert page.inner_text("h1") == "Triage queue"
    assert "Immediate danger" in page.inner_text("tbody tr:first-child")
    assert_accessible(page)

    page.click("button:has-text('Take next')")
    page.wait_for_selector(f"h1:has-text('Contact {contact.reference}')")
    assert "Held by: you" in page.inner_text("main")
    # Immediate danger: no decision until the immediate action is recorded (issue 18).
    assert "This contact needs immediate action" in page.inner_text("main")
    assert page.locator("text=Record the decision").count() == 0
    assert_accessible(page)

    page.click("text=Change consent, MASH or immediate action")
    page.click("button:has-text('Save')")  # nothing chosen: the error summary explains
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)
    page.check("input[name=consent_to_gather][value=given]")
    page.fill("#id_consent_notes", "Mother agreed on the phone.")
    page.fill("#id_immediate_action_taken", "Police asked to visit the home today.")
    page.fill("#id_immediate_action_by", "Olga Officer")
    page.fill("#id_immediate_action_on_0", "1")
    page.fill("#id_immediate_action_on_1", "1")
    page.fill("#id_immediate_action_on_2", "2026")
    page.fill("#id_immediate_action_time", "09:15")
    page.click("button:has-text('Save')")
    page.wait_for_selector("text=Consent, MASH and immediate action saved")

    page.click("text=Add a professional contacted")
    page.fill("#id_name", "Dr Ada Example")
    page.fill("#id_agency", "Example Surgery")
    page.fill("#id_email", "ada@surgery.example.org")
    page.fill("#id_asked", "Any concerns about the children?")
    page.fill("#id_said", "Missed appointments.")
    assert_accessible(page)
    page.click("button:has-text('Save')")
    page.wait_for_selector("text=Dr Ada Example, Example Surgery")

    page.click("text=Record the decision")
    page.check("input[name=outcome][value=single_assessment]")
    assert_accessible(page)
    page.click("button:has-text('Continue')")
    page.fill("#id_rationale", "Needs are complex; a single assessment will clarify them.")
    page.fill("#id_family_text", "A social worker will contact you to arrange it.")
    assert_accessible(page)
    page.click("button:has-text('Send for agreement')")
    page.wait_for_selector("text=Decision sent to the duty managers for agreement")
    assert "Awaiting manager agreement" in page.inner_text("main")
    assert_accessible(page)

    sign_in(page, live_server, people.mike)
    page.goto("/triage/approvals/")
    assert_accessible(page)
    page.click(f"a:has-text('{contact.reference}')")
    review = page.inner_text("main")
    assert "Police asked to visit the home today." in review
    assert "By Olga Officer, 1 January 2026, 9:15am" in review
    page.check("input[name=answer][value=agree]")
    # Nobody was named with parental responsibility: the manager must say why to agree.
    assert "Nobody is confirmed to hold parental responsibility" in page.inner_text("main")
    page.fill(
        "#id_letters_reason", "The referrer named no family; the social worker will find them."
    )
    assert_accessible(page)
    page.click("button:has-text('Save your answer')")
    # What happened and what happens next, not "Your answer is saved" (D18).
    page.wait_for_selector("text=Decision agreed. The outcome letters are being sent")
    main = page.inner_text("main")
    assert "Decision made" in main and "Agreed by" in main
    assert "Decision agreed by a duty manager" in main  # the timeline
    assert_accessible(page)
    page.goto("/triage/")
    assert contact.reference not in page.inner_text("main")


def test_the_whole_submission_and_the_agree_page_read_well_and_pass_axe(
    page, live_server, people, tmp_path
):
    from referral_portal.procedures.models import Kind, Procedure
    from requests.triage import services
    from tests.triage.factories import full_submission

    # Early help is an outcome where the authority has an Early Help route in the portal.
    Procedure.objects.create(authority=people.home, kind=Kind.EARLY_HELP, offered=True)
    contact = full_submission(people)
    services.decision_propose(
        user=people.olga,
        contact=contact,
        outcome="early_help",
        rationale="Needs are about routines at home; the family is open to support.",
        next_steps="The Early Help team will contact the family.",
    )
    sign_in(page, live_server, people.mike)
    page.goto(f"/triage/contacts/{contact.pk}/")
    main = page.inner_text("main")
    assert "Mother said she did not want social services involved." in main
    assert "Address unsafe" in main and "drawing.png" in main
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "record.png"), full_page=True)
    page.click("text=Agree or return this decision")
    rows = {
        row.locator("dt").inner_text(): row.locator("dd").inner_text()
        for row in page.locator(".govuk-summary-list__row").all()
    }
    assert rows["Outcome"] == "Early help"
    assert rows["Rationale (internal, never printed in a letter)"].startswith(
        "Needs are about routines at home"
    )
    assert rows["Referrer's consent answer"] == "The parents refused consent"
    assert "Read the full record of" in page.inner_text("main")
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "agree.png"), full_page=True)
