"""The hand-off's rows follow their contact's retention (referral_portal/rights/registry.py)."""

from __future__ import annotations

from referral_portal.rights import registry
from referral_portal.rights.registry import About, erased
from requests.handoff.models import Delivery, Endpoint, HandoffEvent, Receipt
from requests.models import Contact

registry.declare(
    HandoffEvent,
    record=Contact,
    path="contact",
    # The contact-handoff/v1 document: the children, people, referrer and decision.
    personal={"document": erased()},
    not_personal={"kind", "webhook_id"},
)

registry.declare(
    Delivery,
    record=Contact,
    path="contact",
    # The receiving server's answer to a failed attempt (a status line, a short body).
    personal={"last_error": erased(About.THIRD_PARTY)},
    not_personal={"status", "lease_token"},
)

registry.declare(
    Receipt,
    record=Contact,
    path="contact",
    # The council's own ids for the contact, the children and the people.
    personal={"case_id": erased(), "person_ids": erased()},
    not_personal={"system"},
)

registry.declare(
    Endpoint,
    not_personal={"name", "url", "secret", "previous_secret", "sections"},
)
