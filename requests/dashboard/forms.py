"""The dashboard's period filter: today, 7 days, 30 days or two dates (Europe/London days)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from referral_portal.govuk.widgets import DateField
from requests.dashboard.rules import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    MAX_PERIOD_DAYS,
    Period,
    PeriodChoice,
    period_for,
)


class PeriodForm(forms.Form):
    period = forms.ChoiceField(
        label="Period",
        choices=PeriodChoice.choices,
        widget=forms.RadioSelect,
        required=False,
        initial=PeriodChoice.TODAY,
    )
    from_date = DateField(
        subject="the start date",
        label="Start date",
        required=False,
        help_text="For example, 1 3 2026",
    )
    to_date = DateField(
        subject="the end date", label="End date", required=False, help_text="For example, 31 3 2026"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("period") != PeriodChoice.CUSTOM:
            return data
        first: dt.date | None = data.get("from_date")
        last: dt.date | None = data.get("to_date")
        if first is None and "from_date" not in self.errors:
            self.add_error("from_date", "Enter the start date")
        if last is None and "to_date" not in self.errors:
            self.add_error("to_date", "Enter the end date")
        for name, day in (("from_date", first), ("to_date", last)):
            # A period ending 31 12 9999 cannot have a next day (review L1 gave a 500).
            if day and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
                self.add_error(name, f"Enter a year from {EARLIEST_YEAR} to {LATEST_YEAR}")
                data[name] = None
        first, last = data.get("from_date"), data.get("to_date")
        if first and last:
            if last < first:
                self.add_error(
                    "to_date", "The end date must be the same as or after the start date"
                )
            elif (last - first).days + 1 > MAX_PERIOD_DAYS:
                self.add_error("to_date", "Choose a period of 3 years or less")
        return data

    def get_period(self, *, now: dt.datetime) -> Period:
        """The chosen period, or today when nothing (or nothing valid) was chosen."""
        if not self.is_bound or not self.is_valid():
            return period_for(PeriodChoice.TODAY, now=now)
        data = self.cleaned_data
        return period_for(
            data.get("period") or PeriodChoice.TODAY,
            now=now,
            first=data.get("from_date"),
            last=data.get("to_date"),
        )
