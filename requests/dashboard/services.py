"""The dashboard's writes: the audited export, and rebuilding the daily rollups."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db import connection, transaction
from django.http import HttpRequest

from referral_portal import rows
from referral_portal.accounts.models import Agency, Authority, User
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record
from referral_portal.procedures.selectors import response_aim_for
from requests.dashboard import selectors
from requests.dashboard.models import ContactFigure, DailyFigure
from requests.dashboard.rules import (
    LONDON,
    RESPONSE_TIME,
    TREND_DAYS,
    Period,
    format_duration,
    london_midnight,
    london_today,
)
from requests.models import Contact, ContactStatus
from requests.triage.models import Decision, DecisionStatus, Triage

# One statement derives the figure rows of the contacts that ``{where}`` selects from the
# records (the contact, its agency, its agreed decision, its triage record) and writes them,
# inserting or replacing: the same on PostgreSQL and SQLite, safe to run any number of times.
# A row whose facts have not changed is left alone (no new row version, so the hourly safety
# net does not churn the table or its index). Table names come from the models; every value
# is a parameter. The decision counted is the contact's first (the final outcome of further
# enquiries is a second, later decision on a contact already decided). An extension is copied only if it was approved before the deadline it
# extended (``rules.extension_counts``): one approved after the time ran out does not make a
# late decision "within an approved extension".
_UPSERT_SQL = """
INSERT INTO {figure} (contact_id, authority_id, reference, received_at, agency_type, withdrawn,
                      withdrawn_overdue, decided_at, outcome, decided_by_id, extended_due_at)
SELECT c.id, c.authority_id, COALESCE(c.reference, ''), c.submitted_at, a.agency_type,
       c.status = %(withdrawn)s,
       COALESCE(c.status = %(withdrawn)s AND t.updated_at > c.due_at, FALSE),
       d.reviewed_at, COALESCE(d.outcome, ''), d.made_by_id,
       CASE WHEN t.extension_approved_at < t.extended_from THEN t.extended_due_at END
FROM {contact} c
JOIN {agency} a ON a.id = c.agency_id
LEFT JOIN {decision} d ON d.contact_id = c.id AND d.status = %(agreed)s
                       AND NOT d.after_enquiries
LEFT JOIN {triage} t ON t.contact_id = c.id
WHERE c.submitted_at IS NOT NULL AND c.status <> %(draft)s AND {where}
ON CONFLICT (contact_id) DO UPDATE SET
  authority_id = excluded.authority_id, reference = excluded.reference,
  received_at = excluded.received_at, agency_type = excluded.agency_type,
  withdrawn = excluded.withdrawn, withdrawn_overdue = excluded.withdrawn_overdue,
  decided_at = excluded.decided_at,
  outcome = excluded.outcome, decided_by_id = excluded.decided_by_id,
  extended_due_at = excluded.extended_due_at
WHERE ({figure}.authority_id, {figure}.reference, {figure}.received_at, {figure}.agency_type,
       {figure}.withdrawn, {figure}.withdrawn_overdue, {figure}.decided_at, {figure}.outcome, {figure}.decided_by_id,
       {figure}.extended_due_at)
  {distinct} (excluded.authority_id, excluded.reference, excluded.received_at,
       excluded.agency_type, excluded.withdrawn, excluded.withdrawn_overdue, excluded.decided_at, excluded.outcome,
       excluded.decided_by_id, excluded.extended_due_at)
"""


def _figures_statement(where: str, source: str | None = None) -> tuple[str, dict[str, Any]]:
    """The upsert for the contacts ``where`` selects, read from the contact table or
    ``source`` (a row set with the contact table's columns)."""
    sql = _UPSERT_SQL.format(
        figure=ContactFigure._meta.db_table,
        contact=source or Contact._meta.db_table,
        agency=Agency._meta.db_table,  # Contact.agency
        decision=Decision._meta.db_table,
        triage=Triage._meta.db_table,
        where=where,
        # Null-safe "differs": PostgreSQL's spelling, and SQLite's (which compares row values).
        distinct="IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT",
    )
    values = {
        "withdrawn": ContactStatus.WITHDRAWN,
        "agreed": DecisionStatus.AGREED,
        "draft": ContactStatus.DRAFT,
    }
    return sql, values


def _figures_upsert(where: str, params: dict[str, Any]) -> int:
    sql, values = _figures_statement(where)
    with connection.cursor() as cursor:
        cursor.execute(sql, {**values, **params})  # nosec B608
        return int(cursor.rowcount)


def contact_figure_refresh_of(updated: str) -> rows.Statement:
    """:func:`contact_figure_refresh` of the contact in the row set named ``updated``: a
    ``rows.ReadsUpdated``, so the submission's one statement refreshes the figure too
    (``referral_portal.rows.write``, decision 17)."""
    sql, values = _figures_statement("1 = 1", source=updated)
    return rows.Statement(sql=sql, params=values)


def contact_figure_refresh(*, contact_id: int) -> None:
    """Re-derive one contact's dashboard figure row from its records (nothing for a draft).

    Called by every service that changes a fact the figures count, inside its transaction, so
    the change is in the figures the moment it commits.
    """
    _figures_upsert("c.id = %(contact)s", {"contact": contact_id})


def contact_figures_rebuild(*, received_from: dt.datetime | None = None) -> int:
    """Re-derive the figure rows of every contact received since ``received_from`` (or all).

    Derived figures with no child's data, so no audit row. Returns how many rows it wrote.
    """
    if received_from is None:
        return _figures_upsert("1 = 1", {})
    return _figures_upsert("c.submitted_at >= %(since)s", {"since": received_from})


class _Echo:
    """A file-like object whose ``write`` returns the line, for streaming CSV."""

    def write(self, value: str) -> str:
        return value


def _when(value: dt.datetime | None) -> str:
    return value.astimezone(LONDON).strftime("%Y-%m-%d %H:%M") if value else ""


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def dashboard_export(
    *,
    user: User,
    authority_id: int,
    period: Period,
    officer_id: int | None = None,
    request: HttpRequest | None = None,
    response: dt.timedelta = RESPONSE_TIME,
) -> Iterator[str]:
    """CSV lines: the period's figures, then one line per contact (no child's name or details),
    against the authority's response aim ``response``.

    The export is audited before the first line is produced, with the period and whose figures.
    """
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        object_type="dashboard.period",
        object_id=f"{period.first.isoformat()}..{period.last.isoformat()}",
        authority_id=authority_id,
        request=request,
        changes={
            "from": period.first.isoformat(),
            "to": period.last.isoformat(),
            "officer": officer_id,
        },
    )
    figures = selectors.period_figures(
        authority_id=authority_id, period=period, officer_id=officer_id, response=response
    )
    hours = int(response.total_seconds() // 3600)
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(["Figure", "Value", "Per cent"])
        yield writer.writerow(["From (Europe/London)", period.first.isoformat(), ""])
        yield writer.writerow(["To (Europe/London)", period.last.isoformat(), ""])
        yield writer.writerow(["Contacts received", figures.received, ""])
        yield writer.writerow(["Withdrawn", figures.withdrawn, ""])
        yield writer.writerow(
            [f"Decided within {hours} hours", figures.within_24h, _pct(figures.percent_within_24h)]
        )
        yield writer.writerow(
            [
                "Decided within an approved extension",
                figures.within_extension,
                _pct(figures.percent_within_extension),
            ]
        )
        yield writer.writerow(["Decided late", figures.late, _pct(figures.percent_late)])
        yield writer.writerow(["Not decided yet", figures.not_decided, ""])
        yield writer.writerow(
            ["Median time to decision", format_duration(figures.median_seconds), ""]
        )
        yield writer.writerow(
            ["90th percentile time to decision", format_duration(figures.p90_seconds), ""]
        )
        yield writer.writerow([])
        yield writer.writerow(
            [
                "Reference",
                "Referring agency type",
                "Received",
                "Decided",
                "Outcome",
                f"Within {hours} hours",
                "Within an approved extension",
            ]
        )
        for row in selectors.period_contacts_for_export(
            response=response, authority_id=authority_id, period=period, officer_id=officer_id
        ):
            decided = row.timeliness is not None
            yield writer.writerow(
                [
                    row.reference,
                    row.agency_type,
                    _when(row.received),
                    _when(row.decided) if decided else ("Withdrawn" if row.withdrawn else ""),
                    row.outcome,
                    ("yes" if row.timeliness == "within_24h" else "no") if decided else "",
                    ("yes" if row.timeliness == "within_extension" else "no") if decided else "",
                ]
            )

    return lines()


@transaction.atomic
def daily_figures_rebuild(*, now: dt.datetime, days: int = TREND_DAYS) -> int:
    """Rebuild the trend's rollups for every authority: each final day of the last ``days``.

    Derived figures with no child's data, so no audit row. Safe to run twice (it replaces the
    rows of the days it covers). Returns how many days it wrote.
    """
    last = selectors.final_day(now)
    first = london_today(now) - dt.timedelta(days=days - 1)
    # The safety net under the services: re-derive the figure rows of the trend's days first.
    contact_figures_rebuild(received_from=london_midnight(first))
    if last < first:
        return 0
    written = 0
    for authority_id in Authority.objects.values_list("pk", flat=True):
        DailyFigure.objects.filter(
            authority_id=authority_id, day__gte=first, day__lte=last
        ).delete()
        # Against the authority's response aim (its procedure row); none: nothing to roll up.
        aim = response_aim_for(authority=authority_id)
        if aim is None:
            continue
        figures = selectors.live_days(
            authority_id=authority_id, first=first, last=last, response=aim.delta
        )
        rows = []
        day = first
        while day <= last:
            counted, within = figures.get(day, (0, 0))
            rows.append(
                DailyFigure(
                    authority_id=authority_id,
                    day=day,
                    counted=counted,
                    within_24h=within,
                    built_at=now,
                )
            )
            day += dt.timedelta(days=1)
        DailyFigure.objects.bulk_create(rows, batch_size=1000)
        written += len(rows)
    return written
