"""Reads for triage: the queue page (keyset pages of open entries), approvals, a record's timeline."""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from referral_portal.accounts.models import User
from referral_portal.audit.models import AuditAction, AuditEvent
from referral_portal.audit.selectors import timeline_for
from requests.models import Contact
from requests.triage import rules
from requests.triage.models import (
    ApprovalKind,
    ApprovalRequest,
    ApprovalStatus,
    Decision,
    DecisionStatus,
    QueueEntry,
    Triage,
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


def queue_entries(*, authority_id: int, user: User, filters: QueueFilters) -> QuerySet[QueueEntry]:
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
    *, user: User, filters: QueueFilters, cursor: str = "", size: int = PAGE_SIZE
) -> QueuePage:
    """One page of the user's authority's queue: urgent first, then by due time (keyset).

    Reads only the open entries (index ``queue_order``) and the page's own contacts and
    children, so the page costs the same at a thousand contacts or a million.
    """
    qs = queue_entries(authority_id=user.authority_id or 0, user=user, filters=filters)
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


def gathering_allowed(*, contact: Contact, consent: str) -> bool:
    """May information be gathered now: consent given, or a duty manager's override (003)."""
    return rules.may_gather(
        consent=consent,
        override_approved=ApprovalRequest.objects.filter(
            contact=contact, kind=ApprovalKind.CONSENT_OVERRIDE, status=ApprovalStatus.APPROVED
        ).exists(),
    )


def pending_approvals(*, manager: User) -> list[ApprovalRequest]:
    return list(
        ApprovalRequest.objects.filter(
            authority_id=manager.authority_id or 0, status=ApprovalStatus.PENDING
        ).select_related("contact", "requested_by")
    )


def decisions_awaiting(*, manager: User) -> list[Decision]:
    return list(
        Decision.objects.filter(
            authority_id=manager.authority_id or 0, status=DecisionStatus.AWAITING_MANAGER
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
    "consent_change_requested": "Consent recorded as given after a refusal: sent to the duty "
    "managers to check",
    "consent_change_approved": "Consent change confirmed by a duty manager",
    "consent_change_declined": "Consent change reversed by a duty manager: the earlier answer "
    "is back",
    "extension_requested": "Extension asked for",
    "extension_approved": "Extension approved",
    "extension_declined": "Extension declined",
    "decision_proposed": "Decision recorded, awaiting a duty manager",
    "decision_agreed": "Decision agreed by a duty manager",
    "decision_returned": "Decision returned by a duty manager",
    "decision_made": "Decision recorded by the officer: final (this authority's procedures give "
    "no duty manager's agreement)",
    "enquiries_updated": "Further enquiries recorded",
    "final_outcome_proposed": "Final outcome of the enquiries recorded, awaiting a duty manager",
    "final_outcome_agreed": "Final outcome of the enquiries agreed by a duty manager",
    "final_outcome_made": "Final outcome of the enquiries recorded by the officer: final (this "
    "authority's procedures give no duty manager's agreement)",
    "letters_created": "Outcome letters made",
    "letter_recipient_held": "A recipient's outcome letter held back",
    "letter_recipient_released": "A recipient's outcome letter released",
    "withdrawn": "Withdrawn",
    # The hand-off to the council's case-management system (requests/handoff).
    "handoff_delivered": "Sent to the council's case-management system",
    "handoff_failed": "Could not be sent to the council's case-management system: on the "
    "failed hand-offs page",
    "handoff_resent": "Hand-off to the council's system sent again",
    "handoff_recorded": "Recorded in the council's system",
}
# Letter events, said with the letter's recipient (looked up by the letter's id).
LETTER_WORDS = {
    "letter_sent": "Outcome letter emailed to {}",
    "letter_posted": "Outcome letter marked as posted to {}",
    "letter_failed": "Outcome letter to {} could not be sent",
    "letter_resent": "Outcome letter to {} sent again",
}
EMAIL_WORDS = {"acknowledgement": "Acknowledgement email sent to the referrer"}


def _letter_names(events: list[AuditEvent]) -> dict[int, str]:
    from requests.letters.models import Letter

    ids = {
        int(event.changes["letter"])
        for event in events
        if isinstance(event.changes, dict) and str(event.changes.get("letter", "")).isdigit()
    }
    return {
        pk: f"{name} ({kind.lower()})"
        for pk, name, kind in (
            (letter.pk, letter.recipient_name, letter.get_kind_display())
            for letter in Letter.objects.filter(pk__in=ids)
        )
    }


def contact_timeline(*, contact_id: int) -> list[dict[str, Any]]:
    """Everything that happened to the contact, oldest first, in words; views are left to the
    audit trail. The referrer's draft saves are folded into one line, then the sending."""
    events = list(
        timeline_for(object_type="requests.contact", object_id=contact_id)
        .exclude(action__in=[AuditAction.VIEW, AuditAction.LIST, AuditAction.DENIED])
        .select_related("actor")
    )
    names = _letter_names(events)
    timeline: list[dict[str, Any]] = []
    draft: dict[str, Any] | None = None
    sent = False
    for event in events:
        changes = event.changes if isinstance(event.changes, dict) else {}
        name = str(changes.get("event", ""))
        actor = event.actor
        who = (getattr(actor, "full_name", "") or event.actor_label) if actor else "the portal"
        if not sent and changes.get("status") == "received":
            sent = True
            timeline.append(
                {"at": event.at, "who": "", "what": f"Request for Support sent by {who}"}
            )
            continue
        if not sent and not name:
            # A page of the draft saved: one line for all of them.
            if draft is None:
                draft = {"at": event.at, "who": "", "saves": 0}
                timeline.append(draft)
            draft["saves"] += 1
            draft["what"] = (
                f"Request for Support drafted by {who} ({draft['saves']} "
                f"{'save' if draft['saves'] == 1 else 'saves'})"
            )
            continue
        if name in LETTER_WORDS:
            letter = str(changes.get("letter", ""))
            recipient = names.get(int(letter)) if letter.isdigit() else None
            what = LETTER_WORDS[name].format(recipient or "a recipient")
        elif name in TIMELINE_WORDS:
            what = TIMELINE_WORDS[name]
            if name == "letters_created" and isinstance(changes.get("letters"), dict):
                what += f": {len(changes['letters'])}"
        elif changes.get("email") in EMAIL_WORDS:
            what = EMAIL_WORDS[str(changes["email"])]
        else:
            what = event.get_action_display()
        timeline.append({"at": event.at, "who": who, "what": what})
    return timeline


def contact_deadline(contact: Contact) -> dt.datetime | None:
    """The contact's current deadline: an approved extension, else the time set when it was
    received from the authority's response aim; None where its procedure sets none."""
    triage = Triage.objects.filter(contact=contact).first()
    if triage is not None and triage.extended_due_at is not None:
        return triage.extended_due_at
    return contact.due_at
