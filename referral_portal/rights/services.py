"""Retention: remove personal data from records past their period, keep ids for the trail.

Drafts are deleted after 30 days by the Request for Support app (with a warning a week before).
Here, decided or withdrawn contacts and closed information requests are *anonymised* once past
the authority's period: names, dates of birth, addresses, free text, people and attachments
go; the reference, dates, agency and outcome stay, so figures and the audit trail keep working.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from referral_portal.accounts.models import Authority
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record
from referral_portal.rights.models import DEFAULT_DAYS, RecordType, RetentionPolicy

REMOVED = "Removed"

# Free text on a contact that may hold personal data.
CONTACT_TEXT_FIELDS = (
    "referrer_phone",
    "past_harm",
    "future_danger",
    "complicating_factors",
    "existing_strengths",
    "existing_safety",
    "needs_to_happen",
    "safety_scale_reason",
    "child_words",
    "child_heard_how",
    "level_reason",
    "consent_refused_details",
    "consent_not_sought_details",
    "due_extended_reason",
)
INFORMATION_TEXT_FIELDS = (
    "child_address",
    "purpose",
    "consent_given_by",
    "exemption_details",
    "offence_details",
    "wider_family",
    "consent_not_sought_reason",
    "dispensation_reason",
    "more_information_needed",
    "more_information_reply",
)


@dataclass(frozen=True)
class RetentionResult:
    contacts: int
    information_requests: int


def retention_days(*, authority: Authority, record_type: str) -> int:
    policy = RetentionPolicy.objects.filter(authority=authority, record_type=record_type).first()
    return policy.days if policy else DEFAULT_DAYS[RecordType(record_type)]


def retention_apply(*, now: dt.datetime | None = None) -> RetentionResult:
    """Anonymise every record past its authority's period. Safe to run twice."""
    now = now or timezone.now()
    contacts = requests_done = 0
    for authority in Authority.objects.all():
        contacts += _contacts(authority, now)
        requests_done += _information_requests(authority, now)
    return RetentionResult(contacts=contacts, information_requests=requests_done)


def _contacts(authority: Authority, now: dt.datetime) -> int:
    from requests.models import Contact, ContactStatus

    cutoff = now - dt.timedelta(
        days=retention_days(authority=authority, record_type=RecordType.DECIDED_CONTACT)
    )
    due = Contact.objects.filter(
        authority=authority,
        status__in=[ContactStatus.DECIDED, ContactStatus.WITHDRAWN],
        updated_at__lt=cutoff,
    ).exclude(children__first_name=REMOVED)
    done = 0
    for contact_id in due.values_list("pk", flat=True).distinct().iterator():
        _anonymise_contact(contact_id)
        done += 1
    return done


@transaction.atomic
def _anonymise_contact(contact_id: int) -> None:
    from requests.models import Contact

    contact = Contact.objects.select_for_update().get(pk=contact_id)
    fields = [f for f in CONTACT_TEXT_FIELDS if hasattr(contact, f)]
    for name in fields:
        setattr(contact, name, "")
    if hasattr(contact, "assessment_snapshot"):
        contact.assessment_snapshot = {}
        fields.append("assessment_snapshot")
    if hasattr(contact, "pending_input"):
        contact.pending_input = {}
        fields.append("pending_input")
    Contact.objects.filter(pk=contact.pk).update(
        **{name: getattr(contact, name) for name in fields}
    )
    contact.children.update(
        first_name=REMOVED,
        last_name=REMOVED,
        date_of_birth=None,
        expected_due_date=None,
        **{
            f: ""
            for f in ("address", "school", "additional_needs", "match_key")
            if _has(contact, "children", f)
        },
    )
    if hasattr(contact, "people"):
        contact.people.all().delete()
    if hasattr(contact, "attachments"):
        from requests.attachments import attachment_root

        for attachment in contact.attachments.all():
            (attachment_root() / attachment.stored_name).unlink(missing_ok=True)
        contact.attachments.all().delete()
    audit_record(
        actor=None,
        action=AuditAction.DELETE,
        obj=contact,
        changes={"retention": "anonymised"},
    )


def _has(contact: object, relation: str, field: str) -> bool:
    model = getattr(contact, relation).model
    return any(f.name == field for f in model._meta.get_fields())


def _information_requests(authority: Authority, now: dt.datetime) -> int:
    try:
        from requests.information.models import InformationRequest, Status
    except ImportError:
        return 0
    cutoff = now - dt.timedelta(
        days=retention_days(authority=authority, record_type=RecordType.INFORMATION_REQUEST)
    )
    closed = [s for s in ("answered", "refused", "routed") if s in Status.values]
    due = InformationRequest.objects.filter(
        authority=authority, status__in=closed, updated_at__lt=cutoff
    ).exclude(child_first_name=REMOVED)
    done = 0
    for request_id in due.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            item = InformationRequest.objects.select_for_update().get(pk=request_id)
            updates = {f: "" for f in INFORMATION_TEXT_FIELDS if hasattr(item, f)}
            if getattr(item, "evidence_path", ""):
                from pathlib import Path

                from django.conf import settings

                (Path(settings.MEDIA_ROOT) / item.evidence_path).unlink(missing_ok=True)
                updates.update(evidence_path="", evidence_name="")
            updates.update(
                child_first_name=REMOVED, child_last_name=REMOVED, child_date_of_birth=None
            )
            InformationRequest.objects.filter(pk=item.pk).update(**updates)
            audit_record(
                actor=None, action=AuditAction.DELETE, obj=item, changes={"retention": "anonymised"}
            )
        done += 1
    return done
