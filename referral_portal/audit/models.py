"""The append-only audit trail: who saw or changed what, when, from where."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditAction(models.TextChoices):
    VIEW = "view", "Viewed"
    LIST = "list", "Listed"
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Deleted"
    DOWNLOAD = "download", "Downloaded"
    EXPORT = "export", "Exported"
    DENIED = "denied", "Refused access"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
    SIGN_OUT = "sign_out", "Signed out"
    APPROVE = "approve", "Approved"
    REFUSE = "refuse", "Refused"
    SEND = "send", "Sent"


class AppendOnlyError(Exception):
    """Audit events are never changed or removed."""


class AuditEvent(models.Model):
    """One thing that happened. Holds ids, never a child's personal data in clear.

    On PostgreSQL a trigger (migration 0002) refuses UPDATE and DELETE on this table, so even
    raw SQL and bulk updates cannot rewrite history.
    """

    at = models.DateTimeField(default=timezone.now)
    # No database constraint and DO_NOTHING: deleting a user must never touch the trail.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    authority = models.ForeignKey(
        "accounts.Authority",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    ip = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            # The manager's trail: one authority, newest first.
            models.Index(fields=["authority", "-at"], name="audit_authority_at"),
            # A record's timeline.
            models.Index(fields=["object_type", "object_id", "at"], name="audit_object"),
            models.Index(fields=["actor", "-at"], name="audit_actor_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events cannot be deleted")
