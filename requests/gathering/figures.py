"""Information gathering's figures for the dashboard (issue 22 item 4): what is outstanding
now, and the last 90 days by agency type. Reads this app's own table only, so the dashboard
depends on nothing else through it (letters and the dashboard stay independent)."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db.models import Count, Q

from referral_portal.accounts.models import AgencyType
from requests.gathering.models import GatheringRequest, GatheringStatus

# --- the dashboard ---------------------------------------------------------------------------

NINETY_DAYS = dt.timedelta(days=90)


@dataclass
class GatheringNow:
    outstanding: int = 0
    overdue: int = 0


def now_figures(
    *, authority_id: int, now: dt.datetime, officer_id: int | None = None
) -> GatheringNow:
    """Requests waiting for an answer now, and those past their reply-by time (the officer's
    own, when ``officer_id`` is given)."""
    queryset = GatheringRequest.objects.filter(
        authority_id=authority_id, status=GatheringStatus.OPEN
    )
    if officer_id is not None:
        queryset = queryset.filter(sent_by_id=officer_id)
    totals = queryset.aggregate(
        outstanding=Count("pk"), overdue=Count("pk", filter=Q(reply_by__lte=now))
    )
    return GatheringNow(**totals)


@dataclass
class AgencyTypeFigures:
    agency_type: str
    label: str
    sent: int
    answered_in_time: int
    answered: int
    median_seconds: float | None
    # Worded by the page that shows it (the dashboard's own duration format).
    median: str = ""

    @property
    def percent_in_time(self) -> float | None:
        return round(100 * self.answered_in_time / self.sent, 1) if self.sent else None


def ninety_day_figures(
    *, authority_id: int, now: dt.datetime, officer_id: int | None = None
) -> list[AgencyTypeFigures]:
    """Requests sent in the last 90 days by agency type: how many, how many answered by the
    reply-by time, and the median time from sending to the first answer."""
    queryset = GatheringRequest.objects.filter(
        authority_id=authority_id, sent_at__gte=now - NINETY_DAYS, sent_at__lte=now
    )
    if officer_id is not None:
        queryset = queryset.filter(sent_by_id=officer_id)
    groups: dict[str, list[tuple[dt.datetime, dt.datetime, dt.datetime | None]]] = {}
    for agency_type, sent_at, reply_by, answered_at in queryset.values_list(
        "agency_type", "sent_at", "reply_by", "answered_at"
    ):
        groups.setdefault(agency_type, []).append((sent_at, reply_by, answered_at))
    labels = dict(AgencyType.choices)
    rows = []
    for agency_type, items in sorted(groups.items(), key=lambda kv: labels.get(kv[0], kv[0])):
        times = [(a - s).total_seconds() for s, _r, a in items if a is not None]
        rows.append(
            AgencyTypeFigures(
                agency_type=agency_type,
                label=str(labels.get(agency_type, agency_type)),
                sent=len(items),
                answered_in_time=sum(1 for _s, r, a in items if a is not None and a <= r),
                answered=len(times),
                median_seconds=statistics.median(times) if times else None,
            )
        )
    return rows
