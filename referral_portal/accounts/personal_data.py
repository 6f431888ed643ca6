"""Accounts: authorities and agencies are organisations; a user's own details are kept while
the account exists (see referral_portal/rights/registry.py)."""

from __future__ import annotations

from referral_portal.accounts.models import Agency, AgencyDomain, Authority, User
from referral_portal.rights import registry
from referral_portal.rights.registry import kept

ACCOUNT = "the account holder's own details, kept while the account exists"

registry.declare(
    Authority,
    not_personal={"slug", "name", "code", "front_door_name", "front_door_short_name", "address"},
)
registry.declare(Agency, not_personal={"name", "agency_type"})
registry.declare(AgencyDomain, not_personal={"domain"})
registry.declare(
    User,
    personal={
        "email": kept(ACCOUNT),
        "full_name": kept(ACCOUNT),
        "job_title": kept(ACCOUNT),
        "phone": kept(ACCOUNT),
        "refused_reason": kept(ACCOUNT),
    },
    not_personal={"password", "role", "status"},
)
