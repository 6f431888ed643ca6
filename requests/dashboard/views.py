"""The response dashboard pages (the authority's response aim): managers see their authority, officers their own figures."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from referral_portal.accounts.decorators import role_required
from referral_portal.accounts.http import AuthenticatedHttpRequest
from referral_portal.accounts.models import Role
from referral_portal.procedures.models import Kind
from referral_portal.procedures.selectors import offered_of, response_aim_for, response_aim_of
from requests.dashboard import selectors
from requests.dashboard.charts import overdue_table_rows, trend_chart, trend_table_rows
from requests.dashboard.forms import PeriodForm
from requests.dashboard.rules import format_duration
from requests.dashboard.services import dashboard_export

REFRESH_SECONDS = 60


def _scope(user: Any) -> tuple[int, int | None]:
    """(authority, officer): managers see the authority, officers only their own figures."""
    if user.authority_id is None:
        raise Http404("No authority")
    return user.authority_id, (None if user.role == Role.MANAGER else user.pk)


@never_cache
@role_required(Role.MANAGER, Role.OFFICER)
def index(request: HttpRequest) -> HttpResponse:
    authority_id, officer_id = _scope(request.user)
    # The authority's response aim (its procedure row): the figures are measured against it.
    offered = offered_of(authority=authority_id, kinds=[Kind.RESPONSE_AIM, Kind.MANAGER_AGREEMENT])
    aim = response_aim_of(offered.get(Kind.RESPONSE_AIM))
    if aim is None:
        return _no_aim(request)
    now = timezone.now()
    form = PeriodForm(request.GET or None)
    period = form.get_period(now=now)
    page = selectors.dashboard(
        authority_id=authority_id,
        period=period,
        now=now,
        officer_id=officer_id,
        response=aim.delta,
    )
    figures, days, live = page.figures, page.trend, page.live
    context = {
        "form": form,
        "now": now,
        "is_officer": officer_id is not None,
        "period": period,
        "figures": figures,
        "median": format_duration(figures.median_seconds),
        "p90": format_duration(figures.p90_seconds),
        "live": live,
        "overdue_rows": overdue_table_rows(live.overdue_entries, link=officer_id is None),
        "trend": days,
        "chart": trend_chart(days),
        "trend_rows": trend_table_rows(days),
        "query": request.GET.urlencode(),
        "refresh_seconds": REFRESH_SECONDS,
        "response_hours": aim.hours,
        "aim": aim,
        "manager_agreement": Kind.MANAGER_AGREEMENT in offered,
        **_gathering(authority_id=authority_id, now=now, officer_id=officer_id),
    }
    return render(request, "dashboard/index.html", context)


def _gathering(*, authority_id: int, now: Any, officer_id: int | None) -> dict[str, Any]:
    """Requests for information sent in the portal (issue 22): now, and the last 90 days."""
    from requests.gathering import figures as gathering

    rows = gathering.ninety_day_figures(authority_id=authority_id, now=now, officer_id=officer_id)
    for row in rows:
        if row.median_seconds is not None:
            row.median = format_duration(row.median_seconds)
    return {
        "gathering_now": gathering.now_figures(
            authority_id=authority_id, now=now, officer_id=officer_id
        ),
        "gathering_rows": rows,
    }


@never_cache
@role_required(Role.MANAGER, Role.OFFICER)
def export(request: AuthenticatedHttpRequest) -> HttpResponse | StreamingHttpResponse:
    authority_id, officer_id = _scope(request.user)
    aim = response_aim_for(authority=authority_id)
    if aim is None:
        return _no_aim(request)
    form = PeriodForm(request.GET or None)
    period = form.get_period(now=timezone.now())
    lines = dashboard_export(
        user=request.user,
        authority_id=authority_id,
        period=period,
        officer_id=officer_id,
        request=request,
        response=aim.delta,
    )
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    filename = f"dashboard-{period.first.isoformat()}-to-{period.last.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _no_aim(request: HttpRequest) -> HttpResponse:
    """No response aim for the authority: nothing is measured, and the page says so."""
    user: Any = request.user
    return render(request, "dashboard/no_aim.html", {"authority_name": user.authority.name})
