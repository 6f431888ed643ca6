"""Outcome letters and holds follow their contact's retention
(see referral_portal/rights/registry.py and requests/personal_data.py)."""

from __future__ import annotations

from referral_portal.rights import registry
from referral_portal.rights.registry import About, erased
from requests.letters.models import Letter, RecipientHold
from requests.models import Contact

registry.declare(
    Letter,
    record=Contact,
    path="contact",
    about=About.THIRD_PARTY,
    personal={
        "recipient_name": erased(About.THIRD_PARTY),
        "recipient_email": erased(About.THIRD_PARTY),
        "recipient_address": erased(About.THIRD_PARTY),
        "interpreter_language": erased(About.THIRD_PARTY),
        # The names of the children a PR letter is about.
        "children": erased(),
        "held_reason": erased(),
        # A mail server's refusal names the recipient's address.
        "last_error": erased(About.THIRD_PARTY),
    },
    # "person:<id>", "referrer" or "professional:<id>"; an agency's name; the mail's id.
    not_personal={"kind", "recipient_key", "recipient_agency", "status", "message_id"},
)

registry.declare(
    RecipientHold,
    record=Contact,
    path="contact",
    about=About.THIRD_PARTY,
    personal={"reason": erased()},
    not_personal={"recipient_key"},
)
