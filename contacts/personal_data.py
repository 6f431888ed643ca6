"""The directory of services holds services' own contact details and opening hours, nothing
about a person (see referral_portal/rights/registry.py)."""

from __future__ import annotations

from contacts.models import OneOffDay, OpeningHours, Service
from referral_portal.rights import registry

registry.declare(
    Service,
    not_personal={
        "kind",
        "name",
        "short_name",
        "phone",
        "email",
        "website",
        "notes",
        "availability",
        "source",
    },
)
registry.declare(OpeningHours, not_personal={"opens", "closes"})
registry.declare(OneOffDay, not_personal={"date", "opens", "closes", "reason"})
