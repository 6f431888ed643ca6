"""The Request for Support's personal data (see referral_portal/rights/registry.py).

A decided or withdrawn Request for Support is one record with its authority's retention period
(``rights.RecordType.DECIDED_CONTACT``): its children, people and attachments, and every row
the front door adds to it (triage, decisions, letters: declared in those apps), follow it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from referral_portal.rights import registry
from referral_portal.rights.models import RecordType
from referral_portal.rights.registry import About, erased
from requests.attachments import attachment_root
from requests.models import (
    Attachment,
    Child,
    Contact,
    ContactStatus,
    DeclaredPR,
    IdempotencyKey,
    Person,
    PossibleMatch,
    ReferenceCounter,
)
from requests.services import child_match_key


def _due(authority_id: int, cutoff: dt.datetime) -> QuerySet[Contact]:
    return Contact.objects.filter(
        authority_id=authority_id,
        status__in=[ContactStatus.DECIDED, ContactStatus.WITHDRAWN],
        updated_at__lt=cutoff,
    ).exclude(children__first_name=registry.REMOVED)


def _match_key(subject: registry.Subject) -> str:
    return child_match_key(
        first_name=subject.first_name,
        last_name=subject.last_name,
        date_of_birth=subject.date_of_birth,
    )


def _about(authority_id: int, subject: registry.Subject) -> QuerySet[Contact]:
    ids = (
        Child.objects.filter(contact__authority_id=authority_id, match_key=_match_key(subject))
        .exclude(contact__status=ContactStatus.DRAFT)
        .values("contact_id")
    )
    return Contact.objects.filter(pk__in=ids).order_by("submitted_at", "pk")


def _is_the_child(child: Child, subject: registry.Subject) -> bool:
    return bool(child.match_key) and child.match_key == _match_key(subject)


def _remove_files(rows: QuerySet[Any]) -> None:
    for stored_name in rows.values_list("stored_name", flat=True):
        (attachment_root() / stored_name).unlink(missing_ok=True)


registry.record(
    Contact,
    record_type=RecordType.DECIDED_CONTACT,
    export_key="requests_for_support",
    due=_due,
    about=_about,
)

registry.declare(
    Contact,
    record=Contact,
    personal={
        "referrer_role": erased(About.REFERRER),
        "referrer_phone": erased(About.REFERRER),
        "referrer_email": erased(About.REFERRER),
        "past_harm": erased(),
        "future_danger": erased(),
        "complicating_factors": erased(),
        "existing_strengths": erased(),
        "existing_safety": erased(),
        "needs_to_happen": erased(),
        "safety_scale_reason": erased(),
        "child_words": erased(),
        "child_heard_how": erased(),
        "level_reason": erased(),
        "assessment_snapshot": erased(),
        "consent_refused_details": erased(),
        "consent_not_sought_details": erased(),
        "consent_advice_outcome": erased(),
        "child_consent_details": erased(),
        "due_extended_reason": erased(),
        # The form as it was being filled in: a draft's copy of the above.
        "pending_input": erased(exported=False),
    },
    # The categories of concern, consent and level stay for the figures; with the names gone
    # they identify nobody.
    not_personal={
        "status",
        "reference",
        "categories",
        "consent",
        "consent_not_sought_reason",
        # Answers chosen from a list (004 §3-§4, Early Help): they name nobody.
        "consent_advice",
        "consent_child_protection",
        "child_consent",
        "discussed_with_lead",
        "early_help_in_place",
    },
)

registry.declare(
    Child,
    record=Contact,
    path="contact",
    personal={
        "first_name": erased(),
        "last_name": erased(),
        "date_of_birth": erased(),
        "expected_due_date": erased(),
        "sex": erased(),
        "ethnicity": erased(),
        "address": erased(),
        "school": erased(),
        "first_language": erased(),
        "additional_needs": erased(),
        "interpreter_language": erased(),
        "other_communication_needs": erased(),
        # Folded name and date of birth, for finding the same child again.
        "match_key": erased(exported=False),
    },
    is_subject=_is_the_child,
)

registry.declare(
    Person,
    record=Contact,
    path="contact",
    about=About.THIRD_PARTY,
    on_retention="delete",
    personal={
        "full_name": erased(About.THIRD_PARTY),
        "relationship": erased(About.THIRD_PARTY),
        "parental_responsibility": erased(About.THIRD_PARTY),
        "address": erased(About.THIRD_PARTY),
        "email": erased(About.THIRD_PARTY),
        "phone": erased(About.THIRD_PARTY),
        "interpreter_language": erased(About.THIRD_PARTY),
    },
)

# The referrer's answer, per child, for a person: goes with the person.
registry.declare(
    DeclaredPR,
    record=Contact,
    path="person__contact",
    about=About.THIRD_PARTY,
    on_retention="delete",
    personal={"parental_responsibility": erased(About.THIRD_PARTY)},
)

registry.declare(
    Attachment,
    record=Contact,
    path="contact",
    on_retention="delete",
    before_retention=_remove_files,
    personal={"name": erased()},
    # A random file name; the file itself is released from the case record, not in the JSON.
    not_personal={"content_type", "stored_name"},
    not_exported={"stored_name"},
)

# Links between children's rows; it goes with them.
registry.declare(PossibleMatch)
registry.declare(ReferenceCounter)
# The reply to an API call (reference, status, dates), kept to replay it.
registry.declare(IdempotencyKey, not_personal={"key", "body_hash", "response"})
