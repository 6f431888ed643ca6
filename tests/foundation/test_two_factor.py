"""Two-factor sign-in: required for staff, offered to practitioners, backup codes, resets."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from referral_portal.audit.models import AuditAction, AuditEvent
from tests.conftest import totp_now
from tests.factories import PASSWORD

pytestmark = pytest.mark.usefixtures("two_factor_enforced")


def sign_in(client, user):
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client.get(response["Location"])


def set_up(client, user):
    sign_in(client, user)
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("accounts:two_factor_setup"), {"code": totp_now(device)})
    return response


def test_officer_without_an_app_must_set_one_up_before_anything_else(client, people):
    response = sign_in(client, people.olga)
    assert response.status_code == 302 and response["Location"] == reverse(
        "accounts:two_factor_setup"
    )
    assert client.get(reverse("audit:trail")).status_code == 302
    page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert "data:image/svg+xml;base64," in page and "I cannot scan the QR code" in page
    wrong = client.post(reverse("accounts:two_factor_setup"), {"code": "000000"})
    assert "The code is not right" in wrong.content.decode()
    device = TOTPDevice.objects.get(user=people.olga, confirmed=False)
    done = client.post(reverse("accounts:two_factor_setup"), {"code": totp_now(device)})
    body = done.content.decode()
    assert "Two-factor sign-in is set up" in body
    assert body.count("<li><code>") == 10
    assert client.get(reverse("home")).status_code == 200


def test_next_sign_in_asks_for_the_code_and_refuses_a_wrong_one(client, people):
    set_up(client, people.mike)
    # The set-up code may not be used again (replay), and a wrong code throttles for a
    # moment: sign in again a few minutes later, as a person would.
    traveller = time_machine.travel(timezone.now() + dt.timedelta(minutes=5))
    traveller.start()
    client.post(reverse("accounts:logout"))
    response = sign_in(client, people.mike)
    assert response["Location"] == reverse("accounts:two_factor_verify")
    wrong = client.post(reverse("accounts:two_factor_verify"), {"code": "123456"})
    assert "The code is not right" in wrong.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_IN_FAILED, actor=people.mike).exists()
    device = TOTPDevice.objects.get(user=people.mike, confirmed=True)
    traveller.stop()
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=10)):
        ok = client.post(reverse("accounts:two_factor_verify"), {"code": totp_now(device)})
        assert ok.status_code == 302 and ok["Location"] == reverse("home")
        assert client.get(reverse("audit:trail")).status_code == 200


def test_a_backup_code_works_once(client, people):
    done = set_up(client, people.mike)
    code = done.context["codes"][0]
    for expected in (302, 200):
        client.post(reverse("accounts:logout"))
        sign_in(client, people.mike)
        response = client.post(reverse("accounts:two_factor_verify"), {"code": code})
        assert response.status_code == expected


def test_practitioners_are_offered_but_not_forced_unless_their_authority_says_so(client, people):
    sign_in(client, people.alice)
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("accounts:logout"))
    people.home.require_practitioner_two_factor = True
    people.home.save()
    response = sign_in(client, people.alice)
    assert response["Location"] == reverse("accounts:two_factor_setup")


def test_manager_resets_a_colleagues_two_factor_but_not_another_authoritys(client, people):
    set_up(client, people.olga)
    client.post(reverse("accounts:logout"))
    TOTPDevice.objects.create(user=people.mike, confirmed=True, name="phone")
    client.force_login(people.mike)
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.get(user=people.mike).persistent_id
    session.save()
    assert (
        client.post(reverse("accounts:two_factor_reset", args=[people.otto.pk])).status_code == 404
    )
    client.post(reverse("accounts:two_factor_reset", args=[people.olga.pk]))
    assert not TOTPDevice.objects.filter(user=people.olga).exists()
    event = AuditEvent.objects.filter(actor=people.mike, object_id=str(people.olga.pk)).latest("at")
    assert event.changes == {"two_factor": "reset"}


def test_demo_officer_signs_in_with_the_code_demo_code_prints(client, db, settings):
    from io import StringIO

    from django.core.management import call_command

    from referral_portal.accounts.demo import DEMO_PASSWORD
    from requests.demo import load_demo

    load_demo()
    settings.DEBUG = True
    out = StringIO()
    call_command("demo_code", "officer@birmingham.demo.example.org", stdout=out)
    code = out.getvalue().strip()
    assert len(code) == 6 and code.isdigit()
    response = client.post(
        reverse("accounts:login"),
        {"username": "officer@birmingham.demo.example.org", "password": DEMO_PASSWORD},
    )
    assert client.get(response["Location"])["Location"] == reverse("accounts:two_factor_verify")
    response = client.post(reverse("accounts:two_factor_verify"), {"code": code})
    assert response.status_code == 302 and response["Location"] == reverse("home")
