"""Smaller holes (security review L4, L5): replacing the authenticator asks who you are and
tells you; the idle clock never signs an active person out early."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from referral_portal.audit.models import AuditEvent
from referral_portal.outbox.models import Email
from tests.conftest import totp_now
from tests.factories import PASSWORD

SETUP = "/accounts/two-factor/set-up/"


@pytest.mark.usefixtures("two_factor_enforced")
def test_review_l4_replacing_the_authenticator_needs_the_password_or_a_code(client, people):
    """Review L4: a verified session could swap the authenticator with no code or password,
    and the person was not told."""
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.post(
            reverse("accounts:login"), {"username": people.dora.email, "password": PASSWORD}
        )
        client.get(SETUP)
        first = TOTPDevice.objects.get(user=people.dora, confirmed=False)
        client.post(SETUP, {"code": totp_now(first)})
    with time_machine.travel(start + dt.timedelta(minutes=2), tick=False):
        page = client.get(SETUP).content.decode()
        assert "Your password, or a code from your current app" in page
        new = TOTPDevice.objects.get(user=people.dora, confirmed=False)
        bare = client.post(SETUP, {"code": totp_now(new)}).content.decode()
        assert "Enter your password or a code from your current app" in bare
        wrong = client.post(SETUP, {"current": "not-my-password", "code": totp_now(new)})
        assert "is not right" in wrong.content.decode()
        assert TOTPDevice.objects.get(user=people.dora, confirmed=True).pk == first.pk
        assert not Email.objects.filter(kind="two_factor_changed").exists()
        done = client.post(SETUP, {"current": PASSWORD, "code": totp_now(new)})
    assert "Two-factor sign-in is set up" in done.content.decode()
    assert TOTPDevice.objects.get(user=people.dora, confirmed=True).pk == new.pk
    told = Email.objects.get(kind="two_factor_changed")
    assert told.to == people.dora.email
    assert AuditEvent.objects.filter(actor=people.dora, changes__two_factor="replaced").exists()


def test_review_l5_an_active_person_is_not_signed_out_early(client, people, settings):
    """Review L5: active at t=0 and t=45 s, signed out at t=90 s with a 60 s timeout; the
    stamp was written at most once a minute."""
    settings.SESSION_IDLE_TIMEOUT = 300
    client.force_login(people.dora)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        assert client.get(reverse("home")).status_code == 200
        traveller.shift(dt.timedelta(seconds=50))
        assert client.get(reverse("home")).status_code == 200
        traveller.shift(dt.timedelta(seconds=290))  # 340 s after the first, 290 s idle
        assert client.get(reverse("accounts:profile")).status_code == 200
        traveller.shift(dt.timedelta(seconds=301))
        response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
