"""A manager records a closure or changed hours on one date (for example Christmas Eve)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from contacts.models import Availability, Service
from referral_portal.govuk.widgets import DateField

CLOSED, CHANGED = "closed", "changed"


class OneOffDayForm(forms.Form):
    service = forms.ModelChoiceField(
        label="Service",
        queryset=Service.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "Select a service"},
    )
    date = DateField(label="Date", subject="the date", help_text="For example, 24 12 2026")
    change = forms.ChoiceField(
        label="What changes on this date?",
        choices=[(CLOSED, "Closed all day"), (CHANGED, "Open at different times")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the service is closed or open at other times"},
    )
    opens = forms.TimeField(
        label="Opens at",
        required=False,
        help_text="24-hour clock, for example 08:45",
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        error_messages={"invalid": "Enter the opening time like 08:45"},
    )
    closes = forms.TimeField(
        label="Closes at",
        required=False,
        help_text="24-hour clock, for example 12:30",
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        error_messages={"invalid": "Enter the closing time like 12:30"},
    )
    reason = forms.CharField(
        label="Reason (optional)",
        required=False,
        max_length=200,
        help_text="For example: Christmas Eve",
    )

    def __init__(self, *args: Any, authority_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        service = self.fields["service"]
        assert isinstance(service, forms.ModelChoiceField)  # declared above
        service.queryset = Service.objects.filter(
            authority_id=authority_id, availability=Availability.HOURS
        )

    def clean_date(self) -> dt.date | None:
        day = self.cleaned_data.get("date")
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError("The date must be today or in the future")
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("change") == CHANGED:
            opens, closes = data.get("opens"), data.get("closes")
            if opens is None and "opens" not in self.errors:
                self.add_error("opens", "Enter the opening time")
            if closes is None and "closes" not in self.errors:
                self.add_error("closes", "Enter the closing time")
            if opens is not None and closes is not None and opens == closes:
                self.add_error("closes", "The closing time must be different from the opening time")
        return data
