"""Writing the audit trail. Services that change or show a child's record call ``audit_record``."""

from __future__ import annotations

from typing import Any, TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model
from django.http import HttpRequest

from referral_portal.accounts.models import User
from referral_portal.audit.models import AuditEvent

# Who did it: a user, an anonymous visitor, or None (the system: the worker, beat, a command).
Actor: TypeAlias = User | AnonymousUser | None


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    actor: Actor,
    action: str,
    obj: Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    authority_id: int | None = None,
    request: HttpRequest | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. ``changes`` holds field names and ids, never a child's personal data."""
    event = audit_event(
        actor=actor,
        action=action,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        authority_id=authority_id,
        request=request,
        changes=changes,
    )
    event.save(force_insert=True)
    return event


def audit_event(
    *,
    actor: Actor,
    action: str,
    obj: Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    authority_id: int | None = None,
    request: HttpRequest | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """The event :func:`audit_record` appends, not yet saved: for a caller that writes it with
    others in one statement (``referral_portal.rows.write``)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        if authority_id is None:
            authority_id = getattr(obj, "authority_id", None)
    actor_obj = actor if isinstance(actor, User) else None  # a signed-in user (not anonymous)
    if authority_id is None and actor_obj is not None:
        authority_id = getattr(actor_obj, "authority_id", None)
    return AuditEvent(
        actor=actor_obj,
        actor_label=getattr(actor_obj, "email", "") if actor_obj else "anonymous",
        action=action,
        object_type=object_type,
        # The column holds 64 characters; an id typed into an address may be longer (a refusal
        # of /…/<70 digits>/ is audited too: review L1).
        object_id=str(object_id)[:64],
        authority_id=authority_id,
        ip=client_ip(request),
        path=(request.path[:300] if request is not None else ""),
        changes=changes or {},
    )


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Names of the fields whose values differ: what the trail stores instead of the values."""
    return sorted(k for k in after if before.get(k) != after.get(k))
