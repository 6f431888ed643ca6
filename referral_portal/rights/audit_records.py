"""How the audit trail names this app's records."""

from __future__ import annotations

from referral_portal.audit import records

records.register("rights.subject_access", label="Subject access export")
