"""The dashboard holds counts and a contact's reference, agency type and outcome: nothing
about a person (see referral_portal/rights/registry.py)."""

from __future__ import annotations

from referral_portal.rights import registry
from requests.dashboard.models import ContactFigure, DailyFigure

registry.declare(DailyFigure, not_personal={"day"})
registry.declare(ContactFigure, not_personal={"reference", "agency_type", "outcome"})
