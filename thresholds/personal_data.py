"""Threshold documents and assessments hold the published framework's text and the answers'
ids, nothing about a person (see referral_portal/rights/registry.py)."""

from __future__ import annotations

from referral_portal.rights import registry
from thresholds.models import Area, Assessment, Domain, Framework, Indicator, Level

registry.declare(
    Framework,
    not_personal={
        "title",
        "version",
        "source",
        "published",
        "consent_guidance",
        "equality_guidance",
        "restoration_notes",
    },
)
registry.declare(Level, not_personal={"title", "meaning", "pathway", "consent"})
registry.declare(Domain, not_personal={"name"})
registry.declare(Area, not_personal={"name"})
registry.declare(Indicator, not_personal={"text"})
registry.declare(Assessment)
