"""The email outbox: one row per email the portal sends, whatever it is about.

The row is written in the transaction that causes the email, so an email exists exactly when
the change that caused it committed. Its status says what still has to happen; the sender
(``services.email_send``) walks it through the one state machine in ``states.py``, and the
beat sweep finds any row that a lost broker message or a killed worker left behind.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed to send"
    CANCELLED = "cancelled", "Not needed any more"


# The statuses of an email are the outbox's (the name is older than the other channels).
EmailStatus = OutboxStatus


class OutboxItem(models.Model):
    """What every channel of the outbox has in common: one row per thing to deliver, walked
    through ``states.py`` by ``leases.py`` (claim with a lease, back-off, sweep). Emails are
    one channel (``Email`` below); the hand-off's webhook deliveries another
    (``requests.handoff.models.Delivery``)."""

    status = models.CharField(
        max_length=20, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    status_changed_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # Not sent before this (back-off after a temporary failure).
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # When a task was last published for it; the sweep publishes again if nothing came of it.
    queued_at = models.DateTimeField(null=True, blank=True)
    # The claim of one sender: nobody else sends it until the lease runs out, and the lease is
    # longer than a send can take (see ``services.LEASE``).
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_token = models.CharField(max_length=32, blank=True)
    # Taken from a sender whose lease ran out: that sender may have delivered it already.
    maybe_duplicate = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class Email(OutboxItem):
    """One email. Feature apps build the message (``services.email_queue``); the core sends it."""

    # What the email is, from the registry (``registry.kinds``): says who is responsible for a
    # failure, whether the body holds a secret, and any attachment built at send time.
    kind = models.CharField(max_length=40)
    # An optional name that makes queueing idempotent ("letter:12", "acknowledgement:34").
    key = models.CharField(max_length=120, null=True, blank=True, unique=True)
    authority = models.ForeignKey(
        "accounts.Authority", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # What it is about ("requests.contact", 34): ids only, for links and the audit trail.
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)

    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    # Fixed when the row is made: every attempt, and a resend after a crash, carries the same
    # Message-ID, so the receiving system (and a person) can see a duplicate for what it is.
    message_id = models.CharField(max_length=255, unique=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # The sweep: rows waiting to be sent, by when they are due ...
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="outbox_due",
            ),
            # ... and claims whose lease has run out.
            models.Index(
                fields=["lease_until"], condition=models.Q(status="sending"), name="outbox_leases"
            ),
            # The failures page of an authority.
            models.Index(fields=["authority", "status"], name="outbox_by_authority"),
            # A feature app's emails about one of its rows.
            models.Index(fields=["object_type", "object_id"], name="outbox_object"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} email {self.pk} ({self.status})"
