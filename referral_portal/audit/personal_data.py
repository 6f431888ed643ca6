"""The audit trail (see referral_portal/rights/registry.py): who did what to which record, by
id. It is kept for accountability; ``audit_record`` is given ids and field names, never a
child's details."""

from __future__ import annotations

from referral_portal.audit.models import AuditEvent
from referral_portal.rights import registry
from referral_portal.rights.registry import kept

TRAIL = "the audit trail is kept whole: who did what, from where"

registry.declare(
    AuditEvent,
    personal={"actor_label": kept(TRAIL), "ip": kept(TRAIL)},
    not_personal={"action", "object_type", "object_id", "path", "changes"},
)
