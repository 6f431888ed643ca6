"""How the audit trail names changes to the directory."""

from __future__ import annotations

from referral_portal.audit import records

records.register("contacts.oneoffday", label="Closure or changed hours")
