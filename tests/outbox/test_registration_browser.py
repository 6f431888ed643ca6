"""The registration recovery journey in Chromium: the confirmation email is refused, the
person asks for a new link from the sign-in page, and finishes; an expired link explains
itself. Real SMTP (aiosmtpd), axe on every page."""

from __future__ import annotations

import re

import pytest

from referral_portal.accounts.models import User, UserStatus
from tests.conftest import assert_accessible

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("outbox_in_process"),
]


def test_a_registrant_whose_email_never_came_gets_a_new_link_and_finishes(
    page, live_server, people, smtp_server
):
    domain = people.school.domains.get().domain
    email = f"sue@{domain}"
    smtp_server.mode = "refuse"  # the mail server turns the first email away
    page.goto(f"/accounts/register/{people.home.slug}/")
    page.fill("#id_full_name", "Sue Smtp")
    page.fill("#id_email", email)
    page.fill("#id_job_title", "Teacher")
    page.select_option("#id_agency", str(people.school.pk))
    page.fill("#id_password", "a-long-and-unusual-passphrase")
    page.click("button:has-text('Register')")
    page.wait_for_selector("h1")
    assert "We have sent a link" in page.inner_text("main")  # no error page
    assert User.objects.get(email=email).status == UserStatus.AWAITING_CONFIRMATION
    assert smtp_server.messages == []

    smtp_server.mode = "accept"
    page.goto("/accounts/sign-in/")
    page.click("a:has-text('Send me a new link')")
    page.wait_for_selector("h1:has-text('Get a new confirmation link')")
    assert_accessible(page)
    page.fill("#id_email", email)
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Check your email')")
    assert_accessible(page)
    (message,) = smtp_server.wait_for(1)
    link = re.search(r"/accounts/confirm/\S+/", message.get_content()).group(0)
    page.goto(link)
    page.wait_for_selector("h1:has-text('Email address confirmed')")
    assert User.objects.get(email=email).status == UserStatus.ACTIVE
    page.goto(link)  # used again: it says so, and where to go
    page.wait_for_selector("h1:has-text('Your email address is already confirmed')")
    assert_accessible(page)


def test_a_link_that_does_not_work_says_what_to_do(page, live_server, people):
    page.goto("/accounts/confirm/MQ/bad-token/")
    page.wait_for_selector("h1:has-text('This link does not work')")
    assert "ask for a new link" in page.inner_text("main")
    assert_accessible(page)
