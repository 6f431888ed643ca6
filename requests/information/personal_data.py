"""An information request is its own record with its authority's retention period
(``rights.RecordType.INFORMATION_REQUEST``); see referral_portal/rights/registry.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from referral_portal.rights import registry
from referral_portal.rights.models import RecordType
from referral_portal.rights.registry import About, erased, erased_with
from requests.information.models import Disclosure, InformationRequest, Status

CLOSED = (Status.ANSWERED, Status.REFUSED, Status.ROUTED)


def _due(authority_id: int, cutoff: dt.datetime) -> QuerySet[InformationRequest]:
    return InformationRequest.objects.filter(
        authority_id=authority_id, status__in=CLOSED, updated_at__lt=cutoff
    ).exclude(child_first_name=registry.REMOVED)


def _about(authority_id: int, subject: registry.Subject) -> QuerySet[InformationRequest]:
    return InformationRequest.objects.filter(
        authority_id=authority_id,
        child_first_name__iexact=subject.first_name.strip(),
        child_last_name__iexact=subject.last_name.strip(),
        child_date_of_birth=subject.date_of_birth,
    ).order_by("created_at", "pk")


def _remove_evidence(rows: QuerySet[Any]) -> None:
    for path in rows.exclude(evidence_path="").values_list("evidence_path", flat=True):
        (Path(settings.MEDIA_ROOT) / path).unlink(missing_ok=True)


def _disclosed_names_only(disclosed: dict[str, Any]) -> dict[str, str]:
    # The log keeps which fields were disclosed (the disclosure log's point), not their values.
    return dict.fromkeys(disclosed, registry.REMOVED)


registry.record(
    InformationRequest,
    record_type=RecordType.INFORMATION_REQUEST,
    export_key="information_requests",
    due=_due,
    about=_about,
)

registry.declare(
    InformationRequest,
    record=InformationRequest,
    before_retention=_remove_evidence,
    personal={
        "child_first_name": erased(),
        "child_last_name": erased(),
        "child_date_of_birth": erased(),
        "child_address": erased(),
        "purpose": erased(),
        "consent_date": erased(),
        "consent_given_by": erased(About.THIRD_PARTY),
        "consent_recorded_by": erased(About.REFERRER),
        "evidence_path": erased(exported=False),
        "evidence_name": erased(),
        "exemption_details": erased(),
        "offence_details": erased(About.THIRD_PARTY),
        "wider_family": erased(About.THIRD_PARTY),
        "consent_not_sought_reason": erased(),
        "verification_email": erased(About.REFERRER),
        "dispensation_reason": erased(),
        "more_information_needed": erased(),
        "more_information_reply": erased(),
        "refused_reason": erased(),
    },
    not_personal={
        "reference",
        "status",
        "consent",
        "evidence_mime",
        "exemption",
        "offence_concerns",
        "reason_needed",
        "verification_code_hash",
        # A team's mailbox (the Disclosure Team), not a person's.
        "routed_to_email",
    },
    not_exported={"verification_code_hash"},
)

registry.declare(
    Disclosure,
    record=InformationRequest,
    path="request",
    personal={
        "disclosed": erased_with(_disclosed_names_only),
        "recipient_email": erased(About.REFERRER),
        "basis_detail": erased(),
        "consent_date": erased(),
    },
    not_personal={"recipient_agency", "basis"},
)
