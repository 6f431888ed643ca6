"""Account emails through the outbox with the SMTP server refusing: no 500 anywhere, the
change is kept, the administrator sees the failure, and a registrant can always finish."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from referral_portal.accounts.models import User, UserStatus
from referral_portal.outbox.models import Email, EmailStatus

pytestmark = pytest.mark.usefixtures("outbox_in_process")
PASSPHRASE = "a-long-and-unusual-passphrase"


def _register(client, people, email, agency=None):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            reverse("accounts:register", args=[people.home.slug]),
            {
                "full_name": "Sue Smtp",
                "email": email,
                "job_title": "Teacher",
                "agency": (agency or people.school).pk,
                "password": PASSPHRASE,
            },
        )


def _link(message) -> str:
    return re.search(r"/accounts/confirm/\S+/", message.get_content()).group(0)


def test_registration_while_smtp_refuses_then_a_new_link_lets_them_finish(
    client, people, smtp_server
):
    domain = people.school.domains.get().domain
    smtp_server.mode = "refuse"
    response = _register(client, people, f"sue@{domain}")
    assert response.status_code == 200 and "We have sent a link" in response.content.decode()
    user = User.objects.get(email=f"sue@{domain}")
    assert user.status == UserStatus.AWAITING_CONFIRMATION
    assert Email.objects.get(kind="registration_confirmation").status == EmailStatus.PENDING

    # Mail is back; the person asks for a new link from the sign-in page.
    smtp_server.mode = "accept"
    sign_in = client.get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:confirmation_resend") in sign_in
    with TestCase.captureOnCommitCallbacks(execute=True):
        done = client.post(reverse("accounts:confirmation_resend"), {"email": f"SUE@{domain}"})
    assert "we have sent it a new link" in done.content.decode()
    (message,) = smtp_server.wait_for(1)
    assert client.get(_link(message)).status_code == 200
    user.refresh_from_db()
    assert user.status == UserStatus.ACTIVE
    # An unknown address gets the same answer, and nothing is sent.
    with TestCase.captureOnCommitCallbacks(execute=True):
        other = client.post(reverse("accounts:confirmation_resend"), {"email": "no@body.example"})
    assert "we have sent it a new link" in other.content.decode()
    assert len(smtp_server.messages) == 1


def test_an_expired_link_says_so_and_offers_a_new_one(client, people, smtp_server):
    domain = people.school.domains.get().domain
    _register(client, people, f"sue@{domain}")
    link = _link(smtp_server.wait_for(1)[0])
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2)):
        page = client.get(link)
    body = page.content.decode()
    assert page.status_code == 400 and "This link has expired" in body
    assert reverse("accounts:confirmation_resend") in body
    assert User.objects.get(email=f"sue@{domain}").status == UserStatus.AWAITING_CONFIRMATION
    bad = client.get(link[:-3] + "xx/").content.decode()
    assert "This link does not work" in bad


def test_approving_and_adding_staff_while_smtp_refuses_give_no_500_and_show_the_failure(
    client, people, smtp_server, settings
):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    _register(client, people, "nell@gmail.example.com")
    smtp_server.mode = "reject"
    user = User.objects.get(email="nell@gmail.example.com")
    client.force_login(people.adam)
    with TestCase.captureOnCommitCallbacks(execute=True):
        approved = client.post(reverse("accounts:registration_approve", args=[user.pk]))
        added = client.post(
            reverse("accounts:people_add"),
            {"full_name": "Owen New", "email": "owen@home.example.org", "role": "officer"},
        )
    assert approved.status_code == 302 and added.status_code == 302
    user.refresh_from_db()
    assert user.status == UserStatus.ACTIVE
    page = client.get(reverse("outbox:failed")).content.decode()
    assert "nell@gmail.example.com" in page and "owen@home.example.org" in page
    # Sent again once mail works: the staff link is a new one (the first may have expired).
    smtp_server.mode = "accept"
    staff_email = Email.objects.get(kind="staff_added")
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("outbox:resend", args=[staff_email.pk]))
    (message,) = smtp_server.wait_for(1)
    assert "/accounts/password-reset/" in message.get_content()
    assert Email.objects.get(pk=staff_email.pk).body == ""  # the link is not kept


def test_password_reset_is_queued_not_sent_in_the_request(client, people, smtp_server):
    smtp_server.mode = "refuse"
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": people.olga.email})
    assert response.status_code == 302
    email = Email.objects.get(kind="password_reset")
    assert email.status == EmailStatus.PENDING and email.to == people.olga.email


def test_a_refused_registrant_can_register_again(client, people, smtp_server):
    _register(client, people, "nell@gmail.example.com")
    user = User.objects.get(email="nell@gmail.example.com")
    User.objects.filter(pk=user.pk).update(status=UserStatus.REFUSED, refused_reason="unknown")
    response = _register(client, people, "nell@gmail.example.com", agency=people.agency_b)
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.status == UserStatus.AWAITING_APPROVAL and user.agency == people.agency_b
