"""Sign-in limits per account (security review M6).

django-axes limits failures per client address (``AXES_LOCKOUT_PARAMETERS``); this module
limits them per email address, independently, so neither a shared address (everyone behind
one proxy) nor a changing one (a new address per guess) defeats the limits:

- the first ``SIGN_IN_FREE_FAILURES`` failures cost nothing;
- after that each attempt must wait a delay that doubles with every failure (1 s, 2 s, 4 s...,
  at most ``SIGN_IN_MAX_DELAY``); an attempt inside the delay is not even checked;
- at ``SIGN_IN_LOCK_AFTER`` failures the account is locked, and its owner is emailed a link
  that lifts the lock (the lock cannot be turned on a victim for longer than it takes them to
  open their email); a duty manager or administrator can also lift it on the people page.

Failures older than ``SIGN_IN_FAILURE_WINDOW`` are forgotten unless the account is locked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from referral_portal.accounts import emails
from referral_portal.accounts.models import SignInLimit, User, UserStatus
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record

SIGN_IN_FREE_FAILURES = 3
SIGN_IN_MAX_DELAY = 300  # seconds
SIGN_IN_LOCK_AFTER = 10
SIGN_IN_FAILURE_WINDOW = dt.timedelta(hours=24)
UNLOCK_LINK_MAX_AGE = 24 * 60 * 60
UNLOCK_SALT = "accounts.sign_in_limits.unlock"


@dataclass(frozen=True)
class Refusal:
    """Why this attempt is not checked: a delay to wait, or a lock."""

    locked: bool
    wait_seconds: int = 0

    @property
    def message(self) -> str:
        if self.locked:
            return (
                "Sign-in with this email address is locked after too many failed attempts. "
                "If it has an account, we have emailed it a link to unlock it, or ask your "
                "duty manager"
            )
        seconds = self.wait_seconds
        return f"Too many failed attempts: wait {seconds} second{'s' if seconds != 1 else ''} and try again"


def delay_after(failures: int) -> int:
    if failures < SIGN_IN_FREE_FAILURES:
        return 0
    return int(min(2 ** (failures - SIGN_IN_FREE_FAILURES), SIGN_IN_MAX_DELAY))


def sign_in_refusal(*, username: str, now: dt.datetime | None = None) -> Refusal | None:
    """The refusal that applies to the next attempt for ``username``, or None."""
    now = now or timezone.now()
    limit = SignInLimit.objects.filter(username=username.lower()).first()
    if limit is None or limit.last_failed_at is None:
        return None
    if limit.locked_at is not None:
        return Refusal(locked=True)
    if now - limit.last_failed_at > SIGN_IN_FAILURE_WINDOW:
        return None
    ready_at = limit.last_failed_at + dt.timedelta(seconds=delay_after(limit.failures))
    if now < ready_at:
        return Refusal(locked=False, wait_seconds=max(1, int((ready_at - now).total_seconds())))
    return None


@transaction.atomic
def sign_in_failed(*, username: str, request: Any = None) -> None:
    """Count one failed password for ``username``; lock and email at the limit."""
    username = username.lower()
    now = timezone.now()
    limit, _ = SignInLimit.objects.select_for_update().get_or_create(username=username)
    if limit.last_failed_at and now - limit.last_failed_at > SIGN_IN_FAILURE_WINDOW:
        limit.failures = 0
    limit.failures += 1
    limit.last_failed_at = now
    newly_locked = limit.locked_at is None and limit.failures >= SIGN_IN_LOCK_AFTER
    if newly_locked:
        limit.locked_at = now
    limit.save()
    if newly_locked:
        user = User.objects.filter(email=username, status=UserStatus.ACTIVE).first()
        if user is not None:
            audit_record(
                actor=None,
                action=AuditAction.UPDATE,
                obj=user,
                request=request,
                changes={"sign_in": "locked", "failures": limit.failures},
            )
            token = signing.dumps(
                {"u": username, "at": now.isoformat()}, salt=UNLOCK_SALT, compress=True
            )
            link = settings.PORTAL_BASE_URL + reverse("accounts:unlock", args=[token])
            emails.sign_in_locked_email(user, unlock_url=link, failures=limit.failures)


def sign_in_succeeded(*, username: str) -> None:
    SignInLimit.objects.filter(username=username.lower()).delete()


def unlock_token_username(token: str) -> str | None:
    """The email address a still-valid unlock link is for, or None."""
    try:
        data = signing.loads(token, salt=UNLOCK_SALT, max_age=UNLOCK_LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    limit = SignInLimit.objects.filter(username=data.get("u", "")).first()
    # A link is good for the lock it was sent for only.
    if limit is None or limit.locked_at is None or limit.locked_at.isoformat() != data.get("at"):
        return None
    return limit.username


def sign_in_unlock(*, username: str, actor: Any = None, request: Any = None) -> bool:
    """Lift the lock (and forget the failures). ``actor``: the manager, or None for the
    person's own link."""
    removed, _ = SignInLimit.objects.filter(username=username.lower()).delete()
    user = User.objects.filter(email=username.lower()).first()
    if removed and user is not None:
        audit_record(
            actor=actor or user,
            action=AuditAction.UPDATE,
            obj=user,
            request=request,
            changes={"sign_in": "unlocked", "by": "manager" if actor else "email link"},
        )
    return bool(removed)


def locked_usernames(*, usernames: list[str]) -> set[str]:
    return set(
        SignInLimit.objects.filter(username__in=usernames, locked_at__isnull=False).values_list(
            "username", flat=True
        )
    )
