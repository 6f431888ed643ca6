"""Reads for triage: the queue page (keyset pages of open entries), approvals, a record's timeline."""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from referral_portal.audit.models import AuditAction, AuditEvent
from referral_portal.audit.selectors import timeline_for
from requests.triage import rules
from requests.triage.models import (
    ApprovalKind,
    ApprovalRequest,
    ApprovalStatus,
    Decision,
    DecisionStatus,
    QueueEntry,
)

PAGE_SIZE = 25


@dataclass(frozen=True)
class QueueFilters:
    state: str = ""
    held_by_me: bool = False
    unassigned: bool = False
    agency_type: str = ""
    level: int | None = None
    overdue: bool = False


@dataclass
class QueuePage:
    entries: list[QueueEntry]
    next_cursor: str = ""
    now: dt.datetime = field(default_factory=timezone.now)


def encode_cursor(entry: QueueEntry) -> str:
    raw = json.dumps([int(entry.urgent), entry.due_at.isoformat(), entry.pk])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[bool, dt.datetime, int] | None:
    """The (urgent, due, id) after which the next page starts; None for a bad cursor."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        urgent, due, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        due_at = dt.datetime.fromisoformat(due)
        if due_at.tzinfo is None:
            return None
        return bool(urgent), due_at, int(pk)
    except (ValueError, TypeError, json.JSONDecodeError):
        return None


def queue_entries(*, authority_id: int, user: Any, filters: QueueFilters) -> QuerySet[QueueEntry]:
    qs = QueueEntry.objects.filter(authority_id=authority_id)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.held_by_me:
        qs = qs.filter(held_by=user)
    if filters.unassigned:
        qs = qs.filter(held_by=None)
    if filters.agency_type:
        qs = qs.filter(agency_type=filters.agency_type)
    if filters.level is not None:
        qs = qs.filter(level_of_need=filters.level)
    if filters.overdue:
        qs = qs.filter(due_at__lte=timezone.now())
    return qs.order_by("-urgent", "due_at", "id")


def queue_page(
    *, user: Any, filters: QueueFilters, cursor: str = "", size: int = PAGE_SIZE
) -> QueuePage:
    """One page of the user's authority's queue: urgent first, then by due time (keyset).

    Reads only the open entries (index ``queue_order``) and the page's own contacts and
    children, so the page costs the same at a thousand contacts or a million.
    """
    qs = queue_entries(authority_id=user.authority_id, user=user, filters=filters)
    after = decode_cursor(cursor)
    if after is not None:
        urgent, due_at, pk = after
        # Rows after (urgent, due, id) in the order (-urgent, due_at, id).
        qs = qs.filter(
            Q(urgent__lt=urgent)
            | Q(urgent=urgent, due_at__gt=due_at)
            | Q(urgent=urgent, due_at=due_at, id__gt=pk)
        )
    # One query on the queue table (and the holder's name): no contact or child rows are read.
    rows = list(qs.select_related("held_by")[: size + 1])
    next_cursor = encode_cursor(rows[size - 1]) if len(rows) > size else ""
    return QueuePage(entries=rows[:size], next_cursor=next_cursor)


def due_tag(entry: QueueEntry, now: dt.datetime | None = None) -> str:
    return rules.due_tag(due_at=entry.due_at, now=now or timezone.now())


def gathering_allowed(*, contact: Any, consent: str) -> bool:
    """May information be gathered now: consent given, or a duty manager's override (003)."""
    return rules.may_gather(
        consent=consent,
        override_approved=ApprovalRequest.objects.filter(
            contact=contact, kind=ApprovalKind.CONSENT_OVERRIDE, status=ApprovalStatus.APPROVED
        ).exists(),
    )


def pending_approvals(*, manager: Any) -> list[ApprovalRequest]:
    return list(
        ApprovalRequest.objects.filter(
            authority_id=manager.authority_id, status=ApprovalStatus.PENDING
        ).select_related("contact", "requested_by")
    )


def decisions_awaiting(*, manager: Any) -> list[Decision]:
    return list(
        Decision.objects.filter(
            authority_id=manager.authority_id, status=DecisionStatus.AWAITING_MANAGER
        ).select_related("contact", "made_by")
    )


TIMELINE_WORDS = {
    "claimed": "Claimed",
    "released": "Released back to the queue",
    "reassigned": "Reassigned by a duty manager",
    "gathering_updated": "Consent, MASH or immediate action updated",
    "pr_checked": "Parental responsibility check recorded",
    "professional_contacted": "Professional contacted",
    "consent_override_requested": "Consent override asked for",
    "consent_override_approved": "Consent override approved",
    "consent_override_declined": "Consent override declined",
    "extension_requested": "Extension asked for",
    "extension_approved": "Extension approved",
    "extension_declined": "Extension declined",
    "decision_proposed": "Decision recorded, awaiting a duty manager",
    "decision_agreed": "Decision agreed by a duty manager",
    "decision_returned": "Decision returned by a duty manager",
    "withdrawn": "Withdrawn",
}


def contact_timeline(*, contact_id: int) -> list[dict[str, Any]]:
    """Everything that happened to the contact, oldest first; views are left to the audit trail."""
    events: QuerySet[AuditEvent] = timeline_for(
        object_type="requests.contact", object_id=contact_id
    ).exclude(action__in=[AuditAction.VIEW, AuditAction.LIST, AuditAction.DENIED])
    timeline = []
    for event in events:
        name = str(event.changes.get("event", "")) if isinstance(event.changes, dict) else ""
        timeline.append(
            {
                "at": event.at,
                "who": event.actor_label,
                "what": TIMELINE_WORDS.get(name) or event.get_action_display(),
            }
        )
    return timeline
