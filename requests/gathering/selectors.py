"""Reading information gathering: the record's requests, what is outstanding, the log."""

from __future__ import annotations

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
from requests.models import Contact

BASIS_LABELS = {
    "consent": "The family's agreement",
    "override": "A duty manager's override",
}


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


def requests_for_record(*, contact: Contact) -> list[dict[str, Any]]:
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
