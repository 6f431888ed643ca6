"""dashboard: daily rollups of the 90-day trend, for days whose figures can no longer change."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class DailyFigure(models.Model):
    """One authority's contacts received on one Europe/London day, and how many were decided
    within 24 hours.

    Derived data, rebuilt by ``manage.py dashboard_rollups`` and an hourly beat task. Only days
    that ended more than 24 hours ago are stored: by then no decision can still turn into one
    made within 24 hours, so the day's figure is final (a later withdrawal is picked up by the
    next rebuild). Yesterday and today are always read live.
    """

    authority = models.ForeignKey("accounts.Authority", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    counted = models.PositiveIntegerField(help_text="Received that day, withdrawn left out")
    within_24h = models.PositiveIntegerField()
    built_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["authority", "day"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "day"], name="dailyfigure_unique_day")
        ]

    def __str__(self) -> str:
        return f"{self.authority_id} {self.day}: {self.within_24h}/{self.counted}"


class ContactFigure(models.Model):
    """One received contact as the dashboard counts it: a narrow copy of the few facts the
    figures need, so a period's figures read one index range of one small table instead of
    joining the wide contact rows to their triage records and decisions (at a million
    contacts that join cost over half a second for 30 days; see docs/performance.md).

    Derived data with no child's details, kept current in the same transaction by the services
    that change a fact (submission, agreeing a decision, approving an extension, withdrawal)
    through ``dashboard.services.contact_figure_refresh``; ``manage.py dashboard_rollups
    --contacts`` rebuilds it from the records, and the hourly beat task re-derives the last
    90 days as a safety net.
    """

    contact = models.OneToOneField(
        "requests.Contact", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    authority = models.ForeignKey(
        "accounts.Authority", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    reference = models.CharField(max_length=20, blank=True)
    received_at = models.DateTimeField()
    agency_type = models.CharField(max_length=20, blank=True)
    withdrawn = models.BooleanField(default=False)
    # Withdrawn after its deadline had passed: shown, so withdrawing an overdue contact does not
    # quietly improve the figures (review F17).
    withdrawn_overdue = models.BooleanField(default=False)
    decided_at = models.DateTimeField(
        null=True, blank=True, help_text="When a duty manager agreed the decision"
    )
    outcome = models.CharField(max_length=20, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        help_text="The officer who made the agreed decision",
    )
    # An approved extension, copied only if it was approved before the deadline it extended.
    extended_due_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # Every period figure is one range of this index; on PostgreSQL it also carries
            # the columns the figures read, so the range is answered from the index alone.
            models.Index(
                fields=["authority", "received_at"],
                include=[
                    "withdrawn",
                    "withdrawn_overdue",
                    "decided_at",
                    "extended_due_at",
                    "agency_type",
                    "outcome",
                    "decided_by",
                ],
                name="contactfigure_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference or self.contact_id} received {self.received_at:%Y-%m-%d %H:%M}"
