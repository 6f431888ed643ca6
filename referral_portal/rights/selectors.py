"""Everything held about one child in one authority, for a subject-access request.

The apps register their records and fields (:mod:`referral_portal.rights.registry`); each
record comes out grouped by whom a value is about (the child, third parties, the referrer,
staff), so what must be redacted before release is plain (security review L9).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from referral_portal.audit.models import AuditAction, AuditEvent
from referral_portal.rights import registry

# Other people looking at the record (or refused it) are not information about the child.
_NOT_HISTORY = (AuditAction.VIEW, AuditAction.LIST, AuditAction.DENIED)


def subject_access(
    *, authority_id: int, first_name: str, last_name: str, date_of_birth: dt.date
) -> dict[str, Any]:
    subject = registry.Subject(
        first_name=first_name, last_name=last_name, date_of_birth=date_of_birth
    )
    out: dict[str, Any] = {
        "subject": {
            "first_name": first_name,
            "last_name": last_name,
            "date_of_birth": date_of_birth.isoformat(),
        }
    }
    for kind in registry.records():
        entries = []
        for item in kind.about(authority_id, subject):
            entry: dict[str, Any] = {"id": item.pk, **registry.export(item, subject)}
            entry["history"] = [
                {"at": e.at.isoformat(), "action": e.action, "by": e.actor_label}
                for e in AuditEvent.objects.filter(
                    object_type=item._meta.label_lower, object_id=str(item.pk)
                )
                .exclude(action__in=_NOT_HISTORY)
                .order_by("at", "pk")
            ]
            entries.append(entry)
        out[kind.export_key] = entries
    return out


def records_found(data: dict[str, Any]) -> dict[str, list[int]]:
    """The ids of each kind of record in an export (for the audit trail: ids, no names)."""
    return {
        kind.export_key: [e["id"] for e in data[kind.export_key]] for kind in registry.records()
    }
