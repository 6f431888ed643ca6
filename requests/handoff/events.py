"""The one seam between triage and the hand-off: ``record`` is called by the triage services
in the transaction that agrees a decision, agrees a later (amending) decision, or withdraws a
contact. It writes the event and one delivery per active endpoint of the authority; the
deliveries go once that transaction commits (and the beat sweep sends whatever that missed)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from requests.handoff import document as documents
from requests.handoff.models import EventKind, HandoffEvent
from requests.models import Contact

DECISION_AGREED = EventKind.DECISION_AGREED
DECISION_AMENDED = EventKind.DECISION_AMENDED
CONTACT_WITHDRAWN = EventKind.CONTACT_WITHDRAWN


def record(*, kind: str, contact: Contact, decision: Any = None) -> HandoffEvent:
    """Write the hand-off event ``kind`` for ``contact`` in the caller's transaction."""
    from requests.handoff import services

    if kind not in EventKind.values:
        raise ValueError(f"unknown hand-off event {kind!r}")
    with transaction.atomic():
        # One writer per contact at a time: the sequence is the delivery order.
        Contact.objects.select_for_update().filter(pk=contact.pk).first()
        last = HandoffEvent.objects.filter(contact=contact).aggregate(n=Max("sequence"))["n"]
        sequence = (last or 0) + 1
        webhook_id = f"msg_{uuid.uuid4().hex}"
        now = timezone.now()
        event = HandoffEvent.objects.create(
            authority_id=contact.authority_id,
            contact=contact,
            decision=decision,
            kind=kind,
            webhook_id=webhook_id,
            sequence=sequence,
            created_at=now,
            document=documents.build(
                contact=contact,
                kind=kind,
                webhook_id=webhook_id,
                sequence=sequence,
                occurred_at=now,
                decision=decision,
            ),
        )
        services.deliveries_create(event=event)
    return event
