"""Reads of the outbox: the emails a person answers for."""

from __future__ import annotations

from django.db.models import QuerySet

from referral_portal.accounts.models import User
from referral_portal.outbox.models import Email, EmailStatus
from referral_portal.outbox.registry import kinds


def kinds_for_role(role: str) -> list[str]:
    return sorted(name for name, kind in kinds().items() if role in kind.responsible)


def emails_for_user(user: User) -> QuerySet[Email]:
    """Emails of the user's authority of the kinds their role answers for."""
    if not getattr(user, "is_authenticated", False) or user.authority_id is None:
        return Email.objects.none()
    return Email.objects.filter(authority_id=user.authority_id, kind__in=kinds_for_role(user.role))


def emails_in_trouble(user: User) -> dict[str, list[Email]]:
    """Failed (waiting for a person), and still being tried after a failure."""
    mine = emails_for_user(user).defer("body")
    return {
        "failed": list(mine.filter(status=EmailStatus.FAILED).order_by("-status_changed_at")[:200]),
        "retrying": list(
            mine.filter(status__in=[EmailStatus.PENDING, EmailStatus.SENDING], attempts__gt=0)
            .exclude(last_error="")
            .order_by("next_attempt_at")[:200]
        ),
        "maybe_twice": list(
            mine.filter(status=EmailStatus.SENT, maybe_duplicate=True).order_by("-sent_at")[:50]
        ),
    }


def failed_count(user: User) -> int:
    return emails_for_user(user).filter(status=EmailStatus.FAILED).count()
