"""Information gathering follows the contact's retention (referral_portal/rights/registry.py):
the request, the answers about the child, the files and the disclosure log are erased or
deleted with the contact, and exported in a subject access request about the child."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from referral_portal.rights import registry
from referral_portal.rights.registry import About, erased
from requests.attachments import attachment_delete_file
from requests.gathering.models import (
    GatheringAnswer,
    GatheringAttachment,
    GatheringDisclosure,
    GatheringRequest,
)
from requests.models import Contact


def _remove_files(rows: QuerySet[Any]) -> None:
    for stored in rows.values_list("stored_name", flat=True):
        attachment_delete_file(stored)


registry.declare(
    GatheringRequest,
    record=Contact,
    path="contact",
    about=About.THIRD_PARTY,
    personal={
        # The professional asked, and whoever passed it on.
        "recipient_name": erased(About.THIRD_PARTY),
        "recipient_email": erased(About.THIRD_PARTY),
        "passed_on_by": erased(About.THIRD_PARTY),
        # Questions and draft answers are about the child.
        "questions": erased(),
        "draft": erased(),
        "closed_reason": erased(),
        # When one-time codes were sent: no use after the request, not exported.
        "codes_sent": erased(About.THIRD_PARTY, exported=False),
    },
    not_personal={
        "agency_type",
        "disclosed",
        "basis",
        "status",
        "link_nonce",
        "code_hash",
    },
    not_exported={"link_nonce", "code_hash"},
)

registry.declare(
    GatheringAnswer,
    record=Contact,
    path="request__contact",
    personal={
        "answers": erased(),
        "answered_by_name": erased(About.THIRD_PARTY),
        "answered_by_email": erased(About.THIRD_PARTY),
        "verified_how": erased(About.THIRD_PARTY),
    },
)

registry.declare(
    GatheringAttachment,
    record=Contact,
    path="request__contact",
    on_retention="delete",
    before_retention=_remove_files,
    personal={"name": erased(), "uploaded_by_email": erased(About.THIRD_PARTY)},
    not_personal={"content_type", "stored_name"},
    not_exported={"stored_name"},
)

registry.declare(
    GatheringDisclosure,
    record=Contact,
    path="request__contact",
    about=About.THIRD_PARTY,
    personal={
        "to_name": erased(About.THIRD_PARTY),
        "to_email": erased(About.THIRD_PARTY),
        "by_label": erased(About.STAFF),
    },
    # The log keeps which fields were disclosed, never their values.
    not_personal={"to_agency", "fields", "basis"},
)
