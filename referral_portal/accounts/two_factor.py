"""Two-factor sign-in with time-based one-time passwords (django-otp) and backup codes.

Required for officers, managers, the Disclosure Team and administrators; offered to
practitioners, and required of them where their authority says so (User.needs_two_factor).
"""

from __future__ import annotations

import base64
import io
from typing import Any

from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from referral_portal.accounts import emails
from referral_portal.accounts.api_tokens import api_tokens_revoke_all
from referral_portal.accounts.models import Role, User
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record
from referral_portal.errors import DomainError

BACKUP_CODES = 10


class TwoFactorError(DomainError):
    """The message is for the person."""


def has_two_factor(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up (one per user, reused across page loads)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as an SVG QR code in a data: URI (no inline markup: CSP)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def secret_for_typing(device: TOTPDevice) -> str:
    """The key in base32, grouped in fours, for people who cannot scan the code."""
    raw = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


class CurrentFactorError(TwoFactorError):
    """The password or current code given to replace an authenticator is not right."""


def _current_factor_ok(user: User, current: str) -> bool:
    """The person's password, or a code from the authenticator or backup codes they have."""
    if user.check_password(current):
        return True
    token = current.strip().replace(" ", "")
    devices = [*TOTPDevice.objects.filter(user=user, confirmed=True)]
    devices += [*StaticDevice.objects.filter(user=user)]
    return any(device.verify_token(token) for device in devices)


@transaction.atomic
def two_factor_confirm(
    *, user: User, token: str, request: Any, current: str | None = None
) -> list[str]:
    """Confirm the pending authenticator with a code from it; return new backup codes.

    Replacing one the person already has needs ``current`` (their password, or a code from
    the app or a backup code), and they are emailed that it changed (review L4)."""
    replacing = has_two_factor(user)
    if replacing and not (current and _current_factor_ok(user, current)):
        audit_record(
            actor=user,
            action=AuditAction.SIGN_IN_FAILED,
            obj=user,
            request=request,
            changes={"two_factor": "replace_refused"},
        )
        raise CurrentFactorError("Your password or the code from your current app is not right")
    device = pending_device(user)
    if not device.verify_token(token.strip().replace(" ", "")):
        raise TwoFactorError("The code is not right: enter the 6-digit code your app shows now")
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = backup_codes_replace(user=user)
    otp_login(request, device)
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=user,
        request=request,
        changes={"two_factor": "replaced" if replacing else "set_up"},
    )
    if replacing:
        emails.two_factor_changed_email(user)
    return codes


def backup_codes_replace(*, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


def two_factor_verify(*, user: User, token: str, request: Any) -> bool:
    """Check a code from the authenticator, or a single-use backup code."""
    token = token.strip().replace(" ", "")
    for device in [
        *TOTPDevice.objects.filter(user=user, confirmed=True),
        *StaticDevice.objects.filter(user=user),
    ]:
        if device.verify_token(token):
            otp_login(request, device)
            return True
    audit_record(
        actor=user,
        action=AuditAction.SIGN_IN_FAILED,
        obj=user,
        request=request,
        changes={"two_factor": "wrong_code"},
    )
    return False


@transaction.atomic
def two_factor_reset(*, actor: User, user: User, request: Any = None) -> None:
    """A duty manager or administrator resets someone's two-factor sign-in in their authority;
    they set it up again at their next sign-in."""
    if actor.role not in {Role.MANAGER, Role.ADMIN} or actor.authority_id != user.authority_id:
        raise TwoFactorError("You cannot reset two-factor sign-in for this person")
    if actor.pk == user.pk:
        raise TwoFactorError("Ask another manager or administrator to reset your own")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    # A key issued under the old second factor must not outlive it (review M1).
    api_tokens_revoke_all(user=user)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=user,
        request=request,
        changes={"two_factor": "reset"},
    )
