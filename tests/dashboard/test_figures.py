"""The dashboard's figures against hand-worked answers (tests/dashboard/conftest.py ``scenario``)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from requests.dashboard import selectors
from requests.dashboard.rules import Period, PeriodChoice, Timeliness, period_for
from tests.dashboard.conftest import NOW

pytestmark = pytest.mark.django_db

WEEK = Period(dt.date(2026, 3, 28), dt.date(2026, 4, 2))


@pytest.fixture(params=["postgresql", "fallback"])
def percentiles(request, monkeypatch):
    """Run with the database's percentile_cont and with the Python fallback used on SQLite."""
    if request.param == "fallback":
        monkeypatch.setattr(selectors, "_is_postgresql", lambda: False)
    return request.param


def test_the_weeks_figures_match_the_hand_worked_answers(scenario, percentiles):
    f = selectors.period_figures(authority_id=scenario.people.home.pk, period=WEEK)
    assert (f.received, f.withdrawn, f.counted) == (8, 1, 7)
    # A (across the clock change) and E within 24 hours; B inside its extension; C late.
    assert (f.decided, f.within_24h, f.within_extension, f.late) == (4, 2, 1, 1)
    assert f.not_decided == 3  # D overdue, H and K open
    assert f.percent_within_24h == 28.6
    assert f.percent_within_extension == 14.3
    # Durations 8 h, 23 h 15, 26 h, 30 h: median half-way between 23 h 15 and 26 h.
    assert f.median_seconds == pytest.approx(88650)
    assert f.p90_seconds == pytest.approx(103680)
    assert [(r.label, r.count) for r in f.outcomes] == [
        ("Advice and, if necessary, directing to other services", 2),
        ("Further enquiries or information gathering (could include the MASH)", 1),
        ("No further action", 1),
    ]
    assert [(r.label, r.count, r.decided, r.within_24h) for r in f.agency_types] == [
        ("School", 4, 3, 2),
        ("Health", 3, 1, 0),
    ]
    assert [(r.label, r.decided, r.within_24h) for r in f.officers] == [
        ("Olga Officer", 3, 2),
        ("Pat Officer", 1, 0),
    ]
    assert [r.count for r in f.information_levels] == [2, 0, 1]


def test_the_contact_received_before_the_clock_change_counts_as_within_24_hours(scenario):
    """Received 23:30 GMT on 28 March, agreed 23:45 BST on 29 March: 23 h 15 min elapsed."""
    day = Period(dt.date(2026, 3, 28), dt.date(2026, 3, 28))
    f = selectors.period_figures(authority_id=scenario.people.home.pk, period=day)
    assert (f.received, f.within_24h, f.late) == (1, 1, 0)
    assert f.median_seconds == pytest.approx(23 * 3600 + 15 * 60)


def test_the_day_of_the_clock_change_has_no_contacts(scenario):
    day = Period(dt.date(2026, 3, 29), dt.date(2026, 3, 29))
    f = selectors.period_figures(authority_id=scenario.people.home.pk, period=day)
    assert (f.received, f.percent_within_24h, f.median_seconds) == (0, None, None)


@time_machine.travel(NOW, tick=False)
def test_today_counts_the_contact_received_this_morning(scenario):
    today = period_for(PeriodChoice.TODAY, now=NOW)
    f = selectors.period_figures(authority_id=scenario.people.home.pk, period=today)
    # K still has time: it is not counted against the aim until decided or overdue (F17).
    assert (f.received, f.decided, f.not_decided, f.still_within) == (1, 0, 1, 1)
    assert f.percent_within_24h is None


def test_an_officer_sees_only_the_contacts_they_decided(scenario):
    olga = scenario.people.olga
    f = selectors.period_figures(
        authority_id=scenario.people.home.pk, period=WEEK, officer_id=olga.pk
    )
    assert (f.received, f.within_24h, f.within_extension, f.late) == (3, 2, 1, 0)
    assert [r.label for r in f.officers] == ["Olga Officer"]
    assert f.information_levels == []


def test_the_other_authority_sees_only_its_own(scenario):
    f = selectors.period_figures(authority_id=scenario.people.away.pk, period=WEEK)
    assert (f.received, f.within_24h) == (2, 1)
    assert [r.count for r in f.information_levels] == [0, 1, 0]


@time_machine.travel(NOW, tick=False)
def test_the_trend_gives_each_london_day_its_percentage(scenario):
    days = selectors.trend(authority_id=scenario.people.home.pk, now=NOW)
    assert len(days) == 90
    assert days[-1].day == dt.date(2026, 4, 2)
    assert days[0].day == dt.date(2026, 1, 3)
    last_six = [(d.day.day, d.counted, d.within_24h, d.percent_within_24h) for d in days[-6:]]
    assert last_six == [
        (28, 1, 1, 100.0),
        (29, 0, 0, None),
        (30, 2, 0, 0.0),
        (31, 1, 0, 0.0),  # D open (G withdrawn is left out)
        (1, 2, 1, 50.0),
        (2, 1, 0, 0.0),
    ]


@time_machine.travel(NOW, tick=False)
def test_now_lists_the_overdue_contact_with_who_holds_it(scenario):
    live = selectors.now_figures(authority_id=scenario.people.home.pk, now=NOW)
    assert (live.open, live.overdue, live.due_soon, live.unclaimed) == (3, 1, 1, 1)
    assert (live.awaiting_manager, live.extensions_waiting, live.overrides_waiting) == (1, 1, 0)
    assert [(e.reference, e.held_by) for e in live.overdue_entries] == [
        (scenario.d.contact.reference, "Olga Officer")
    ]


@time_machine.travel(NOW, tick=False)
def test_an_officer_sees_now_figures_for_what_they_hold(scenario):
    live = selectors.now_figures(
        authority_id=scenario.people.home.pk, now=NOW, officer_id=scenario.pat.pk
    )
    assert (live.open, live.overdue, live.due_soon, live.awaiting_manager) == (1, 0, 0, 1)
    assert live.unclaimed == 1  # the front door's unclaimed items are everyone's
    assert live.extensions_waiting == 0


def test_a_contact_decided_now_is_in_the_next_figures(scenario):
    """No cache: a manager agreeing a decision (the real service) changes the very next read."""
    from requests.triage.services import decision_agree

    home = scenario.people.home.pk
    before = selectors.period_figures(authority_id=home, period=WEEK)
    decision = scenario.k.contact.decisions.get()
    with time_machine.travel(dt.datetime(2026, 4, 2, 10, 0, tzinfo=dt.UTC), tick=False):
        decision_agree(
            manager=scenario.people.mike,
            decision=decision,
            letters_reason="No family named in this fictional test",
        )
    after = selectors.period_figures(authority_id=home, period=WEEK)
    assert (after.decided, after.within_24h) == (before.decided + 1, before.within_24h + 1)


def test_the_export_rows_say_how_each_contact_met_the_aim(scenario):
    rows = list(
        selectors.period_contacts_for_export(authority_id=scenario.people.home.pk, period=WEEK)
    )
    by_reference = {r.reference: r for r in rows}
    assert len(rows) == 8
    assert by_reference[scenario.a.contact.reference].timeliness == Timeliness.WITHIN_24_HOURS
    assert by_reference[scenario.b.contact.reference].timeliness == Timeliness.WITHIN_EXTENSION
    assert by_reference[scenario.c.contact.reference].timeliness == Timeliness.LATE
    assert by_reference[scenario.d.contact.reference].timeliness is None
    assert by_reference[scenario.g.reference].withdrawn


@time_machine.travel(NOW, tick=False)
def test_the_trend_is_the_same_from_rollups_and_live(scenario):
    from django.core.management import call_command

    from requests.dashboard.models import DailyFigure

    home = scenario.people.home.pk
    live = selectors.trend(authority_id=home, now=NOW)
    call_command("dashboard_rollups")
    # Final days only: up to 31 March (yesterday and today stay live), 90 days per authority.
    assert DailyFigure.objects.filter(authority_id=home).count() == 88
    assert DailyFigure.objects.filter(authority_id=home).latest("day").day == dt.date(2026, 3, 31)
    assert selectors.trend(authority_id=home, now=NOW) == live


@time_machine.travel(NOW, tick=False)
def test_the_trend_reads_rollups_for_final_days_and_today_live(scenario):
    from requests.dashboard.models import DailyFigure
    from requests.dashboard.services import daily_figures_rebuild

    home = scenario.people.home.pk
    daily_figures_rebuild(now=NOW)
    # A rollup marked by hand proves where each day's figure comes from.
    DailyFigure.objects.filter(authority_id=home, day=dt.date(2026, 3, 30)).update(
        counted=9, within_24h=9
    )
    days = {d.day: d for d in selectors.trend(authority_id=home, now=NOW)}
    assert (days[dt.date(2026, 3, 30)].counted, days[dt.date(2026, 3, 30)].within_24h) == (9, 9)
    assert (days[dt.date(2026, 4, 1)].counted, days[dt.date(2026, 4, 1)].within_24h) == (2, 1)
    # Rebuilding twice gives the same rows (safe to repeat).
    assert daily_figures_rebuild(now=NOW) == daily_figures_rebuild(now=NOW)
    days = {d.day: d for d in selectors.trend(authority_id=home, now=NOW)}
    assert days[dt.date(2026, 3, 30)].counted == 2


@pytest.mark.parametrize("viewer", ["mike", "olga", "pat"])
@pytest.mark.parametrize(
    "period", [WEEK, Period(dt.date(2026, 4, 2), dt.date(2026, 4, 2))], ids=["week", "today"]
)
@pytest.mark.parametrize("rollups", [False, True], ids=["live", "rolled-up"])
def test_the_pages_one_statement_gives_what_the_orm_selectors_give(
    scenario, viewer, period, rollups
):
    """The page reads everything in one PostgreSQL statement; the ORM selectors state the same
    rules portably (SQLite). Both must agree on every figure, for managers and officers."""
    from requests.dashboard.services import daily_figures_rebuild

    user = scenario.pat if viewer == "pat" else getattr(scenario.people, viewer)
    home = scenario.people.home.pk
    officer = None if viewer == "mike" else user.pk
    with time_machine.travel(NOW, tick=False):
        if rollups:
            assert daily_figures_rebuild(now=NOW) > 0
        page = selectors.dashboard(authority_id=home, period=period, now=NOW, officer_id=officer)
        assert page.figures == selectors.period_figures(
            authority_id=home, period=period, officer_id=officer
        )
        assert page.trend == selectors.trend(authority_id=home, now=NOW, officer_id=officer)
        assert page.live == selectors.now_figures(authority_id=home, now=NOW, officer_id=officer)
    # And the scenario is not empty for any of them: the comparison compares something.
    assert (page.figures.received or page.live.open) and any(day.counted for day in page.trend)


@time_machine.travel(NOW, tick=False)
def test_now_counts_unclaimed_immediate_danger_and_the_oldest_open_contacts_age(scenario, client):
    """Definition: "Immediate danger or immediate action, unclaimed" counts open queue entries
    that are urgent and held by nobody; "Oldest open contact" is the time since receipt of the
    earliest-received open contact (D, received 31/3 08:00 BST, 52 hours before now)."""
    from requests.triage.models import QueueEntry

    home = scenario.people.home.pk
    assert selectors.now_figures(authority_id=home, now=NOW).unclaimed_urgent == 0
    QueueEntry.objects.filter(contact=scenario.h.contact).update(urgent=True)
    # Urgent but held by an officer: not counted.
    QueueEntry.objects.filter(contact=scenario.d.contact).update(urgent=True)
    live = selectors.now_figures(authority_id=home, now=NOW)
    assert live.unclaimed_urgent == 1
    assert live.oldest_age == "52 h 00 min"
    client.force_login(scenario.people.mike)
    page = client.get(reverse("dashboard:index")).content.decode()
    assert 'data-figure="unclaimed_urgent"><strong class="govuk-tag govuk-tag--red">1</strong>' in (
        page
    )
    assert 'data-figure="oldest_age">52 h 00 min' in page


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("engine", ["orm", "page"])
def test_percentages_count_only_contacts_whose_time_has_ended(scenario, engine):
    """Definition: percentages are of decided contacts and undecided ones past their deadline;
    "still within time" (H and K, deadline ahead) is its own line. Week: 7 counted, 2 still
    within time, so 5 ended: A and E within 24 h, B within extension, C late, D overdue."""
    home = scenario.people.home.pk
    if engine == "orm":
        f = selectors.period_figures(authority_id=home, period=WEEK, now=NOW)
    else:
        f = selectors.dashboard(authority_id=home, period=WEEK, now=NOW).figures
    assert (f.counted, f.still_within, f.ended) == (7, 2, 5)
    assert (f.within_24h, f.within_extension, f.late, f.overdue_not_decided) == (2, 1, 1, 1)
    assert (f.percent_within_24h, f.percent_within_extension, f.percent_late) == (40.0, 20.0, 20.0)
    assert f.percent_overdue_not_decided == 20.0
