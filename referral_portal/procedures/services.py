"""Changing an authority's procedures: one service, audited with what changed."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest

from referral_portal.accounts.models import Authority, User
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record
from referral_portal.procedures.models import DETAIL_FIELDS, Kind, Procedure

EDITABLE = (
    "offered",
    "portal_standard",
    "summary",
    "source_title",
    "source_publisher",
    "source_section",
)


@transaction.atomic
def procedure_save(
    *,
    authority: Authority,
    kind: str,
    data: dict[str, Any],
    user: User,
    request: HttpRequest | None = None,
) -> Procedure:
    """Create or change the authority's procedure of ``kind``; the audit names what changed."""
    kind = Kind(kind)
    procedure, created = Procedure.objects.select_for_update().get_or_create(
        authority=authority, kind=kind
    )
    changed: list[str] = []
    for name in EDITABLE:
        if name in data and getattr(procedure, name) != data[name]:
            setattr(procedure, name, data[name])
            changed.append(name)
    details = dict(procedure.details or {})
    for key in DETAIL_FIELDS[kind]:
        if key in data and details.get(key, "") != data[key]:
            details[key] = data[key]
            changed.append(f"details.{key}")
    procedure.details = {k: v for k, v in details.items() if v not in ("", None)}
    procedure.updated_by = user
    procedure.save()
    audit_record(
        actor=user,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=procedure,
        request=request,
        changes={"kind": str(kind), "fields": changed, "offered": procedure.offered},
    )
    return procedure


def procedures_load_from_sources(*, authority: Authority) -> int:
    """Give an authority the procedures its sources give (``sources.PROCEDURES``), as the data
    migration does; rows already there are left as its administrator set them. How many were
    added. (For an authority made again after a flush: transactional tests, a restored demo.)"""
    from referral_portal.procedures.sources import PROCEDURES

    added = 0
    for kind, values in PROCEDURES.get(authority.slug, {}).items():
        _, created = Procedure.objects.get_or_create(
            authority=authority, kind=kind, defaults=values
        )
        added += int(created)
    return added
