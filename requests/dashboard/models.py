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
