"""One way to write dates and times everywhere a person reads them (review D17), in the GOV.UK
style: "1 December 2026" and "1 December 2026, 11:55am" (12-hour clock, no leading zero,
"midday" and "midnight"), in the portal's time zone."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def day(value: dt.date | dt.datetime | None) -> str:
    """ "1 December 2026"; empty for none."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day} {value:%B %Y}"


def clock(value: dt.datetime | dt.time | None) -> str:
    """ "11:55am", "3pm", "midday", "midnight"; empty for none."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def when(value: dt.datetime | None) -> str:
    """ "1 December 2026, 11:55am"; empty for none."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{day(value)}, {clock(value)}"
