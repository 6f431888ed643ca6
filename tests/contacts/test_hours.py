"""The opening-hours rules on their own: one-off days, bank holidays, touching ranges."""

from __future__ import annotations

import datetime as dt

import pytest

from contacts.hours import (
    LONDON,
    Contact,
    Schedule,
    describe_moment,
    is_bank_holiday,
    is_open,
    next_change,
    who_to_call,
)

T = dt.time
WEEKDAYS_9_TO_5 = Schedule(weekly={d: ((T(9), T(17)),) for d in range(5)})
FRONT = Contact(name="Test Front Door", short_name="Front Door", phone="01632 960001")
EDT = Contact(name="Emergency Duty Team", short_name="EDT", phone="01632 960002")


def london(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=LONDON)


@pytest.mark.parametrize(
    ("day", "closed"),
    [
        (dt.date(2026, 12, 25), True),  # Christmas Day, a Friday
        (dt.date(2026, 12, 26), True),  # Boxing Day on a Saturday is listed by the library
        (dt.date(2026, 12, 28), True),  # its substitute, Monday
        (dt.date(2026, 12, 29), False),
        (dt.date(2027, 12, 27), True),  # Christmas on Saturday: substitute Monday
        (dt.date(2027, 12, 28), True),  # Boxing Day on Sunday: substitute Tuesday
        (dt.date(2026, 5, 4), True),  # early May bank holiday
        (dt.date(2026, 8, 31), True),  # summer bank holiday (England, not Scotland's)
        (dt.date(2026, 3, 17), False),  # St Patrick's Day: Northern Ireland only
        (dt.date(2026, 11, 30), False),  # St Andrew's Day: Scotland only
    ],
)
def test_england_and_wales_bank_holidays_by_date(day, closed):
    assert is_bank_holiday(day) is closed


def test_a_christmas_eve_early_close_replaces_the_weekly_hours():
    schedule = Schedule(
        weekly=WEEKDAYS_9_TO_5.weekly, one_off={dt.date(2026, 12, 24): ((T(9), T(12)),)}
    )
    assert is_open(london("2026-12-24T11:59"), schedule)
    assert not is_open(london("2026-12-24T12:00"), schedule)
    assert next_change(london("2026-12-24T10:00"), schedule) == london("2026-12-24T12:00")
    assert next_change(london("2026-12-24T13:00"), schedule) == london("2026-12-29T09:00")


def test_a_one_off_closure_closes_a_normal_weekday():
    schedule = Schedule(weekly=WEEKDAYS_9_TO_5.weekly, one_off={dt.date(2026, 11, 24): ()})
    assert not is_open(london("2026-11-24T10:00"), schedule)
    assert next_change(london("2026-11-23T17:00"), schedule) == london("2026-11-25T09:00")


def test_a_one_off_opening_on_a_bank_holiday_opens_it():
    schedule = Schedule(
        weekly=WEEKDAYS_9_TO_5.weekly, one_off={dt.date(2026, 12, 28): ((T(10), T(14)),)}
    )
    assert is_open(london("2026-12-28T10:00"), schedule)
    assert next_change(london("2026-12-25T10:00"), schedule) == london("2026-12-28T10:00")


def test_touching_ranges_count_as_one_opening():
    schedule = Schedule(weekly={0: ((T(9), T(12)), (T(12), T(17)))})
    assert next_change(london("2026-11-23T10:00"), schedule) == london("2026-11-23T17:00")


def test_a_range_past_midnight_closes_the_next_morning():
    schedule = Schedule(weekly={4: ((T(17), T(8)),)})  # Friday 17:00 to Saturday 08:00
    assert is_open(london("2026-11-28T07:59"), schedule)
    assert not is_open(london("2026-11-28T08:00"), schedule)
    assert next_change(london("2026-11-27T20:00"), schedule) == london("2026-11-28T08:00")


def test_a_service_with_no_hours_never_changes():
    assert next_change(london("2026-11-23T10:00"), Schedule()) is None
    assert not is_open(london("2026-11-23T10:00"), Schedule())


def test_closed_without_out_of_hours_says_call_999():
    answer = who_to_call(
        london("2026-11-28T10:00"),
        front_door=FRONT,
        front_door_hours=WEEKDAYS_9_TO_5,
        out_of_hours=None,
    )
    assert answer.sentence == "Front Door is closed: in an emergency call 999."
    assert answer.call.phone == "999"


def test_the_next_change_names_the_year_when_it_is_next_year():
    answer = who_to_call(
        london("2027-12-31T18:00"),
        front_door=FRONT,
        front_door_hours=WEEKDAYS_9_TO_5,
        out_of_hours=EDT,
    )
    assert answer.next_change_text == "Front Door opens at 09:00 on Tuesday 4 January 2028"
    assert describe_moment(london("2026-12-29T08:45")) == "08:45 on Tuesday 29 December"
