"""The ``contact-handoff/v1`` document (schema: ``schema/contact-handoff-v1.json``, described
in docs/handoff.md). Built once, in the transaction of the event, and stored with it: every
delivery, the pull API and the export give the same document for the same event."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from requests.handoff import vocabulary
from requests.handoff.models import Section
from requests.models import ConcernCategory, Contact, DeclaredPR
from requests.triage.models import (
    ApprovalKind,
    ApprovalRequest,
    ApprovalStatus,
    Decision,
    Outcome,
    PRCheck,
    Triage,
)

SCHEMA_ID = "contact-handoff/v1"
SCHEMA_PATH = Path(__file__).parent / "schema" / "contact-handoff-v1.json"


def schema() -> dict[str, Any]:
    result: dict[str, Any] = json.loads(SCHEMA_PATH.read_text())
    return result


def _time(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _children(contact: Contact) -> list[dict[str, Any]]:
    return [
        {
            "portal_id": child.pk,
            "first_name": child.first_name,
            "last_name": child.last_name,
            "date_of_birth": _date(child.date_of_birth),
            "expected_due_date": _date(child.expected_due_date),
            "sex": child.sex or None,
            "address": child.address,
            # Ready for the consistent child identifier: the portal does not collect them yet.
            "nhs_number": None,
            "upn": None,
        }
        for child in contact.children.all()
    ]


def _people(contact: Contact) -> list[dict[str, Any]]:
    checks: dict[int, list[PRCheck]] = {}
    for check in PRCheck.objects.filter(contact=contact).order_by("recorded_at", "id"):
        if check.person_id is not None:
            checks.setdefault(check.person_id, []).append(check)
    children = [child.pk for child in contact.children.all()]
    # What the referrer declared, per person and child (issue 17 point 1).
    declared = {
        (person_id, child_id): value
        for person_id, child_id, value in DeclaredPR.objects.filter(
            person__contact=contact
        ).values_list("person_id", "child_id", "parental_responsibility")
    }
    people = []
    for person in contact.people.all():
        by_child: dict[int, dict[str, Any]] = {}
        for check in checks.get(person.pk, []):
            for child_id in [check.child_id] if check.child_id else children:
                by_child[child_id] = {
                    "child": child_id,
                    "holds_pr": check.holds_pr,
                    "confirmed_by_front_door": check.confirmed,
                }
        for child_id in children:
            # Not checked by the front door: what the referrer said for that child.
            by_child.setdefault(
                child_id,
                {
                    "child": child_id,
                    "holds_pr": declared.get((person.pk, child_id), "not_known"),
                    "confirmed_by_front_door": False,
                },
            )
        people.append(
            {
                "portal_id": person.pk,
                "full_name": person.full_name,
                "relationship": person.relationship,
                "lives_with_child": person.lives_with_child,
                "address": "" if person.address_unsafe else person.address,
                "parental_responsibility": [by_child[c] for c in children],
            }
        )
    return people


def _consent(contact: Contact, triage: Triage | None) -> dict[str, Any]:
    override = (
        ApprovalRequest.objects.filter(
            contact=contact, kind=ApprovalKind.CONSENT_OVERRIDE, status=ApprovalStatus.APPROVED
        )
        .order_by("-decided_at")
        .first()
    )
    return {
        "referral": contact.consent or None,
        "not_sought_reason": contact.consent_not_sought_reason or None,
        "child": contact.child_consent or None,
        "to_gather_information": (triage.consent_to_gather or None) if triage else None,
        "override": (
            {"approved": True, "approved_at": _time(override.decided_at)}
            if override is not None
            else None
        ),
    }


def build(
    *,
    contact: Contact,
    kind: str,
    webhook_id: str,
    sequence: int,
    occurred_at: Any,
    decision: Decision | None,
) -> dict[str, Any]:
    triage = Triage.objects.filter(contact=contact).first()
    agency = contact.agency
    code = vocabulary.cin_source_code(agency.agency_type)
    categories = [
        {"code": c, "label": str(ConcernCategory(c).label)}
        for c in contact.categories or []
        if c in ConcernCategory.values
    ]
    document: dict[str, Any] = {
        "schema": SCHEMA_ID,
        "event": {
            "id": webhook_id,
            "type": kind,
            "sequence": sequence,
            "occurred_at": _time(occurred_at),
        },
        "authority": {"slug": contact.authority.slug, "name": contact.authority.name},
        "contact": {
            "portal_id": contact.pk,
            "reference": contact.reference,
            "received_at": _time(contact.submitted_at),
            "immediate_danger": contact.immediate_danger,
            "status": contact.status,
        },
        "referrer": {
            "agency": agency.name,
            "agency_type": agency.agency_type,
            "cin_source_code": code,
            "cin_source_label": vocabulary.CIN_SOURCE_LABELS[code],
            "role": contact.referrer_role,
        },
        "children": _children(contact),
        "people": _people(contact),
        "categories": categories,
        "level_of_need": contact.level_of_need,
        "consent": _consent(contact, triage),
        "decision": None,
        "withdrawn": None,
        "sections": {},
    }
    if decision is not None:
        document["decision"] = {
            "portal_id": decision.pk,
            "outcome": decision.outcome,
            "outcome_label": str(Outcome(decision.outcome).label),
            "after_further_enquiries": decision.after_enquiries,
            "agreed_at": _time(decision.reviewed_at),
            "ssd_contact_outcome": vocabulary.ssd_contact_outcome(decision.outcome),
        }
        document["sections"][Section.RATIONALE] = {"rationale": decision.rationale}
    if triage is not None and kind == "contact.withdrawn":
        document["withdrawn"] = {"withdrawn_at": _time(occurred_at)}
        document["sections"][Section.RATIONALE] = {"withdrawn_reason": triage.withdrawn_reason}
    return document


def for_recipient(document: dict[str, Any], sections: list[str]) -> dict[str, Any]:
    """The document with only the optional sections the recipient takes."""
    shown = dict(document)
    shown["sections"] = {
        name: value for name, value in document.get("sections", {}).items() if name in sections
    }
    return shown


def encode(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
