"""The hand-off of decided contacts to the council's case-management system (issue 26).

``HandoffEvent``: one per "decision agreed", "decision amended" or "contact withdrawn",
written by ``events.record`` in the transaction of that change, with the ``contact-handoff/v1``
document as it stood then. ``Endpoint``: where an authority wants its events POSTed.
``Delivery``: one event to one endpoint, an outbox item (``referral_portal.outbox.leases``).
``Receipt``: the receiving system's own ids for the contact, posted back to the API.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from referral_portal.outbox.models import OutboxItem


class EventKind(models.TextChoices):
    DECISION_AGREED = "decision.agreed", "Decision agreed"
    # A later decision on the same contact agreed: the final outcome of further enquiries.
    DECISION_AMENDED = "decision.amended", "Decision amended"
    CONTACT_WITHDRAWN = "contact.withdrawn", "Contact withdrawn"


class Section(models.TextChoices):
    """Optional parts of the document an authority may leave out."""

    RATIONALE = "rationale", "Internal free text: the officer's rationale and withdrawal reason"


class Endpoint(models.Model):
    """A URL of the council's system that receives the authority's events."""

    authority = models.ForeignKey(
        "accounts.Authority", on_delete=models.CASCADE, related_name="handoff_endpoints"
    )
    name = models.CharField(max_length=100, help_text="For example: Mosaic integration")
    url = models.URLField(max_length=500)
    # Standard Webhooks secret, "whsec_" + base64 of 32 random bytes: shown once, to the
    # authority's administrator, when made or rotated.
    secret = models.CharField(max_length=80)
    # After a rotation the old secret also signs until ``previous_secret_until``, so the
    # receiver can switch over without losing a delivery.
    previous_secret = models.CharField(max_length=80, blank=True)
    previous_secret_until = models.DateTimeField(null=True, blank=True)
    sections = models.JSONField(default=list, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class HandoffEvent(models.Model):
    authority = models.ForeignKey("accounts.Authority", on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(
        "requests.Contact", on_delete=models.CASCADE, related_name="handoff_events"
    )
    decision = models.ForeignKey(
        "triage.Decision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    # The idempotency key: the ``webhook-id`` of every delivery of this event, and its id in
    # the pull API and the export. A receiver that has seen it has seen this event.
    webhook_id = models.CharField(max_length=40, unique=True)
    # 1, 2, ... per contact: deliveries to an endpoint go in this order.
    sequence = models.PositiveIntegerField()
    # The whole contact-handoff/v1 document, optional sections included (left out per
    # endpoint when sent).
    document = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "sequence"], name="handoff_event_order")
        ]
        indexes = [models.Index(fields=["authority", "id"], name="handoff_event_feed")]

    def __str__(self) -> str:
        return f"{self.kind} {self.webhook_id}"


class Delivery(OutboxItem):
    """One event POSTed to one endpoint, walked through the outbox's states and leases."""

    event = models.ForeignKey(HandoffEvent, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    authority = models.ForeignKey("accounts.Authority", on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey("requests.Contact", on_delete=models.CASCADE, related_name="+")
    sequence = models.PositiveIntegerField()
    # Tried again with back-off until then; afterwards "failed" (the dead letter) with
    # "Send again" for the front door.
    give_up_at = models.DateTimeField()
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "endpoint"], name="handoff_delivery_once")
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="handoff_due",
            ),
            models.Index(
                fields=["lease_until"], condition=models.Q(status="sending"), name="handoff_leases"
            ),
            models.Index(fields=["endpoint", "contact", "sequence"], name="handoff_order"),
            models.Index(fields=["authority", "status"], name="handoff_by_authority"),
        ]

    def __str__(self) -> str:
        return f"delivery {self.pk} of {self.event_id} ({self.status})"


class Receipt(models.Model):
    """The receiving system recorded the contact: its own ids, posted back by it."""

    contact = models.ForeignKey(
        "requests.Contact", on_delete=models.CASCADE, related_name="handoff_receipts"
    )
    authority = models.ForeignKey("accounts.Authority", on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(
        HandoffEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="receipts"
    )
    system = models.CharField(max_length=100, blank=True)
    case_id = models.CharField(max_length=100, blank=True)
    # [{"portal_id": 12, "kind": "child"|"person", "external_id": "..."}]
    person_ids = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["received_at", "id"]

    def __str__(self) -> str:
        return f"receipt {self.case_id} for {self.contact_id}"
