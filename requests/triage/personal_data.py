"""The front door's record of its work on a contact follows the contact's retention
(see referral_portal/rights/registry.py and requests/personal_data.py)."""

from __future__ import annotations

from referral_portal.rights import registry
from referral_portal.rights.registry import About, erased
from requests.models import Contact
from requests.triage.models import (
    ApprovalRequest,
    Decision,
    FurtherEnquiries,
    PRCheck,
    ProfessionalContacted,
    QueueEntry,
    Triage,
)

registry.declare(
    Triage,
    record=Contact,
    path="contact",
    personal={
        "consent_notes": erased(),
        "mash_summary": erased(),
        "immediate_action_taken": erased(),
        "withdrawn_reason": erased(),
        # Who in the family gave consent, and how: about the family.
        "consent_given_by": erased(),
        "consent_given_how": erased(),
        "immediate_action_by": erased(),
    },
    not_personal={"state", "consent_to_gather"},
)

# Open contacts only (the entry goes when the contact is decided); erased all the same.
registry.declare(
    QueueEntry,
    record=Contact,
    path="contact",
    personal={"child_names": erased()},
    not_personal={"state", "agency_type", "reference", "agency_name"},
)

registry.declare(
    PRCheck,
    record=Contact,
    path="contact",
    about=About.THIRD_PARTY,
    personal={
        "person_name": erased(About.THIRD_PARTY),
        "relationship": erased(About.THIRD_PARTY),
        "how_checked": erased(About.THIRD_PARTY),
    },
    not_personal={"holds_pr"},
)

registry.declare(
    ProfessionalContacted,
    record=Contact,
    path="contact",
    about=About.THIRD_PARTY,
    personal={
        "name": erased(About.THIRD_PARTY),
        "email": erased(About.THIRD_PARTY),
        "address": erased(About.THIRD_PARTY),
        # What they were asked and said is about the child.
        "asked": erased(),
        "said": erased(),
    },
    not_personal={"agency"},
)

registry.declare(
    ApprovalRequest,
    record=Contact,
    path="contact",
    personal={"reason": erased(), "manager_comment": erased()},
    not_personal={"kind", "status", "extension_reason", "consent_before"},
)

registry.declare(
    Decision,
    record=Contact,
    path="contact",
    personal={
        "rationale": erased(),
        "next_steps": erased(),
        # What the letters say about the family, and the manager's reason for agreeing.
        "family_text": erased(),
        "family_text_easy_read": erased(),
        "referrer_text": erased(),
        "letters_confirmation": erased(),
        "immediate_action_taken": erased(),
        "manager_comment": erased(),
    },
    not_personal={"outcome", "status"},
)

registry.declare(
    FurtherEnquiries,
    record=Contact,
    path="contact",
    personal={"enquiries": erased(), "result": erased()},
)
