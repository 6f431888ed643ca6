"""Dates and times written one way on every page (review D17): "1 December 2026, 11:55am"."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from referral_portal.govuk.dates import clock, day, when

LONDON = ZoneInfo("Europe/London")


def test_dates_and_times_read_the_gov_uk_way_in_the_portals_time_zone(settings):
    settings.TIME_ZONE = "Europe/London"
    summer = dt.datetime(2026, 7, 1, 10, 5, tzinfo=dt.UTC)  # 11:05am in London (BST)
    assert when(summer) == "1 July 2026, 11:05am"
    assert day(summer) == "1 July 2026"
    assert when(dt.datetime(2026, 12, 1, 15, 0, tzinfo=LONDON)) == "1 December 2026, 3pm"
    assert clock(dt.datetime(2026, 12, 1, 12, 0, tzinfo=LONDON)) == "midday"
    assert clock(dt.datetime(2026, 12, 1, 0, 0, tzinfo=LONDON)) == "midnight"
    assert clock(dt.time(0, 30)) == "12:30am"
    assert day(dt.date(2027, 6, 14)) == "14 June 2027"
    assert when(None) == day(None) == clock(None) == ""
