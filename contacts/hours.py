"""Opening hours and "who to call now": pure rules, no database.

Seed 000 (Birmingham CASS): "Monday – Thursday: 8:45am – 5:15pm / Friday: 8:45am – 4:15pm",
"Emergency out-of-hours Telephone: 0121 675 4806". Seed 004 Appendix 2 (Worcestershire
Family Front Door): "8.30am-5.00pm – Monday to Thursday / 8.30am-4.30pm – Friday",
"Out of hours or at weekends: 01905 768020". So the one number to ring now is the front door
while it is open and the out-of-hours team otherwise.

Rules (issue 4): times are Europe/London whatever the offset of the moment asked about; an
opening time is inclusive and a closing time exclusive; the front door is closed on England
and Wales bank holidays (substitute days included) unless a one-off entry for that date says
otherwise; a one-off entry (closure or changed hours) replaces the weekly hours for its date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC

# How far ahead to look for the next opening or closing: beyond a long Christmas closure.
SEARCH_DAYS = 400

Range = tuple[dt.time, dt.time]


@dataclass(frozen=True)
class Schedule:
    """A service's hours: weekly ranges by weekday (Monday 0) and one-off days by date.

    A one-off day with no ranges is a closure; with ranges, they replace the weekly hours.
    """

    weekly: Mapping[int, Sequence[Range]] = field(default_factory=dict)
    one_off: Mapping[dt.date, Sequence[Range]] = field(default_factory=dict)


@lru_cache(maxsize=256)
def _bank_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv="ENG", years=year)


def is_bank_holiday(day: dt.date) -> bool:
    """England and Wales bank holiday, substitute days included (tested by date)."""
    return day in _bank_holidays(day.year)


def as_london(moment: dt.datetime) -> dt.datetime:
    """The moment in Europe/London; a time without an offset already means Europe/London."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=LONDON)
    return moment.astimezone(LONDON)


def ranges_on(
    day: dt.date,
    schedule: Schedule,
    *,
    bank_holiday: Callable[[dt.date], bool] = is_bank_holiday,
) -> Sequence[Range]:
    """The opening ranges (local wall times) of one date."""
    if day in schedule.one_off:
        return schedule.one_off[day]
    if bank_holiday(day):
        return ()
    return schedule.weekly.get(day.weekday(), ())


def _intervals_on(
    day: dt.date, schedule: Schedule, bank_holiday: Callable[[dt.date], bool]
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Opening intervals of a date as UTC instants, so comparisons are exact across DST."""
    intervals = []
    for opens, closes in ranges_on(day, schedule, bank_holiday=bank_holiday):
        start = dt.datetime.combine(day, opens, tzinfo=LONDON).astimezone(UTC)
        if closes <= opens:  # closes at or after midnight: the close is on the next date
            end_day = day + dt.timedelta(days=1)
        else:
            end_day = day
        end = dt.datetime.combine(end_day, closes, tzinfo=LONDON).astimezone(UTC)
        intervals.append((start, end))
    return sorted(intervals)


def is_open(
    moment: dt.datetime,
    schedule: Schedule,
    *,
    bank_holiday: Callable[[dt.date], bool] = is_bank_holiday,
) -> bool:
    """Open at ``moment``: opening minute included, closing minute excluded."""
    at = as_london(moment).astimezone(UTC)
    local_day = as_london(moment).date()
    for day in (local_day - dt.timedelta(days=1), local_day):
        for start, end in _intervals_on(day, schedule, bank_holiday):
            if start <= at < end:
                return True
    return False


def next_change(
    moment: dt.datetime,
    schedule: Schedule,
    *,
    bank_holiday: Callable[[dt.date], bool] = is_bank_holiday,
) -> dt.datetime | None:
    """When the service next opens (if closed at ``moment``) or closes (if open), in London.

    Touching intervals (one closes as the next opens) count as one opening. None when the
    service never opens (or never closes) within SEARCH_DAYS.
    """
    at = as_london(moment).astimezone(UTC)
    first_day = as_london(moment).date() - dt.timedelta(days=1)
    run_end: dt.datetime | None = None  # set once ``at`` is inside an opening
    for offset in range(SEARCH_DAYS):
        day = first_day + dt.timedelta(days=offset)
        for start, stop in _intervals_on(day, schedule, bank_holiday):
            if run_end is None:
                if start <= at < stop:
                    run_end = stop
                elif start > at:
                    return start.astimezone(LONDON)
            elif start <= run_end:
                run_end = max(run_end, stop)
            else:
                return run_end.astimezone(LONDON)
        if run_end is not None:
            next_midnight = dt.datetime.combine(
                day + dt.timedelta(days=1), dt.time(0), tzinfo=LONDON
            ).astimezone(UTC)
            if run_end < next_midnight:  # nothing starting on a later day can touch it
                return run_end.astimezone(LONDON)
    return None


@dataclass(frozen=True)
class Contact:
    """Who answers a number: what the panel and the API need, nothing more."""

    name: str
    short_name: str
    phone: str


@dataclass(frozen=True)
class CallNow:
    front_door_open: bool
    call: Contact
    kind: str  # "front_door" | "out_of_hours"
    at: dt.datetime
    next_change: dt.datetime | None
    sentence: str
    lead: str  # the sentence before the number, so a page can make the number a tel: link
    next_change_text: str


def who_to_call(
    moment: dt.datetime,
    *,
    front_door: Contact,
    front_door_hours: Schedule,
    out_of_hours: Contact | None,
    bank_holiday: Callable[[dt.date], bool] = is_bank_holiday,
) -> CallNow:
    """The one number to ring at ``moment``: the front door when open, out-of-hours otherwise."""
    at = as_london(moment)
    is_front_door_open = is_open(at, front_door_hours, bank_holiday=bank_holiday)
    change = next_change(at, front_door_hours, bank_holiday=bank_holiday)
    short = front_door.short_name or front_door.name
    if is_front_door_open:
        call, kind = front_door, "front_door"
        lead = f"{short} is open: call "
        verb = "closes"
    else:
        kind = "out_of_hours"
        verb = "opens"
        if out_of_hours is not None and out_of_hours.phone:
            call = out_of_hours
            # Its source's own words: Birmingham's is the "Emergency out-of-hours" line (000).
            when = "in an emergency " if out_of_hours.name.lower().startswith("emergency") else ""
            lead = f"{short} is closed: {when}call the out-of-hours team on "
        else:
            call = Contact(name="Emergency services", short_name="999", phone="999")
            lead = f"{short} is closed: in an emergency call "
    next_text = f"{short} {verb} at {describe_moment(change, at)}" if change is not None else ""
    return CallNow(
        front_door_open=is_front_door_open,
        call=call,
        kind=kind,
        at=at,
        next_change=change,
        sentence=f"{lead}{call.phone}.",
        lead=lead,
        next_change_text=next_text,
    )


def describe_moment(moment: dt.datetime, now: dt.datetime | None = None) -> str:
    """ "08:45 on Monday 28 December" (the year added when it is not the year of ``now``)."""
    local = as_london(moment)
    text = f"{local:%H:%M} on {local:%A} {local.day} {local:%B}"
    if now is not None and as_london(now).year != local.year:
        text += f" {local.year}"
    return text
