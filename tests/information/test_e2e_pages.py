"""Information requests in Chromium: the requester's forms and the officer's answer screen, axe."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from requests.information.models import Disclosure, InformationRequest, Status
from tests.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_level_1_request_from_start_to_answer_is_accessible(page, live_server, people):
    sign_in(page, live_server, people.alice)
    page.goto("/information-requests/start/")
    assert_accessible(page)
    page.click("button:has-text('Continue')")
    page.wait_for_selector(".govuk-error-summary")
    assert "Choose what you need to know" in page.inner_text(".govuk-error-summary")
    assert_accessible(page)
    page.check("#id_level_0")
    page.click("button:has-text('Continue')")
    page.wait_for_selector("h1:has-text('Is a child known')")
    page.click("button:has-text('Send me a code')")
    page.wait_for_selector(".govuk-error-summary")
    assert "Enter the child's first name" in page.inner_text(".govuk-error-summary")
    assert_accessible(page)
    page.fill("#id_child_first_name", "Amelia")
    page.fill("#id_child_last_name", "Brightwater")
    page.fill("#id_child_date_of_birth_0", "14")
    page.fill("#id_child_date_of_birth_1", "3")
    page.fill("#id_child_date_of_birth_2", "2015")
    page.click("button:has-text('Send me a code')")
    page.wait_for_selector("h1:has-text('Check your email')")
    assert_accessible(page)
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.fill("#id_code", code)
    page.click("button:has-text('Confirm the code')")
    page.wait_for_selector("text=has been sent")
    assert_accessible(page)
    info = InformationRequest.objects.get()
    assert info.status == Status.RECEIVED

    sign_in(page, live_server, people.olga)
    page.goto("/information-requests/queue/")
    assert_accessible(page)
    page.click("button:has-text('Claim')")
    page.wait_for_selector(f"h1:has-text('Answer {info.reference}')")
    assert_accessible(page)
    page.check("input[value='known_allocated']")
    page.click("button:has-text('Send the answer')")
    page.wait_for_selector(".govuk-error-summary")
    assert "Enter the allocated worker's name" in page.inner_text(".govuk-error-summary")
    assert_accessible(page)
    page.fill("#id_answer-worker_name", "Sam Social-Worker")
    page.fill("#id_answer-worker_phone", "0121 000 0000")
    page.fill("#id_answer-worker_email", "sam@example.org")
    page.click("button:has-text('Send the answer')")
    # Check before disclosing (D16): what goes to whom; nothing is sent yet.
    page.wait_for_selector("h1:has-text('Check your answer before you send it')")
    check = page.inner_text("main")
    assert "Sam Social-Worker" in check and "sam@example.org" in check
    assert "It cannot be taken back." in check
    assert not Disclosure.objects.exists()
    assert_accessible(page)
    page.click("button:has-text('Send the answer')")
    page.wait_for_selector("#answer")
    assert Disclosure.objects.get().disclosed["worker_name"] == "Sam Social-Worker"

    sign_in(page, live_server, people.alice)
    page.goto("/information-requests/")
    assert "Answered" in page.inner_text("table")
    assert_accessible(page)
    page.click(f"text={info.reference}")
    assert "Sam Social-Worker" in page.inner_text("#answer")
    assert_accessible(page)


def test_level_2_form_and_officer_screen_are_accessible(page, live_server, people, settings):
    sign_in(page, live_server, people.alice)
    page.goto("/information-requests/new/2/")
    assert_accessible(page)
    page.fill("#id_child_first_name", "Noah")
    page.check("input[name='consent'][value='verbal_confirmed']")
    page.click("button:has-text('Send the request')")
    page.wait_for_selector(".govuk-error-summary")
    summary = page.inner_text(".govuk-error-summary")
    assert "Enter why you need this information" in summary
    assert "Enter who gave verbal consent" not in summary  # asked for, never required
    assert page.input_value("#id_child_first_name") == "Noah"
    assert_accessible(page)
    page.fill("#id_child_last_name", "Brightwater")
    page.fill("#id_child_date_of_birth_0", "2")
    page.fill("#id_child_date_of_birth_1", "9")
    page.fill("#id_child_date_of_birth_2", "2018")
    page.fill("#id_purpose", "Planning support in school")
    page.fill("#id_consent_date_0", "1")
    page.fill("#id_consent_date_1", "11")
    page.fill("#id_consent_date_2", "2026")
    page.fill("#id_consent_given_by", "Mother")
    page.fill("#id_consent_recorded_by", "Designated safeguarding lead")
    page.click("button:has-text('Send the request')")
    # Check your answers (D16): every answer in words; "Change" keeps everything typed.
    page.wait_for_selector("h1:has-text('Check your answers before sending your request')")
    check = page.inner_text("main")
    assert "Planning support in school" in check and "2 September 2018" in check
    assert not InformationRequest.objects.exists()
    assert_accessible(page)
    page.click("button:has-text('Change your answers')")
    assert page.input_value("#id_consent_given_by") == "Mother"
    page.fill("#id_purpose", "Planning support in school this term")
    page.click("button:has-text('Send the request')")
    page.wait_for_selector("h1:has-text('Check your answers before sending your request')")
    assert "Planning support in school this term" in page.inner_text("main")
    page.click("button:has-text('Send the request')")
    page.wait_for_selector("text=has been sent")
    assert InformationRequest.objects.get().purpose == "Planning support in school this term"
    # The GOV.UK confirmation panel with the reference, as for a Request for Support (D17).
    panel = page.inner_text(".govuk-panel--confirmation")
    assert "Information request sent" in panel
    assert InformationRequest.objects.get().reference in panel
    assert_accessible(page)
    page.reload()
    assert page.locator(".govuk-panel--confirmation").count() == 0  # shown once
    info = InformationRequest.objects.get()

    sign_in(page, live_server, people.olga)
    page.goto("/information-requests/queue/")
    page.click("button:has-text('Claim')")
    page.wait_for_selector(f"h1:has-text('Answer {info.reference}')")
    assert_accessible(page)
    page.click("button:has-text('Send the answer')")
    page.wait_for_selector(".govuk-error-summary")
    assert "Enter the dates of involvement" in page.inner_text(".govuk-error-summary")
    assert_accessible(page)


def test_probation_and_level_3_forms_and_the_disclosure_team_screen_are_accessible(
    page, live_server, people
):
    from referral_portal.accounts.models import AgencyType
    from tests.factories import AgencyFactory, UserFactory
    from tests.information.factories import Level3Factory

    probation = AgencyFactory(
        authority=people.home, name="Probation", agency_type=AgencyType.PROBATION
    )
    pete = UserFactory(email="pete@probation.example.org", agency=probation)
    sign_in(page, live_server, pete)
    page.goto("/information-requests/new/2/")
    assert_accessible(page)
    page.check("input[name='offence_concerns'][value='theft']")
    page.click("button:has-text('Send the request')")
    page.wait_for_selector(".govuk-error-summary")
    summary = page.inner_text(".govuk-error-summary")
    assert "theft alone is not sufficient" in summary
    assert "Confirm the concern is of a safeguarding nature" in summary
    assert page.is_checked("input[name='offence_concerns'][value='theft']")
    assert_accessible(page)
    page.goto("/information-requests/new/3/")
    assert_accessible(page)

    info = Level3Factory(created_by=people.alice)
    sign_in(page, live_server, people.dora)
    page.goto("/information-requests/disclosure-team/")
    assert_accessible(page)
    page.click(f"text={info.reference}")
    page.wait_for_selector(f"h1:has-text('Answer {info.reference}')")
    assert_accessible(page)
