"""Reads for the 24-hour dashboard: every figure is an aggregate worked out in the database.

The figures: the period summary with its median and 90th percentile, one grouped scan for
outcomes, agency types and officers, information requests, the 90-day trend, the queue now, the
overdue list and the approvals waiting. The page reads them all through ``dashboard()``: on
PostgreSQL the trend's rollups and then ONE statement, however many contacts an authority has;
elsewhere (SQLite) the ORM selectors, which are also what the JSON API and the export use. Period figures read ``ContactFigure`` (one narrow row per received contact,
kept current by the services in the same transaction as each change), so a decision agreed a
moment ago is in the next page load, and a period is one range of the index
``(authority, received_at)``. The queue figures read ``QueueEntry`` (open items only).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Max,
    Min,
    Q,
    QuerySet,
)
from django.db.models.expressions import Combinable, CombinedExpression
from django.db.models.functions import TruncDate
from django.utils import timezone

from referral_portal.accounts.models import AgencyType, User
from requests.dashboard.models import ContactFigure, DailyFigure
from requests.dashboard.rules import (
    DUE_SOON,
    LONDON,
    RESPONSE_TIME,
    TREND_DAYS,
    Period,
    Timeliness,
    format_duration,
    london_midnight,
    london_today,
    percent,
    percentile_cont,
    timeliness,
)
from requests.information.models import InformationRequest, Level
from requests.triage.models import (
    ApprovalKind,
    ApprovalRequest,
    ApprovalStatus,
    Outcome,
    QueueEntry,
)
from requests.triage.states import TriageState

OVERDUE_LIST_LIMIT = 50
_STATE_LABELS = dict(TriageState.choices)

# The rule of requests/dashboard/rules.py ``timeliness`` in SQL, on ``ContactFigure`` rows.
DECIDED = Q(decided_at__isnull=False)
# ``response``: the authority's response aim (its procedure row, read by the callers); the
# default is the portal standard's 24 hours the demo authorities have.


def _within_aim(response: dt.timedelta) -> Q:
    return Q(decided_at__lte=F("received_at") + response)


def _within_extension(response: dt.timedelta) -> Q:
    return Q(decided_at__gt=F("received_at") + response, decided_at__lte=F("extended_due_at"))


WITHIN_24_HOURS = _within_aim(RESPONSE_TIME)
WITHIN_EXTENSION = _within_extension(RESPONSE_TIME)
WITHDRAWN = Q(withdrawn=True)


class EpochSeconds(Func):
    """Seconds in a PostgreSQL interval (timestamptz minus timestamptz is elapsed time)."""

    template = "EXTRACT(EPOCH FROM %(expressions)s)::float8"
    output_field = FloatField()


class PercentileCont(Aggregate):
    """PostgreSQL's ordered-set aggregate ``percentile_cont(f) WITHIN GROUP (ORDER BY x)``."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression: Combinable | str, *, fraction: float) -> None:
        # A float we choose, never user input, so it is safe in the SQL text.
        super().__init__(expression, fraction=repr(float(fraction)))


@dataclass
class Row:
    label: str
    count: int = 0
    decided: int = 0
    within_24h: int = 0

    @property
    def percent_within_24h(self) -> float | None:
        return percent(self.within_24h, self.count)


@dataclass
class PeriodFigures:
    period: Period
    received: int = 0
    withdrawn: int = 0
    decided: int = 0
    within_24h: int = 0
    within_extension: int = 0
    late: int = 0
    # Not decided and not withdrawn, with its deadline (24 hours, or an extension approved in
    # time) still ahead: left out of the percentages, which count only contacts whose time
    # has ended (review F17).
    still_within: int = 0
    # Withdrawn after the deadline had passed (counted in ``withdrawn`` too).
    withdrawn_overdue: int = 0
    median_seconds: float | None = None
    p90_seconds: float | None = None
    outcomes: list[Row] = field(default_factory=list)
    agency_types: list[Row] = field(default_factory=list)
    officers: list[Row] = field(default_factory=list)
    information_levels: list[Row] = field(default_factory=list)

    @property
    def counted(self) -> int:
        """Contacts the aim applies to: received in the period and not withdrawn."""
        return self.received - self.withdrawn

    @property
    def not_decided(self) -> int:
        return self.counted - self.decided

    @property
    def ended(self) -> int:
        """Contacts whose time has ended: decided, or not decided with the deadline passed."""
        return self.counted - self.still_within

    @property
    def overdue_not_decided(self) -> int:
        return self.not_decided - self.still_within

    @property
    def percent_within_24h(self) -> float | None:
        return percent(self.within_24h, self.ended)

    @property
    def percent_within_extension(self) -> float | None:
        return percent(self.within_extension, self.ended)

    @property
    def percent_late(self) -> float | None:
        return percent(self.late, self.ended)

    @property
    def percent_overdue_not_decided(self) -> float | None:
        return percent(self.overdue_not_decided, self.ended)


@dataclass
class TrendDay:
    day: dt.date
    counted: int
    within_24h: int

    @property
    def percent_within_24h(self) -> float | None:
        return percent(self.within_24h, self.counted)

    @property
    def label(self) -> str:
        return self.day.strftime("%a %-d %b %Y")


@dataclass(frozen=True)
class OverdueEntry:
    """One overdue item as the list shows it: never a child's details."""

    contact_id: int
    reference: str
    urgent: bool
    received_at: dt.datetime
    due_at: dt.datetime
    state: str
    held_by: str

    @property
    def state_label(self) -> str:
        return _STATE_LABELS.get(self.state, self.state)


@dataclass
class NowFigures:
    open: int = 0
    overdue: int = 0
    due_soon: int = 0
    unclaimed: int = 0
    awaiting_manager: int = 0
    extensions_waiting: int = 0
    overrides_waiting: int = 0
    overdue_entries: list[OverdueEntry] = field(default_factory=list)
    # Immediate danger (the referrer) or immediate action (an officer) that nobody holds (003:
    # "If a safeguarding issue is identified, immediate action will be taken").
    unclaimed_urgent: int = 0
    # How long the oldest open contact has waited since it was received ("" if none).
    oldest_age: str = ""


def _period_contacts(
    *, authority_id: int, start: dt.datetime, end: dt.datetime, officer_id: int | None
) -> QuerySet[ContactFigure]:
    """Figure rows of the contacts received in [start, end): one range of one index.

    Only an agreed decision counts (003: every contact is overseen by a manager); a contact has
    at most one, because agreeing is final. ``ContactFigure`` holds it as ``decided_at``.
    """
    contacts = ContactFigure.objects.filter(
        authority_id=authority_id, received_at__gte=start, received_at__lt=end
    )
    if officer_id is not None:
        contacts = contacts.filter(decided_by_id=officer_id)
    return contacts


def _decision_seconds() -> ExpressionWrapper[CombinedExpression]:
    return ExpressionWrapper(F("decided_at") - F("received_at"), DurationField())


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _still_within(now: dt.datetime, response: dt.timedelta = RESPONSE_TIME) -> Q:
    """Not decided, not withdrawn, and its deadline (the aim or a counted extension) ahead."""
    return Q(withdrawn=False, decided_at__isnull=True) & (
        Q(received_at__gt=now - response) | Q(extended_due_at__gt=now)
    )


def period_figures(
    *,
    authority_id: int,
    period: Period,
    officer_id: int | None = None,
    now: dt.datetime | None = None,
    response: dt.timedelta = RESPONSE_TIME,
) -> PeriodFigures:
    """The period's figures for one authority (or one officer's decisions in it), against its
    response aim ``response``."""
    now = now or timezone.now()
    contacts = _period_contacts(
        authority_id=authority_id, start=period.start, end=period.end, officer_id=officer_id
    )
    aggregates: dict[str, Any] = {
        "received": Count("pk"),
        "still_within": Count("pk", filter=_still_within(now, response)),
        "withdrawn_overdue": Count("pk", filter=Q(withdrawn_overdue=True)),
        "withdrawn": Count("pk", filter=WITHDRAWN),
        "decided": Count("pk", filter=DECIDED),
        "within_24h": Count("pk", filter=_within_aim(response)),
        "within_extension": Count("pk", filter=_within_extension(response)),
    }
    if _is_postgresql():
        seconds = EpochSeconds(_decision_seconds())
        aggregates["median"] = PercentileCont(seconds, fraction=0.5)
        aggregates["p90"] = PercentileCont(seconds, fraction=0.9)
    totals = contacts.aggregate(**aggregates)
    if not _is_postgresql():
        # SQLite (make run) has no percentile_cont: fetch the durations, interpolate the same way.
        durations = [
            (decided - received).total_seconds()
            for received, decided in contacts.filter(DECIDED).values_list(
                "received_at", "decided_at"
            )
            if received is not None and decided is not None
        ]
        totals["median"] = percentile_cont(durations, 0.5)
        totals["p90"] = percentile_cont(durations, 0.9)

    # Outcomes, agency types and officers from ONE grouped scan of the period (a few hundred
    # groups at most), summed in Python: each extra scan costs as much as the whole query.
    groups = (
        contacts.exclude(WITHDRAWN)
        .values("agency_type", "outcome", "decided_by_id")
        .annotate(
            count=Count("pk"),
            decided=Count("pk", filter=DECIDED),
            within_24h=Count("pk", filter=_within_aim(response)),
            officer=Max("decided_by__full_name"),
        )
        .order_by()
    )
    levels = None
    if officer_id is None:
        levels = dict(
            InformationRequest.objects.filter(
                authority_id=authority_id, created_at__gte=period.start, created_at__lt=period.end
            )
            .values_list("level")
            .annotate(count=Count("pk"))
            .order_by()
        )
    return _period_figures_from(period=period, totals=totals, groups=groups, levels=levels)


def _period_figures_from(
    *,
    period: Period,
    totals: dict[str, Any],
    groups: Iterable[dict[str, Any]],
    levels: dict[int, int] | None,
) -> PeriodFigures:
    """PeriodFigures from the period's totals, its groups and its information requests by
    level (``None`` for an officer's own figures, which leave them out)."""
    figures = PeriodFigures(
        period=period,
        received=totals["received"],
        withdrawn=totals["withdrawn"],
        decided=totals["decided"],
        within_24h=totals["within_24h"],
        within_extension=totals["within_extension"],
        late=totals["decided"] - totals["within_24h"] - totals["within_extension"],
        still_within=totals["still_within"],
        withdrawn_overdue=totals["withdrawn_overdue"],
        median_seconds=totals["median"],
        p90_seconds=totals["p90"],
    )
    outcomes: dict[str, Row] = {}
    agency_types: dict[str, Row] = {}
    officers: dict[int, Row] = {}
    outcome_labels = dict(Outcome.choices)
    agency_labels = dict(AgencyType.choices)
    for group in groups:
        agency_type = group["agency_type"]
        _add(agency_types, agency_type, agency_labels.get(agency_type, "Other"), group)
        if group["decided"]:
            outcome = group["outcome"]
            _add(outcomes, outcome, outcome_labels.get(outcome, outcome), group)
            officer = group["decided_by_id"]
            _add(officers, officer, group["officer"] or "Unknown", group)
    figures.outcomes = sorted(outcomes.values(), key=lambda r: (-r.count, r.label))
    figures.agency_types = sorted(agency_types.values(), key=lambda r: (-r.count, r.label))
    figures.officers = sorted(officers.values(), key=lambda r: r.label)
    if levels is not None:
        figures.information_levels = [
            Row(label=label, count=levels.get(level, 0)) for level, label in Level.choices
        ]
    return figures


Key = TypeVar("Key")


def _add(rows: dict[Key, Row], key: Key, label: str, group: dict[str, Any]) -> None:
    row = rows.setdefault(key, Row(label=label))
    row.count += group["count"]
    row.decided += group["decided"]
    row.within_24h += group["within_24h"]


def live_days(
    *,
    authority_id: int,
    first: dt.date,
    last: dt.date,
    officer_id: int | None = None,
    response: dt.timedelta = RESPONSE_TIME,
) -> dict[dt.date, tuple[int, int]]:
    """{London day: (contacts counted, decided within 24 hours)} from the contacts themselves."""
    if last < first:
        return {}
    contacts = _period_contacts(
        authority_id=authority_id,
        start=london_midnight(first),
        end=london_midnight(last + dt.timedelta(days=1)),
        officer_id=officer_id,
    )
    return {
        row["day"]: (row["counted"], row["within_24h"])
        for row in contacts.exclude(WITHDRAWN)
        .annotate(day=TruncDate("received_at", tzinfo=LONDON))
        .values("day")
        .annotate(counted=Count("pk"), within_24h=Count("pk", filter=_within_aim(response)))
        .order_by("day")
    }


def final_day(now: dt.datetime) -> dt.date:
    """The last London day whose figures can no longer change: it ended over 24 hours ago."""
    return london_today(now) - dt.timedelta(days=2)


def trend(
    *,
    authority_id: int,
    now: dt.datetime,
    officer_id: int | None = None,
    days: int = TREND_DAYS,
    response: dt.timedelta = RESPONSE_TIME,
) -> list[TrendDay]:
    """% decided within 24 hours for each London day of the last ``days``, oldest first.

    Days up to ``final_day`` come from the rollups (``DailyFigure``) when they have been built;
    from the first day without one, up to today, the figures are worked out live.
    """
    today = london_today(now)
    first = today - dt.timedelta(days=days - 1)
    rolled, live_from = _rolled_days(
        authority_id=authority_id, now=now, first=first, officer_id=officer_id
    )
    rolled.update(
        live_days(
            authority_id=authority_id,
            first=live_from,
            last=today,
            officer_id=officer_id,
            response=response,
        )
    )
    return _trend_from(first=first, days=days, figures=rolled)


def _rolled_days(
    *, authority_id: int, now: dt.datetime, first: dt.date, officer_id: int | None
) -> tuple[dict[dt.date, tuple[int, int]], dt.date]:
    """The rollups of the trend's days from ``first`` that have one without a gap, and the
    first day to work out live. Officers' own figures have no rollups: all live."""
    rolled: dict[dt.date, tuple[int, int]] = {}
    if officer_id is None:
        rolled = {
            day: (counted, within)
            for day, counted, within in DailyFigure.objects.filter(
                authority_id=authority_id, day__gte=first, day__lte=final_day(now)
            ).values_list("day", "counted", "within_24h")
        }
    live_from = first
    while live_from in rolled:
        live_from += dt.timedelta(days=1)
    return {day: value for day, value in rolled.items() if day < live_from}, live_from


def _trend_from(
    *, first: dt.date, days: int, figures: dict[dt.date, tuple[int, int]]
) -> list[TrendDay]:
    result = []
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        counted, within = figures.get(day, (0, 0))
        result.append(TrendDay(day=day, counted=counted, within_24h=within))
    return result


def now_figures(
    *, authority_id: int, now: dt.datetime, officer_id: int | None = None
) -> NowFigures:
    """The queue as it stands: open, overdue (listed), due soon, unclaimed, waiting on a manager.

    Reads only the small table of open items (``QueueEntry``), whose ``due_at`` already holds
    an approved extended deadline.
    """
    entries = QueueEntry.objects.filter(authority_id=authority_id)
    mine = entries if officer_id is None else entries.filter(held_by_id=officer_id)
    totals = entries.aggregate(
        open=Count("pk", filter=_mine(officer_id)),
        overdue=Count("pk", filter=_mine(officer_id) & Q(due_at__lt=now)),
        due_soon=Count(
            "pk", filter=_mine(officer_id) & Q(due_at__gte=now, due_at__lt=now + DUE_SOON)
        ),
        # Unclaimed items are the whole front door's, officers included (they claim from it).
        unclaimed=Count("pk", filter=Q(held_by__isnull=True)),
        awaiting_manager=Count(
            "pk", filter=_mine(officer_id) & Q(state=TriageState.AWAITING_MANAGER)
        ),
        unclaimed_urgent=Count("pk", filter=Q(held_by__isnull=True, urgent=True)),
        oldest=Min("received_at", filter=_mine(officer_id)),
    )
    oldest = totals.pop("oldest")
    approvals = ApprovalRequest.objects.filter(
        authority_id=authority_id, status=ApprovalStatus.PENDING
    )
    if officer_id is not None:
        approvals = approvals.filter(requested_by_id=officer_id)
    waiting = dict(approvals.values_list("kind").annotate(count=Count("pk")).order_by())
    # Plain rows, not model instances: the list is on a page a wall screen reloads every minute.
    overdue_entries = [
        OverdueEntry(*row)
        for row in mine.filter(due_at__lt=now)
        .order_by("due_at", "id")
        .values_list(
            "contact_id",
            "reference",
            "urgent",
            "received_at",
            "due_at",
            "state",
            "held_by__full_name",
        )[:OVERDUE_LIST_LIMIT]
    ]
    return NowFigures(
        **totals,
        oldest_age=_age(oldest, now),
        extensions_waiting=waiting.get(ApprovalKind.EXTENSION, 0),
        overrides_waiting=waiting.get(ApprovalKind.CONSENT_OVERRIDE, 0),
        overdue_entries=overdue_entries,
    )


def _age(received_at: dt.datetime | str | None, now: dt.datetime) -> str:
    if received_at is None:
        return ""
    if isinstance(received_at, str):
        received_at = dt.datetime.fromisoformat(received_at)
    return format_duration((now - received_at).total_seconds())


def _mine(officer_id: int | None) -> Q:
    return Q() if officer_id is None else Q(held_by_id=officer_id)


# --- the whole page in one statement (PostgreSQL) --------------------------------------------


@dataclass
class Dashboard:
    figures: PeriodFigures
    trend: list[TrendDay]
    live: NowFigures


# The same figures as period_figures, live_days and now_figures, in ONE statement: the period's
# figure rows are read once (a CTE) and every figure aggregated from them, the queue and the
# approvals beside them. The ORM functions above are the portable statement of the same rules
# (SQLite, for make run) and a test holds this one to them. Table names come from the models;
# every value is a parameter (%(officer)s is NULL for a manager's view of the authority).
_PAGE_SQL = """
WITH period AS (
  SELECT withdrawn, withdrawn_overdue, received_at, decided_at, extended_due_at, agency_type,
         outcome,
         decided_by_id
  FROM {figure}
  WHERE authority_id = %(authority)s AND received_at >= %(start)s AND received_at < %(end)s
    AND (%(officer)s::bigint IS NULL OR decided_by_id = %(officer)s)
), queue AS (
  SELECT id, contact_id, reference, urgent, received_at, due_at, state, held_by_id,
         (%(officer)s::bigint IS NULL OR held_by_id = %(officer)s) AS mine
  FROM {entry} WHERE authority_id = %(authority)s
)
SELECT json_build_object(
  'totals', (SELECT json_build_object(
      'received', count(*),
      'withdrawn', count(*) FILTER (WHERE withdrawn),
      'withdrawn_overdue', count(*) FILTER (WHERE withdrawn_overdue),
      'decided', count(decided_at),
      'within_24h', count(*) FILTER (WHERE decided_at <= received_at + %(response)s),
      'within_extension', count(*) FILTER (WHERE decided_at > received_at + %(response)s
                                            AND decided_at <= extended_due_at),
      'still_within', count(*) FILTER (WHERE NOT withdrawn AND decided_at IS NULL
                                        AND (received_at > %(now)s - %(response)s
                                             OR extended_due_at > %(now)s)),
      -- Both percentiles from one sort of the decision times.
      'percentiles', percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (
          ORDER BY EXTRACT(EPOCH FROM decided_at - received_at)::float8)) FROM period),
  'groups', (SELECT json_agg(g) FROM (
      SELECT p.agency_type, p.outcome, p.decided_by_id, max(u.full_name) AS officer,
             count(*) AS count, count(decided_at) AS decided,
             count(*) FILTER (WHERE decided_at <= received_at + %(response)s) AS within_24h
      FROM period p LEFT JOIN {user} u ON u.id = p.decided_by_id
      WHERE NOT p.withdrawn GROUP BY 1, 2, 3) g),
  'levels', (SELECT json_object_agg(level, n) FROM (
      SELECT level, count(*) AS n FROM {information}
      WHERE authority_id = %(authority)s AND created_at >= %(start)s AND created_at < %(end)s
      GROUP BY level) i),
  'days', (SELECT json_agg(d) FROM (
      SELECT (received_at AT TIME ZONE 'Europe/London')::date AS day, count(*) AS counted,
             count(*) FILTER (WHERE decided_at <= received_at + %(response)s) AS within_24h
      FROM {figure}
      WHERE authority_id = %(authority)s AND received_at >= %(live_start)s
        AND received_at < %(live_end)s AND NOT withdrawn
        AND (%(officer)s::bigint IS NULL OR decided_by_id = %(officer)s)
      GROUP BY 1) d),
  'now', (SELECT json_build_object(
      'open', count(*) FILTER (WHERE mine),
      'overdue', count(*) FILTER (WHERE mine AND due_at < %(now)s),
      'due_soon', count(*) FILTER (WHERE mine AND due_at >= %(now)s AND due_at < %(soon)s),
      'unclaimed', count(*) FILTER (WHERE held_by_id IS NULL),
      'awaiting_manager', count(*) FILTER (WHERE mine AND state = %(awaiting)s),
      'unclaimed_urgent', count(*) FILTER (WHERE held_by_id IS NULL AND urgent),
      'oldest', min(received_at) FILTER (WHERE mine)) FROM queue),
  'approvals', (SELECT json_object_agg(kind, n) FROM (
      SELECT kind, count(*) AS n FROM {approval}
      WHERE authority_id = %(authority)s AND status = %(pending)s
        AND (%(officer)s::bigint IS NULL OR requested_by_id = %(officer)s)
      GROUP BY kind) a),
  'overdue', (SELECT json_agg(o ORDER BY o.due_at, o.id) FROM (
      SELECT q.id, q.contact_id, q.reference, q.urgent, q.received_at, q.due_at, q.state,
             u.full_name AS held_by
      FROM queue q LEFT JOIN {user} u ON u.id = q.held_by_id
      WHERE q.mine AND q.due_at < %(now)s ORDER BY q.due_at, q.id LIMIT %(limit)s) o)
)
"""


def _page_sql() -> str:
    return _PAGE_SQL.format(
        figure=ContactFigure._meta.db_table,
        entry=QueueEntry._meta.db_table,
        user=User._meta.db_table,  # ContactFigure.decided_by
        information=InformationRequest._meta.db_table,
        approval=ApprovalRequest._meta.db_table,
    )


def dashboard(
    *,
    authority_id: int,
    period: Period,
    now: dt.datetime,
    officer_id: int | None = None,
    response: dt.timedelta = RESPONSE_TIME,
) -> Dashboard:
    """Everything the page shows: the period's figures, the 90-day trend and the queue now.

    On PostgreSQL two statements (the trend's rollups, then everything else at once); on any
    other database the ORM selectors, which state the same rules portably.
    """
    today = london_today(now)
    first = today - dt.timedelta(days=TREND_DAYS - 1)
    if not _is_postgresql():
        return Dashboard(
            figures=period_figures(
                authority_id=authority_id,
                period=period,
                officer_id=officer_id,
                now=now,
                response=response,
            ),
            trend=trend(
                authority_id=authority_id, now=now, officer_id=officer_id, response=response
            ),
            live=now_figures(authority_id=authority_id, now=now, officer_id=officer_id),
        )
    rolled, live_from = _rolled_days(
        authority_id=authority_id, now=now, first=first, officer_id=officer_id
    )
    params: dict[str, Any] = {
        "authority": authority_id,
        "officer": officer_id,
        "start": period.start,
        "end": period.end,
        "live_start": london_midnight(live_from),
        "live_end": london_midnight(today + dt.timedelta(days=1)),
        "response": response,
        "now": now,
        "soon": now + DUE_SOON,
        "awaiting": TriageState.AWAITING_MANAGER.value,
        "pending": ApprovalStatus.PENDING.value,
        "limit": OVERDUE_LIST_LIMIT,
    }
    with connection.cursor() as cursor:
        cursor.execute(_page_sql(), params)  # nosec B608
        page = cursor.fetchone()[0]
    levels = {int(level): n for level, n in (page["levels"] or {}).items()}
    totals = page["totals"]
    totals["median"], totals["p90"] = totals.pop("percentiles") or (None, None)
    figures = _period_figures_from(
        period=period,
        totals=totals,
        groups=page["groups"] or [],
        levels=None if officer_id is not None else levels,
    )
    for row in page["days"] or []:
        rolled[dt.date.fromisoformat(row["day"])] = (row["counted"], row["within_24h"])
    waiting = page["approvals"] or {}
    now_row = page["now"]
    oldest = now_row.pop("oldest")
    live = NowFigures(
        **now_row,
        oldest_age=_age(oldest, now),
        extensions_waiting=waiting.get(ApprovalKind.EXTENSION.value, 0),
        overrides_waiting=waiting.get(ApprovalKind.CONSENT_OVERRIDE.value, 0),
        overdue_entries=[
            OverdueEntry(
                contact_id=row["contact_id"],
                reference=row["reference"],
                urgent=row["urgent"],
                received_at=dt.datetime.fromisoformat(row["received_at"]),
                due_at=dt.datetime.fromisoformat(row["due_at"]),
                state=row["state"],
                held_by=row["held_by"],
            )
            for row in page["overdue"] or []
        ],
    )
    return Dashboard(
        figures=figures, trend=_trend_from(first=first, days=TREND_DAYS, figures=rolled), live=live
    )


@dataclass(frozen=True)
class ExportRow:
    reference: str
    agency_type: str
    received: dt.datetime
    decided: dt.datetime | None
    outcome: str
    timeliness: Timeliness | None
    withdrawn: bool


def period_contacts_for_export(
    *,
    authority_id: int,
    period: Period,
    officer_id: int | None = None,
    response: dt.timedelta = RESPONSE_TIME,
) -> Iterator[ExportRow]:
    """The contacts behind the period's figures, oldest first. No child's name or details."""
    agency_labels = dict(AgencyType.choices)
    outcome_labels = dict(Outcome.choices)
    rows = (
        _period_contacts(
            authority_id=authority_id, start=period.start, end=period.end, officer_id=officer_id
        )
        .order_by("received_at", "pk")
        .values_list(
            "reference",
            "agency_type",
            "received_at",
            "decided_at",
            "outcome",
            "extended_due_at",
            "withdrawn",
        )
    )
    for (
        reference,
        agency_type,
        received,
        decided,
        outcome,
        extended_due,
        withdrawn,
    ) in rows.iterator(chunk_size=2000):
        yield ExportRow(
            reference=reference or "",
            agency_type=agency_labels.get(agency_type, "Other"),
            received=received,
            decided=decided,
            outcome=outcome_labels.get(outcome, "") if outcome else "",
            timeliness=timeliness(
                received=received, decided=decided, extended_due=extended_due, response=response
            ),
            withdrawn=withdrawn,
        )
