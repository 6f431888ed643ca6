"""How the audit trail names the dashboard."""

from __future__ import annotations

from referral_portal.audit import records

records.register("dashboard.period", label="Dashboard figures")
