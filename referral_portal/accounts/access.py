"""Who may see which child's record. Every view, API endpoint and export goes through here.

- a practitioner sees the records they created;
- an agency safeguarding lead sees their agency's records;
- front-door officers and duty managers see their own authority's records;
- the Disclosure Team sees only what is routed to it (Level 3 requests), in its authority;
- administrators manage people and the directory, not children's records;
- nobody sees another authority's children.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from referral_portal.accounts.models import Role, User
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record

M = TypeVar("M", bound=Model)

# Whoever is asking: a signed-in user, or nobody (public pages and refused requests).
Viewer: TypeAlias = User | AnonymousUser


def scope_child_records(
    user: Any,
    queryset: QuerySet[M],
    *,
    authority_field: str = "authority",
    agency_field: str = "agency",
    owner_field: str = "created_by",
    authority_roles: frozenset[str] = frozenset({Role.OFFICER, Role.MANAGER}),
) -> QuerySet[M]:
    """``queryset`` narrowed to the rows ``user`` may see. Field names follow each model."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if user.role == Role.PRACTITIONER:
        return queryset.filter(**{f"{owner_field}_id": user.pk})
    if user.role == Role.SAFEGUARDING_LEAD and user.agency_id is not None:
        return queryset.filter(**{f"{agency_field}_id": user.agency_id})
    if user.role in authority_roles and user.authority_id is not None:
        return queryset.filter(**{f"{authority_field}_id": user.authority_id})
    return queryset.none()


def can_view_child_record(
    user: Any,
    record: Any,
    *,
    authority_field: str = "authority",
    agency_field: str = "agency",
    owner_field: str = "created_by",
    authority_roles: frozenset[str] = frozenset({Role.OFFICER, Role.MANAGER}),
) -> bool:
    """The same rule as ``scope_child_records`` for one object already loaded."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.role == Role.PRACTITIONER:
        return bool(getattr(record, f"{owner_field}_id") == user.pk)
    if user.role == Role.SAFEGUARDING_LEAD:
        return (
            user.agency_id is not None and getattr(record, f"{agency_field}_id") == user.agency_id
        )
    if user.role in authority_roles:
        return (
            user.authority_id is not None
            and getattr(record, f"{authority_field}_id") == user.authority_id
        )
    return False


def is_authority_staff(user: Any, authority_id: int | None, *roles: str) -> bool:
    """True when ``user`` holds one of ``roles`` (any staff role if none given) in that authority."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    wanted = set(roles) or {Role.OFFICER, Role.MANAGER, Role.DISCLOSURE, Role.ADMIN}
    return user.role in wanted and authority_id is not None and user.authority_id == authority_id


def get_for_user(
    records: QuerySet[M],
    *,
    user: Any,
    object_id: int | str,
    not_found: str,
    may_see: Callable[[M], bool] = lambda record: True,
    request: HttpRequest | None = None,
    authority_id: int | None = None,
    audit_view: bool | Callable[[M], object] = True,
) -> M:
    """The one ``get_<thing>_for_user``: the record ``records`` narrows to (by its id, or
    reference) if ``user`` may see it (``records`` scoped to them, and ``may_see``).

    Otherwise "not found" (``Http404(not_found)``), never "forbidden": that a record exists in
    another agency or authority is itself not to be disclosed; the refusal goes into the audit
    trail (``object_id`` as asked, ``authority_id`` where the caller knows it). Seeing it is
    audited as a view, unless ``audit_view`` is False (the caller records what it does) or a
    function that records the view its own way.
    """
    record = records.first()
    if record is None or not may_see(record):
        audit_record(
            actor=user,
            action=AuditAction.DENIED,
            object_type=records.model._meta.label_lower,
            object_id=object_id,
            authority_id=authority_id,
            request=request,
        )
        raise Http404(not_found)
    if callable(audit_view):
        audit_view(record)
    elif audit_view:
        audit_record(actor=user, action=AuditAction.VIEW, obj=record, request=request)
    return record
