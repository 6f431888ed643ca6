"""The dashboard's one action with a trace: exporting a period's figures and contacts (audited)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest

from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record
from requests.dashboard import selectors
from requests.dashboard.rules import LONDON, Period, format_duration


class _Echo:
    """A file-like object whose ``write`` returns the line, for streaming CSV."""

    def write(self, value: str) -> str:
        return value


def _when(value: Any) -> str:
    return value.astimezone(LONDON).strftime("%Y-%m-%d %H:%M") if value else ""


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def dashboard_export(
    *,
    user: Any,
    authority_id: int,
    period: Period,
    officer_id: int | None = None,
    request: HttpRequest | None = None,
) -> Iterator[str]:
    """CSV lines: the period's figures, then one line per contact (no child's name or details).

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
        authority_id=authority_id, period=period, officer_id=officer_id
    )
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(["Figure", "Value", "Per cent"])
        yield writer.writerow(["From (Europe/London)", period.first.isoformat(), ""])
        yield writer.writerow(["To (Europe/London)", period.last.isoformat(), ""])
        yield writer.writerow(["Contacts received", figures.received, ""])
        yield writer.writerow(["Withdrawn", figures.withdrawn, ""])
        yield writer.writerow(
            ["Decided within 24 hours", figures.within_24h, _pct(figures.percent_within_24h)]
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
                "Within 24 hours",
                "Within an approved extension",
            ]
        )
        for row in selectors.period_contacts_for_export(
            authority_id=authority_id, period=period, officer_id=officer_id
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
