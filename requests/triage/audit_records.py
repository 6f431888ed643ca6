"""How the audit trail names the front door's lists."""

from __future__ import annotations

from referral_portal.audit import records

records.register("triage.queue", label="Triage queue")
records.register("triage.approvals", label="Approvals")
