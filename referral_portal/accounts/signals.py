"""Sign-in and sign-out go into the audit trail (Django announces them as signals)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record


@receiver(user_logged_in)
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action=AuditAction.SIGN_IN, obj=user, request=request)


@receiver(user_logged_out)
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action=AuditAction.SIGN_OUT, obj=user, request=request)


@receiver(user_login_failed)
def _sign_in_failed(sender: Any, credentials: Any, request: Any = None, **kwargs: Any) -> None:
    # The typed email is not stored: it may be a mistyped name or someone else's address.
    audit_record(
        actor=None, action=AuditAction.SIGN_IN_FAILED, object_type="accounts.user", request=request
    )
