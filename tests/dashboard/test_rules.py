"""The 24-hour rule (seed 003) and the period arithmetic, as pure functions."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from requests.dashboard.rules import (
    Period,
    PeriodChoice,
    Timeliness,
    format_duration,
    percentile_cont,
    period_for,
    timeliness,
)

LONDON = ZoneInfo("Europe/London")
RECEIVED = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
EXTENDED = RECEIVED + dt.timedelta(hours=48)


@pytest.mark.parametrize(
    ("decided_after", "extended_due", "expected"),
    [
        (None, None, None),
        (dt.timedelta(hours=1), None, Timeliness.WITHIN_24_HOURS),
        (dt.timedelta(hours=24), None, Timeliness.WITHIN_24_HOURS),
        (dt.timedelta(hours=24, seconds=1), None, Timeliness.LATE),
        (dt.timedelta(hours=24, seconds=1), EXTENDED, Timeliness.WITHIN_EXTENSION),
        (dt.timedelta(hours=48), EXTENDED, Timeliness.WITHIN_EXTENSION),
        (dt.timedelta(hours=48, seconds=1), EXTENDED, Timeliness.LATE),
        (dt.timedelta(hours=3), EXTENDED, Timeliness.WITHIN_24_HOURS),
    ],
)
def test_a_decision_is_on_time_within_24_hours_or_an_approved_extension(
    decided_after, extended_due, expected
):
    decided = None if decided_after is None else RECEIVED + decided_after
    assert timeliness(received=RECEIVED, decided=decided, extended_due=extended_due) == expected


def test_24_hours_are_elapsed_time_across_the_spring_clock_change():
    """23:30 the night before the clocks go forward to 23:45 the next evening is 23 h 15 min."""
    received = dt.datetime(2026, 3, 28, 23, 30, tzinfo=LONDON)
    decided = dt.datetime(2026, 3, 29, 23, 45, tzinfo=LONDON)
    # Python subtracts two Europe/London times by their wall clocks: the trap the rule avoids.
    assert (decided - received) == dt.timedelta(hours=24, minutes=15)
    assert decided.astimezone(dt.UTC) - received.astimezone(dt.UTC) == dt.timedelta(
        hours=23, minutes=15
    )
    assert timeliness(received=received, decided=decided, extended_due=None) == (
        Timeliness.WITHIN_24_HOURS
    )


def test_24_hours_are_elapsed_time_across_the_autumn_clock_change():
    """00:30 on the day the clocks go back to 00:15 the next day is 24 h 45 min: late."""
    received = dt.datetime(2026, 10, 25, 0, 30, tzinfo=LONDON)
    decided = dt.datetime(2026, 10, 26, 0, 15, tzinfo=LONDON)
    assert timeliness(received=received, decided=decided, extended_due=None) == Timeliness.LATE


@pytest.mark.parametrize(
    ("choice", "first", "last"),
    [
        (PeriodChoice.TODAY, dt.date(2026, 4, 2), dt.date(2026, 4, 2)),
        (PeriodChoice.SEVEN_DAYS, dt.date(2026, 3, 27), dt.date(2026, 4, 2)),
        (PeriodChoice.THIRTY_DAYS, dt.date(2026, 3, 4), dt.date(2026, 4, 2)),
    ],
)
def test_periods_end_today_in_london(choice, first, last):
    # 23:30 UTC on 1 April is already 2 April in London (BST).
    now = dt.datetime(2026, 4, 1, 23, 30, tzinfo=dt.UTC)
    assert period_for(choice, now=now) == Period(first, last)


def test_a_london_day_is_23_hours_long_when_the_clocks_go_forward():
    period = Period(dt.date(2026, 3, 29), dt.date(2026, 3, 29))
    assert period.start == dt.datetime(2026, 3, 29, 0, 0, tzinfo=dt.UTC)
    assert period.end == dt.datetime(2026, 3, 29, 23, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [
        ([], 0.5, None),
        ([10.0], 0.9, 10.0),
        ([1.0, 2.0, 3.0, 4.0], 0.5, 2.5),
        ([28800.0, 83700.0, 93600.0, 108000.0], 0.9, 103680.0),
    ],
)
def test_percentiles_interpolate_like_postgresql(values, fraction, expected):
    assert percentile_cont(values, fraction) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("seconds", "shown"), [(None, "–"), (0, "0 h 00 min"), (103680, "28 h 48 min")]
)
def test_durations_read_as_hours_and_minutes(seconds, shown):
    assert format_duration(seconds) == shown


@pytest.mark.parametrize(
    ("approved_hours", "counts"),
    [(20, True), (23.99, True), (24, False), (29, False), (None, False)],
)
def test_an_extension_counts_only_if_approved_before_the_deadline_it_extended(
    approved_hours, counts
):
    from requests.dashboard.rules import extension_counts

    start = dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.UTC)
    approved = None if approved_hours is None else start + dt.timedelta(hours=approved_hours)
    assert (
        extension_counts(approved_at=approved, extended_from=start + dt.timedelta(hours=24))
        is counts
    )
