"""Retention periods per authority and record type (the authority's data protection choices)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class RecordType(models.TextChoices):
    DECIDED_CONTACT = "decided_contact", "Decided or withdrawn Requests for Support"
    INFORMATION_REQUEST = "information_request", "Answered or refused information requests"


DEFAULT_DAYS = {
    # An authority sets its own periods in the admin; until it does, these apply.
    RecordType.DECIDED_CONTACT: 6 * 365,
    RecordType.INFORMATION_REQUEST: 2 * 365,
}


class RetentionPolicy(models.Model):
    authority = models.ForeignKey(
        "accounts.Authority", on_delete=models.CASCADE, related_name="retention_policies"
    )
    record_type = models.CharField(max_length=30, choices=RecordType.choices)
    days = models.PositiveIntegerField(
        help_text="Days after the record closed before its personal data is removed"
    )

    class Meta:
        verbose_name_plural = "retention policies"
        constraints = [
            models.UniqueConstraint(fields=["authority", "record_type"], name="retention_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.authority}: {self.get_record_type_display()} after {self.days} days"

    def clean(self) -> None:
        # A mistyped or hostile period must not wipe records the next night (review H1).
        floor = settings.RETENTION_MINIMUM_DAYS
        if self.days is not None and self.days < floor:
            raise ValidationError(
                {
                    "days": f"A retention period must be at least {floor} days (RETENTION_MINIMUM_DAYS)"
                }
            )
