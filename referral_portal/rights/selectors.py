"""Everything held about one child in one authority, for a subject-access request."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.forms.models import model_to_dict

from referral_portal.audit.models import AuditEvent

# Internal bookkeeping that says nothing about the child.
_SKIP = {"pending_input", "match_key", "verification_code_hash", "stored_name", "evidence_path"}


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _row(obj: Any) -> dict[str, Any]:
    data = model_to_dict(obj)
    for field in obj._meta.concrete_fields:
        if field.name not in data:
            data[field.name] = getattr(obj, field.attname)
    return {k: _plain(v) for k, v in data.items() if k not in _SKIP}


def subject_access(
    *, authority_id: int, first_name: str, last_name: str, date_of_birth: dt.date
) -> dict[str, Any]:
    from requests.models import Child, Contact
    from requests.services import child_match_key

    key = child_match_key(first_name=first_name, last_name=last_name, date_of_birth=date_of_birth)
    contact_ids = (
        Child.objects.filter(contact__authority_id=authority_id, match_key=key)
        .exclude(contact__status="draft")
        .values_list("contact_id", flat=True)
        .distinct()
    )
    contacts = []
    for contact in Contact.objects.filter(pk__in=list(contact_ids)).order_by("submitted_at"):
        entry = _row(contact)
        entry["children"] = [_row(c) for c in contact.children.all()]
        for relation in ("people", "attachments"):
            if hasattr(contact, relation):
                entry[relation] = [_row(x) for x in getattr(contact, relation).all()]
        entry["triage"] = _triage(contact)
        entry["history"] = [
            {"at": e.at.isoformat(), "action": e.action, "by": e.actor_label}
            for e in AuditEvent.objects.filter(
                object_type="requests.contact", object_id=str(contact.pk)
            ).order_by("at")
        ]
        contacts.append(entry)
    return {
        "subject": {
            "first_name": first_name,
            "last_name": last_name,
            "date_of_birth": date_of_birth.isoformat(),
        },
        "requests_for_support": contacts,
        "information_requests": _information_requests(
            authority_id, first_name, last_name, date_of_birth
        ),
    }


def _triage(contact: Any) -> dict[str, Any]:
    try:
        from requests.triage.models import Decision, PRCheck, ProfessionalContacted
    except ImportError:
        return {}
    return {
        "decisions": [_row(d) for d in Decision.objects.filter(contact=contact)],
        "parental_responsibility_checks": [
            _row(p) for p in PRCheck.objects.filter(contact=contact)
        ],
        "professionals_contacted": [
            _row(p) for p in ProfessionalContacted.objects.filter(contact=contact)
        ],
    }


def _information_requests(
    authority_id: int, first: str, last: str, born: dt.date
) -> list[dict[str, Any]]:
    try:
        from requests.information.models import InformationRequest
    except ImportError:
        return []
    rows = InformationRequest.objects.filter(
        authority_id=authority_id,
        child_first_name__iexact=first.strip(),
        child_last_name__iexact=last.strip(),
        child_date_of_birth=born,
    )
    return [_row(r) for r in rows]
