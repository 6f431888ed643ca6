"""API keys that are as strong as a sign-in (security review M1): issued only to a session
that has passed two-factor sign-in where the person needs it, expiring when idle
(``SESSION_IDLE_TIMEOUT``) and after ``API_TOKEN_MAX_AGE``, revoked by "sign out everywhere",
a password reset, a two-factor reset, or by hand on the account page."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from referral_portal.accounts.models import ApiToken, User
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record
from referral_portal.errors import DomainError


class ApiTokenError(DomainError):
    """The message is for the person."""


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_tokens_live(*, user: User, now: dt.datetime | None = None) -> QuerySet[ApiToken]:
    """The person's keys that still work (for the account page)."""
    now = now or timezone.now()
    idle_since = now - dt.timedelta(seconds=settings.SESSION_IDLE_TIMEOUT)
    return ApiToken.objects.filter(
        user=user,
        revoked_at=None,
        expires_at__gt=now,
        session_hash=user.get_session_auth_hash(),
    ).filter(Q(last_used_at__gt=idle_since) | Q(last_used_at=None, created_at__gt=idle_since))


@transaction.atomic
def api_token_issue(*, user: User, name: str, verified: bool, request: Any = None) -> str:
    """Make a key for ``user`` and return it: the only time it is ever shown.

    ``verified``: the session issuing it has passed two-factor sign-in. A person who needs
    two-factor sign-in gets no key without it, whatever enforcement the tests switch off."""
    if user.needs_two_factor and not verified:
        raise ApiTokenError("Sign in with your two-factor code before you create an API key")
    if not user.is_active:
        raise ApiTokenError("This account cannot have API keys")
    key = secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or "API key",
        key_hash=_hash(key),
        prefix=key[:8],
        session_hash=user.get_session_auth_hash(),
        created_at=now,
        expires_at=now + dt.timedelta(seconds=settings.API_TOKEN_MAX_AGE),
    )
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=token,
        authority_id=user.authority_id,
        request=request,
        changes={"fields": ["api_token"], "prefix": token.prefix},
    )
    return key


def api_token_revoke(*, user: User, token_id: int, request: Any = None) -> bool:
    """Revoke one of the person's own keys; False when it is not theirs or already gone."""
    revoked = ApiToken.objects.filter(pk=token_id, user=user, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    if revoked:
        audit_record(
            actor=user,
            action=AuditAction.DELETE,
            object_type="accounts.apitoken",
            object_id=token_id,
            authority_id=user.authority_id,
            request=request,
            changes={"fields": ["api_token"]},
        )
    return bool(revoked)


def api_tokens_revoke_all(*, user: User) -> int:
    """Every key of the person stops working (sign out everywhere, two-factor reset)."""
    return ApiToken.objects.filter(user=user, revoked_at=None).update(revoked_at=timezone.now())


class ApiTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>`` against :class:`ApiToken`; every refusal is the same
    401 "Invalid token", so an answer says nothing about why."""

    model = ApiToken

    def authenticate_credentials(self, key: str) -> tuple[User, ApiToken]:
        invalid = exceptions.AuthenticationFailed(_("Invalid token."))
        token = (
            ApiToken.objects.select_related("user", "user__authority")
            .filter(key_hash=_hash(key), revoked_at=None)
            .first()
        )
        if token is None:
            raise invalid
        now = timezone.now()
        idle = dt.timedelta(seconds=settings.SESSION_IDLE_TIMEOUT)
        user = token.user
        if (
            now >= token.expires_at
            or now - (token.last_used_at or token.created_at) > idle
            or token.session_hash != user.get_session_auth_hash()
            or not user.is_active
        ):
            raise invalid
        # Stamped on every use: the idle clock is exact, and the account page shows it.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return user, token
