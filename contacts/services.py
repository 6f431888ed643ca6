"""Changing the directory. Every change is audited here and clears the cached directory."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest

from contacts.models import OneOffDay, OpeningHours, Service
from contacts.selectors import forget_directories
from referral_portal.accounts.models import Authority, User
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import Actor, audit_record

SERVICE_FIELDS = (
    "name",
    "short_name",
    "phone",
    "email",
    "website",
    "notes",
    "availability",
    "source",
)


def directory_forget(*, authority_id: int) -> None:
    """Clear the cached directory (and so the panel) of one authority."""
    slugs = list(Authority.objects.filter(pk=authority_id).values_list("slug", flat=True))
    forget_directories(slugs)


def _authority_id(obj: Model) -> int:
    if isinstance(obj, Service):
        return obj.authority_id
    assert isinstance(obj, OpeningHours | OneOffDay)  # the models whose changes are audited here
    return Service.objects.values_list("authority_id", flat=True).get(pk=obj.service_id)


def directory_change_record(
    *,
    actor: Actor,
    obj: Model,
    action: str,
    changed: list[str] | None = None,
    request: HttpRequest | None = None,
    authority_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Audit one change to a service, its hours or a one-off day, and clear the cache.

    The admin calls this after each save or delete, with the row's values ``before`` and
    ``after`` (a directory entry holds no one's personal data); the services below call it too.
    """
    if authority_id is None:
        authority_id = _authority_id(obj)
    changes: dict[str, Any] = {"fields": sorted(changed or [])}
    if before is not None or after is not None:
        before, after = before or {}, after or {}
        differ = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        changes["fields"] = sorted(set(changes["fields"]) | set(differ))
        changes["before"] = {k: before.get(k) for k in differ if k in before}
        changes["after"] = {k: after.get(k) for k in differ if k in after}
    audit_record(
        actor=actor,
        action=action,
        obj=obj,
        object_id=obj.pk or "",
        authority_id=authority_id,
        request=request,
        changes=changes,
    )
    directory_forget(authority_id=authority_id)


@transaction.atomic
def service_update(
    *, service: Service, actor: Actor, request: HttpRequest | None = None, **changes: object
) -> Service:
    """Change a service's details (name, phone, email, website, notes, availability)."""
    unknown = set(changes) - set(SERVICE_FIELDS)
    if unknown:
        raise ValueError(f"Cannot change {', '.join(sorted(unknown))}")
    changed = [name for name, value in changes.items() if getattr(service, name) != value]
    for name, value in changes.items():
        setattr(service, name, value)
    service.full_clean()
    service.save()
    directory_change_record(
        actor=actor, obj=service, action=AuditAction.UPDATE, changed=changed, request=request
    )
    return service


@transaction.atomic
def opening_hours_set(
    *,
    service: Service,
    weekday: int,
    ranges: list[tuple[dt.time, dt.time]],
    actor: Actor,
    request: HttpRequest | None = None,
) -> list[OpeningHours]:
    """Replace a weekday's opening ranges (an empty list closes the service that day)."""
    service.hours.filter(weekday=weekday).delete()
    rows = []
    for opens, closes in ranges:
        row = OpeningHours(service=service, weekday=weekday, opens=opens, closes=closes)
        row.full_clean(exclude=["service"])
        row.save()
        rows.append(row)
    directory_change_record(
        actor=actor,
        obj=service,
        action=AuditAction.UPDATE,
        changed=[f"hours:{weekday}"],
        request=request,
    )
    return rows


@transaction.atomic
def one_off_day_set(
    *,
    service: Service,
    date: dt.date,
    actor: Actor,
    closed: bool = False,
    opens: dt.time | None = None,
    closes: dt.time | None = None,
    reason: str = "",
    request: HttpRequest | None = None,
) -> OneOffDay:
    """Record a closure or changed hours on one date (for example a Christmas Eve early close)."""
    day = OneOffDay.objects.filter(service=service, date=date).first()
    action = AuditAction.UPDATE if day else AuditAction.CREATE
    day = day or OneOffDay(service=service, date=date)
    day.closed, day.opens, day.closes, day.reason = closed, opens, closes, reason
    day.full_clean(exclude=["service"], validate_unique=False)
    day.save()
    directory_change_record(
        actor=actor,
        obj=day,
        action=action,
        changed=["closed", "opens", "closes", "reason"],
        request=request,
        authority_id=service.authority_id,
    )
    return day


@transaction.atomic
def one_off_day_remove(*, day: OneOffDay, actor: User, request: HttpRequest | None = None) -> None:
    authority_id = day.service.authority_id
    directory_change_record(
        actor=actor, obj=day, action=AuditAction.DELETE, request=request, authority_id=authority_id
    )
    day.delete()
    directory_forget(authority_id=authority_id)
