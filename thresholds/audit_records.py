"""How the audit trail names levels-of-need assessments."""

from __future__ import annotations

from referral_portal.audit import records

records.register("thresholds.assessment", label="Levels-of-need assessment")
