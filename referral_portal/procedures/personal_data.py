"""Procedures are an authority's settings: no personal data (the editor is a staff user id)."""

from __future__ import annotations

from referral_portal.procedures.models import Procedure
from referral_portal.rights import registry

registry.declare(
    Procedure,
    not_personal={
        "kind",
        "summary",
        "source_title",
        "source_publisher",
        "source_section",
        "details",
    },
)
