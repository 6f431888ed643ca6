"""API keys are as strong as a sign-in (security review M1): issued only after two-factor,
expiring idle and absolute, revoked by sign-out-everywhere, a password reset and a two-factor
reset, listed with their last use on the account page and revocable there."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from referral_portal.accounts.api_tokens import ApiTokenError, api_token_issue
from referral_portal.accounts.models import ApiToken
from referral_portal.audit.models import AuditEvent
from tests.conftest import totp_now
from tests.factories import PASSWORD, api_key_for

QUEUE = "/api/v1/triage/queue/"


def _refused(response) -> bool:
    """401 or 403 (DRF answers 403 when the session scheme is asked first), with no data."""
    return response.status_code in (401, 403) and "results" not in response.json()


def _api(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _verified_session(client, user):
    """Sign in with password and a code from a real authenticator, as the officer would."""
    client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post(reverse("accounts:two_factor_setup"), {"code": totp_now(device)})


def _issue_on_page(client, name="Case system") -> str:
    page = client.post(reverse("accounts:api_token_create"), {"name": name}).content.decode()
    match = re.search(r'class="govuk-input app-api-key"[^>]* value="([^"]+)"', page)
    assert match, page[:3000]
    return match.group(1)


@pytest.mark.usefixtures("two_factor_enforced")
def test_a_key_needs_two_factor_and_is_shown_once_and_stored_hashed(client, people):
    """Review M1: a key made for an officer let a password alone read the queue. Now the
    page gives none until the session has passed two-factor, and the service refuses too."""
    client.post(reverse("accounts:login"), {"username": people.olga.email, "password": PASSWORD})
    refused = client.post(reverse("accounts:api_token_create"), {"name": "Case system"})
    assert refused.status_code == 302
    assert refused["Location"] == reverse("accounts:two_factor_setup")
    with pytest.raises(ApiTokenError, match="two-factor"):
        api_token_issue(user=people.olga, name="shell", verified=False)
    assert not ApiToken.objects.exists()

    _verified_session(client, people.olga)
    key = _issue_on_page(client)
    assert _api(key).get(QUEUE).status_code == 200
    stored = ApiToken.objects.get()
    assert key not in {stored.key_hash, stored.prefix, stored.session_hash}
    assert stored.prefix == key[:8]
    assert AuditEvent.objects.filter(object_type="accounts.apitoken", action="create").exists()
    # Listed with its last use, and never shown again.
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert "Case system" in profile and stored.prefix in profile
    assert key not in profile
    assert "Not yet" not in profile


def test_a_practitioner_without_two_factor_may_have_a_key(people):
    key = api_token_issue(user=people.alice, name="School MIS", verified=False)
    # Signed in: refused the officers' queue for the role, where a wrong key is not signed in.
    assert "permission" in _api(key).get(QUEUE).json()["error"]
    assert "Invalid token" in _api(key[::-1]).get(QUEUE).json()["error"]


def test_sign_out_everywhere_revokes_keys(client, people):
    key = api_key_for(people.olga)
    assert _api(key).get(QUEUE).status_code == 200
    client.force_login(people.olga)
    client.post(reverse("accounts:sign_out_everywhere"))
    assert _refused(_api(key).get(QUEUE))


def test_a_password_reset_revokes_keys(client, people):
    from referral_portal.outbox.models import Email

    key = api_key_for(people.olga)
    client.post(reverse("accounts:password_reset"), {"email": people.olga.email})
    body = Email.objects.filter(kind="password_reset", to=people.olga.email).last().body
    link = re.search(r"/accounts/password-reset/\S+/\S+/", body).group(0)
    form = client.get(link, follow=True)
    new = "a-brand-new-passphrase-99"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert _refused(_api(key).get(QUEUE))
    # And a password set any other way too.
    key2 = api_key_for(people.mike)
    people.mike.set_password("another-passphrase-123")
    people.mike.save()
    assert _refused(_api(key2).get(QUEUE))


def test_a_two_factor_reset_revokes_keys(client, people):
    key = api_key_for(people.olga)
    client.force_login(people.mike)
    client.post(reverse("accounts:two_factor_reset", args=[people.olga.pk]))
    assert _refused(_api(key).get(QUEUE))


def test_a_key_expires_when_idle_and_after_its_absolute_age(people, settings):
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        idle_key = api_key_for(people.olga)
        working_key = api_key_for(people.olga)
    idle = dt.timedelta(seconds=settings.SESSION_IDLE_TIMEOUT)
    with time_machine.travel(now + idle - dt.timedelta(seconds=1), tick=False):
        assert _api(working_key).get(QUEUE).status_code == 200
    with time_machine.travel(now + idle + dt.timedelta(seconds=1), tick=False):
        assert _refused(_api(idle_key).get(QUEUE))
    # Used every 20 minutes, the key still ends at its absolute age.
    moment = now + idle - dt.timedelta(seconds=1)
    end = now + dt.timedelta(seconds=settings.API_TOKEN_MAX_AGE)
    while moment + dt.timedelta(minutes=20) < end:
        moment += dt.timedelta(minutes=20)
        with time_machine.travel(moment, tick=False):
            assert _api(working_key).get(QUEUE).status_code == 200
    with time_machine.travel(end, tick=False):
        assert _refused(_api(working_key).get(QUEUE))


def test_a_key_is_revoked_from_the_account_page_and_only_by_its_owner(client, people):
    key = api_key_for(people.olga)
    token = ApiToken.objects.get()
    _api(key).get(QUEUE)
    client.force_login(people.mike)
    client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert _api(key).get(QUEUE).status_code == 200
    client.force_login(people.olga)
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert "tests" in profile and "Not yet" not in profile  # last use shown
    done = client.post(reverse("accounts:api_token_revoke", args=[token.pk]), follow=True)
    assert "no longer works" in done.content.decode()
    assert _refused(_api(key).get(QUEUE))
    assert token.prefix not in client.get(reverse("accounts:profile")).content.decode()


def test_a_deactivated_account_has_no_working_key(people):
    key = api_key_for(people.olga)
    people.olga.status = "deactivated"
    people.olga.save()
    assert _refused(_api(key).get(QUEUE))
