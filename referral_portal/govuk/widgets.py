"""GOV.UK form widgets and fields that Django does not have: the day/month/year date input."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError


class DateInput(forms.MultiWidget):
    """Three text boxes (day, month, year) in the GOV.UK date-input pattern."""

    template_name = "govuk/widgets/date.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets = [
            forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value.count("-") == 2:
            year, month, day = value.split("-")
            return [day, month, year]
        return [None, None, None]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        for label, sub in zip(
            ("Day", "Month", "Year"), context["widget"]["subwidgets"], strict=True
        ):
            sub["label"] = label
        return context


class DateField(forms.MultiValueField):
    """A date typed as day, month and year, with the GOV.UK error messages.

    ``subject`` names the date in messages: "Enter the child's date of birth",
    "Date of birth must include a month".
    """

    widget = DateInput

    def __init__(self, *, subject: str = "the date", **kwargs: Any) -> None:
        self.subject = subject
        # Parts are checked together in compress(), to say which part is missing.
        fields = (
            forms.CharField(required=False),
            forms.CharField(required=False),
            forms.CharField(required=False),
        )
        kwargs.setdefault("require_all_fields", False)
        super().__init__(fields=fields, **kwargs)
        self.error_messages["required"] = f"Enter {subject}"
        self.error_messages["incomplete"] = f"Enter {subject}"

    def _label(self) -> str:
        text = str(self.label or self.subject)
        return text[:1].upper() + text[1:]

    def compress(self, data_list: list[Any]) -> dt.date | None:
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        missing = [
            name
            for name, part in zip(("a day", "a month", "a year"), (day, month, year), strict=True)
            if not part
        ]
        if missing:
            raise ValidationError(f"{self._label()} must include {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(f"{self._label()} must be a real date, in numbers")
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers")
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{self._label()} must be a real date") from None

    def clean(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):  # a JSON or test client may send one ISO string
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                raise ValidationError(f"{self._label()} must be a real date") from None
        born: dt.date | None = super().clean(value)
        return born
