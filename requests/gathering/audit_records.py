"""How the audit trail names information gathering's lists."""

from __future__ import annotations

from referral_portal.audit import records

records.register("gathering.disclosures", label="Information gathering disclosure log")
