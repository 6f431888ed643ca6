"""Retention periods are an authority's settings (see referral_portal/rights/registry.py)."""

from __future__ import annotations

from referral_portal.rights import registry
from referral_portal.rights.models import RetentionPolicy

registry.declare(RetentionPolicy, not_personal={"record_type"})
