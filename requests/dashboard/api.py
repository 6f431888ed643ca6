"""``GET /api/v1/dashboard?authority=<slug>&from=&to=``: the period's figures, managers only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from referral_portal.accounts.models import Authority, Role
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record
from referral_portal.errors import DomainError
from referral_portal.procedures.selectors import response_aim_for
from requests.dashboard import selectors
from requests.dashboard.rules import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    MAX_PERIOD_DAYS,
    Period,
    london_today,
)


class QueryError(DomainError, ValueError):
    """A query string the API cannot answer; the message is for the caller."""


def _date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"'{name}' must be a date like 2026-03-31") from None
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        # 9999-12-31 has no next day for the period's end (review L1 gave a 500).
        raise QueryError(f"'{name}' must be a year from {EARLIEST_YEAR} to {LATEST_YEAR}")
    return day


def parse_period(params: Any, *, today: dt.date) -> Period:
    """``from`` and ``to`` as Europe/London days; either or both may be left out (today)."""
    first = _date(params.get("from"), "from")
    last = _date(params.get("to"), "to")
    first = first or last or today
    last = last or max(first, today)
    if last < first:
        raise QueryError("'to' must be the same as or after 'from'")
    if (last - first).days + 1 > MAX_PERIOD_DAYS:
        raise QueryError("Choose a period of 3 years or less")
    return Period(first, last)


def _row(row: selectors.Row) -> dict[str, Any]:
    return {
        "label": row.label,
        "count": row.count,
        "decided": row.decided,
        "within_24h": row.within_24h,
    }


def figures_json(figures: selectors.PeriodFigures) -> dict[str, Any]:
    return {
        "from": figures.period.first.isoformat(),
        "to": figures.period.last.isoformat(),
        "received": figures.received,
        "withdrawn": figures.withdrawn,
        "decided": figures.decided,
        "within_24h": figures.within_24h,
        "percent_within_24h": figures.percent_within_24h,
        "within_extension": figures.within_extension,
        "late": figures.late,
        "not_decided": figures.not_decided,
        "median_seconds": figures.median_seconds,
        "p90_seconds": figures.p90_seconds,
        "outcomes": [_row(r) for r in figures.outcomes],
        "agency_types": [_row(r) for r in figures.agency_types],
        "officers": [_row(r) for r in figures.officers],
        "information_requests_by_level": [_row(r) for r in figures.information_levels],
    }


class DashboardView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("authority", OpenApiTypes.STR, required=True),
            OpenApiParameter("from", OpenApiTypes.DATE, description="First day (Europe/London)"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="Last day (Europe/London)"),
        ],
        responses={200: OpenApiTypes.OBJECT},
        summary="The 24-hour dashboard's figures for a period (duty managers only)",
    )
    def get(self, request: Request) -> Response:
        user: Any = request.user
        if user.role != Role.MANAGER:
            return Response(
                {"error": "Only duty managers can read the dashboard's figures"},
                status=status.HTTP_403_FORBIDDEN,
            )
        slug = str(request.query_params.get("authority", "")).strip()
        if not slug:
            return Response(
                {"error": "Say which authority: ?authority=<slug>"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        # QueryError (400) is answered by the API's exception handler.
        period = parse_period(request.query_params, today=london_today(dt.datetime.now(dt.UTC)))
        authority = Authority.objects.filter(slug=slug, pk=user.authority_id).first()
        if authority is None:
            # Another authority's figures, or no such authority: the same answer for both.
            audit_record(
                actor=user,
                action=AuditAction.DENIED,
                object_type="dashboard.period",
                object_id=slug[:50],
                request=request._request,
            )
            return Response({"error": "No such authority"}, status=status.HTTP_404_NOT_FOUND)
        aim = response_aim_for(authority=authority)
        if aim is None:
            return Response(
                {
                    "error": f"{authority.name} has no response aim in the portal: none of its "
                    "sources gives one, so no response times are measured"
                },
                status=status.HTTP_404_NOT_FOUND,
            )
        figures = selectors.period_figures(
            authority_id=authority.pk, period=period, response=aim.delta
        )
        return Response({"authority": authority.slug, **figures_json(figures)})
