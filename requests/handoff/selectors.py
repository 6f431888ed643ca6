"""Reads of the hand-off: what the front door sees on a contact, the failed deliveries."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from referral_portal.accounts.models import Role, User
from referral_portal.outbox.models import OutboxStatus
from requests.handoff.models import Delivery, Endpoint, HandoffEvent, Receipt
from requests.models import Contact

# Who sees the hand-off's state of a contact and sends a failed delivery again.
FRONT_DOOR = frozenset({Role.OFFICER, Role.MANAGER})

STATUS_WORDS: dict[str, str] = {
    OutboxStatus.PENDING: "Waiting to be sent",
    OutboxStatus.SENDING: "Being sent",
    OutboxStatus.SENT: "Received by the council's system",
    OutboxStatus.FAILED: "Failed: send it again from the failed hand-offs page",
    OutboxStatus.CANCELLED: "Not needed any more",
}


def first_receipt_at(*, contact_id: int) -> Any:
    """When the receiving system first said it recorded the contact (None: not yet)."""
    return (
        Receipt.objects.filter(contact_id=contact_id)
        .order_by("received_at")
        .values_list("received_at", flat=True)
        .first()
    )


def endpoints_of(authority_id: int) -> QuerySet[Endpoint]:
    return Endpoint.objects.filter(authority_id=authority_id)


def deliveries_for_user(user: User) -> QuerySet[Delivery]:
    if user.role not in FRONT_DOOR or user.authority_id is None:
        return Delivery.objects.none()
    return Delivery.objects.filter(authority_id=user.authority_id)


def deliveries_in_trouble(user: User) -> dict[str, list[Delivery]]:
    mine = deliveries_for_user(user).select_related("event", "endpoint", "contact")
    return {
        "failed": list(
            mine.filter(status=OutboxStatus.FAILED).order_by("-status_changed_at")[:200]
        ),
        "retrying": list(
            mine.filter(status__in=[OutboxStatus.PENDING, OutboxStatus.SENDING], attempts__gt=0)
            .exclude(last_error="")
            .order_by("next_attempt_at")[:200]
        ),
    }


def contact_handoff(*, contact: Contact) -> dict[str, Any] | None:
    """The hand-off's state of one contact for its record page: each event, where it went,
    and what the council's system recorded. None if nothing was handed off."""
    events = list(HandoffEvent.objects.filter(contact=contact).order_by("sequence"))
    receipts = list(Receipt.objects.filter(contact=contact).order_by("received_at"))
    if not events and not receipts:
        return None
    deliveries = Delivery.objects.filter(contact=contact).select_related("endpoint")
    by_event: dict[int, list[dict[str, Any]]] = {}
    for delivery in deliveries:
        by_event.setdefault(delivery.event_id, []).append(
            {
                "endpoint": delivery.endpoint.name,
                "status": delivery.status,
                "words": STATUS_WORDS.get(delivery.status, delivery.status),
                "at": delivery.sent_at or delivery.status_changed_at,
                "attempts": delivery.attempts,
            }
        )
    return {
        "events": [
            {
                "event": event,
                "label": event.get_kind_display(),
                "deliveries": by_event.get(event.pk, []),
            }
            for event in events
        ],
        "receipts": receipts,
    }


def failed_count(user: User) -> int:
    return deliveries_for_user(user).filter(status=OutboxStatus.FAILED).count()
