"""Outcome letters (seed 003): one Letter per recipient of an agreed decision.

003: "those people with PR for a child (or children) will be sent an outcomes letter ... If the
initial contact was made by a professional, they will also be sent a copy of the outcomes letter.
Any professional who has been contacted for information during enquiries will also be sent an
outcomes letter."

The Letter row is the outbox: its status says what still has to happen, so a message lost
between the commit and Redis (or a worker killed mid-task) is found again by the beat sweep.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class LetterKind(models.TextChoices):
    PARENT = "parent", "Person with parental responsibility"
    REFERRER = "referrer", "Referring professional (copy)"
    PROFESSIONAL = "professional", "Professional asked for information"


class LetterStatus(models.TextChoices):
    HELD = "held", "Held back"
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Sending"
    SENT = "sent", "Emailed"
    FAILED = "failed", "Failed to send"
    TO_POST = "to_post", "To post"
    POSTED = "posted", "Posted"


class RecipientHold(models.Model):
    """A manager's choice, made before agreeing, to hold back (or release) one recipient's letter.

    004 §4 / issue 9 point 5: a letter can place a child at risk. Some letters are held by default
    (``recipients.Recipient.default_hold_reason``, issue 17 point 4); a row with ``held=False``
    records that a manager released it, with the reason.
    """

    contact = models.ForeignKey(
        "requests.Contact", on_delete=models.CASCADE, related_name="letter_holds"
    )
    recipient_key = models.CharField(max_length=40)
    held = models.BooleanField(default=True)
    reason = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "recipient_key"], name="letters_hold_one_per_recipient"
            )
        ]

    def __str__(self) -> str:
        return f"{'Hold' if self.held else 'Release'} {self.recipient_key} on {self.contact_id}"


class Letter(models.Model):
    """One recipient's outcome letter. The recipient's details are copied at decision time."""

    decision = models.ForeignKey(
        "triage.Decision", on_delete=models.PROTECT, related_name="letters"
    )
    contact = models.ForeignKey(
        "requests.Contact", on_delete=models.CASCADE, related_name="letters"
    )
    authority = models.ForeignKey("accounts.Authority", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=LetterKind.choices)
    # "person:<id>", "referrer" or "professional:<id>": one letter per recipient per decision.
    recipient_key = models.CharField(max_length=40)
    recipient_name = models.CharField(max_length=200)
    recipient_email = models.EmailField(blank=True)
    recipient_address = models.TextField(blank=True)
    recipient_agency = models.CharField(max_length=200, blank=True)
    large_print = models.BooleanField(default=False)
    easy_read = models.BooleanField(default=False)
    interpreter_language = models.CharField(max_length=100, blank=True)
    needs_bsl = models.BooleanField(default=False)
    # A PR letter names only the children this person holds PR for (issue 17 point 1).
    children = models.JSONField(default=list, blank=True)

    status = models.CharField(
        max_length=20, choices=LetterStatus.choices, default=LetterStatus.PENDING
    )
    held_reason = models.TextField(blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    message_id = models.CharField(max_length=255, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    posted_at = models.DateTimeField(null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # Makes letters_create_for_decision idempotent: a second call finds the rows.
            models.UniqueConstraint(
                fields=["decision", "recipient_key"], name="letters_one_per_recipient"
            )
        ]
        indexes = [
            # The sweep: letters stuck in pending or sending.
            models.Index(fields=["status", "status_changed_at"], name="letters_sweep"),
            # The post list of an authority.
            models.Index(fields=["authority", "status"], name="letters_post_list"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} letter {self.pk} for {self.contact_id}"
