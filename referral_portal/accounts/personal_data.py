"""Accounts: authorities and agencies are organisations; a user's own details are kept while
the account exists (see referral_portal/rights/registry.py)."""

from __future__ import annotations

from referral_portal.accounts.models import (
    Agency,
    AgencyDomain,
    ApiToken,
    Authority,
    SignInLimit,
    User,
)
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
# An API key's label is what the key is for ("Case system"), not about a person.
registry.declare(
    ApiToken,
    not_personal={
        "name",
        "key_hash",
        "prefix",
        "session_hash",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    },
)
registry.declare(
    SignInLimit,
    personal={"username": kept("failed sign-ins, forgotten on the next success or unlock")},
    not_personal={"last_failed_at", "locked_at"},
)
