"""Reading information gathering: the record's requests, what is outstanding, the log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from referral_portal.accounts.models import AgencyDomain
from requests.gathering.models import (
    AnswerKind,
    GatheringDisclosure,
    GatheringRequest,
    GatheringStatus,
)
from requests.triage import selectors as triage_selectors
from requests.triage import services as triage_services
from requests.triage.models import Triage

BASIS_LABELS = {
    "consent": "The family's agreement",
    "override": "A duty manager's override",
}


def may_ask(*, contact: Any) -> bool:
    """Shown before anything is typed; the service checks again when the form is sent."""
    consent = Triage.objects.filter(contact=contact).values_list("consent_to_gather", flat=True)
    return triage_selectors.gathering_allowed(contact=contact, consent=consent.first() or "")


def deadline(contact: Any) -> dt.datetime | None:
    return triage_services.contact_deadline(contact)


def outstanding(*, contact_id: int) -> list[GatheringRequest]:
    """Requests still waiting for an answer: a decision cannot be proposed while any is."""
    return list(
        GatheringRequest.objects.filter(
            contact_id=contact_id, status=GatheringStatus.OPEN
        ).select_related("agency")
    )


@dataclass
class AnswerRow:
    question: str
    kind: str
    kind_label: str
    text: str


def requests_for_record(*, contact: Any) -> list[dict[str, Any]]:
    """Each request with its answers beside its questions, for the contact's record."""
    now = timezone.now()
    rows = []
    gatherings = (
        GatheringRequest.objects.filter(contact=contact)
        .select_related("agency", "sent_by", "closed_by")
        .prefetch_related("answers", "attachments")
    )
    for gathering in gatherings:
        answers = list(gathering.answers.all())
        latest = answers[-1] if answers else None
        by_question = {}
        if latest is not None:
            by_question = {entry["question"]: entry for entry in latest.answers}
        rows.append(
            {
                "request": gathering,
                "overdue": gathering.is_overdue(now),
                "questions": [
                    {
                        "text": question,
                        "answer": by_question.get(question),
                        "label": AnswerKind(by_question[question]["kind"]).label
                        if question in by_question
                        else "",
                    }
                    for question in gathering.questions
                ],
                "latest": latest,
                "earlier": [
                    {
                        "answer": earlier,
                        "entries": [
                            {**entry, "label": AnswerKind(entry["kind"]).label}
                            for entry in earlier.answers
                        ],
                    }
                    for earlier in answers[:-1]
                ],
                "files": [f for f in gathering.attachments.all() if f.answer_id is not None],
            }
        )
    return rows


def children_disclosed(gathering: GatheringRequest) -> list[dict[str, Any]]:
    """What the professional is shown to identify each child: name, date of birth, address."""
    return [
        {
            "name": f"{child.first_name} {child.last_name}",
            "date_of_birth": child.date_of_birth,
            "address": child.address,
        }
        for child in gathering.contact.children.all()
    ]


def masked(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}{'*' * max(len(local) - 1, 1)}@{domain}"


def verified_domains(agency_id: int) -> list[str]:
    return list(
        AgencyDomain.objects.filter(agency_id=agency_id, verified=True).values_list(
            "domain", flat=True
        )
    )


def disclosure_log(*, authority_id: int) -> QuerySet[GatheringDisclosure]:
    return (
        GatheringDisclosure.objects.filter(authority_id=authority_id)
        .select_related("request__contact")
        .order_by("-at", "-id")
    )


def csv_safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


def open_requests_for_agency(
    *, agency_id: int, email: str | None = None
) -> QuerySet[GatheringRequest]:
    queryset = GatheringRequest.objects.filter(agency_id=agency_id, status=GatheringStatus.OPEN)
    if email is not None:
        queryset = queryset.filter(recipient_email__iexact=email)
    return queryset.select_related("contact", "agency").order_by("reply_by", "id")


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
    from django.db.models import Count, Q

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
    import statistics

    from referral_portal.accounts.models import AgencyType

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
