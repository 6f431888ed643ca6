"""Query budgets of the slowest staff pages under load (issue 23 item 3): the officer's contact
record, the manager's decision review and agreeing it. The number of queries does not grow with
the family's size (children, people), the professionals contacted, letters or timeline events."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contacts import selectors as directory
from requests.triage import services
from requests.triage.models import Outcome
from tests.factories import ChildFactory
from tests.letters.conftest import queued  # noqa: F401 - the fixture, letters kept off Redis
from tests.letters.factories import PersonFactory, confirm
from tests.triage.factories import consented_contact

pytestmark = pytest.mark.django_db


def family_contact(people: Any, *, children: int, adults: int) -> tuple[Any, Any]:
    """A consented contact with ``children`` + 1 children, ``adults`` people with PR confirmed
    for every child, as many professionals contacted, and a decision awaiting the manager."""
    contact = consented_contact(by=people.alice, officer=people.olga)
    for _ in range(children):
        ChildFactory(contact=contact)
    for _ in range(adults):
        person = PersonFactory(contact=contact)
        confirm(people=people, contact=contact, person=person, holds="yes")
    for number in range(adults):
        services.professional_contacted_add(
            user=people.olga,
            contact=contact,
            contacted_at=timezone.now(),
            asked="Is the family known to you?",
            said="Known; attendance is poor.",
            name=f"Teacher {number}",
            agency="School A",
            email=f"teacher{number}@school.example.org",
        )
    decision = services.decision_propose(
        user=people.olga,
        contact=contact,
        outcome=Outcome.ADVICE,
        rationale="Worries are about housing; no safeguarding concern found.",
        next_steps="The family is given the housing advice line.",
        family_text="We will not be taking any further action.",
        referrer_text="Thank you for telling us.",
    )
    return contact, decision


def queries(client: Any, url: str, data: dict[str, str] | None = None) -> int:
    """The queries of one request, each made with the process's and the shared caches empty
    (the directory and procedures are cached for seconds: a warm cache would hide a read)."""
    directory._local.clear()
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, data) if data is not None else client.get(url)
    assert response.status_code == (302 if data is not None else 200)
    return len(captured)


def test_the_record_and_the_review_read_a_family_in_the_same_queries(
    people: Any,
    client_for: Any,
    queued: Any,  # noqa: F811
) -> None:
    olga, mike = client_for(people.olga), client_for(people.mike)
    counts: dict[str, list[int]] = {"record": [], "review": [], "decided": []}
    for size in (1, 4):
        contact, decision = family_contact(people, children=size, adults=size + 1)
        record = reverse("triage:record", args=[contact.pk])
        review = reverse("triage:decision_review", args=[decision.pk])
        counts["record"].append(queries(olga, record))
        counts["review"].append(queries(mike, review))
        # The decided record shows the letters, each letter's timeline line and the hand-off.
        mike.post(review, {"answer": "agree"})
        counts["decided"].append(queries(olga, record))
    assert counts["record"][0] == counts["record"][1] <= 39, counts
    assert counts["review"][0] == counts["review"][1] <= 26, counts
    assert counts["decided"][0] == counts["decided"][1] <= 36, counts


def test_agreeing_reads_the_family_in_the_same_queries_whatever_the_number_of_children(
    people: Any,
    client_for: Any,
    queued: Any,  # noqa: F811
) -> None:
    # Each letter is its own row (and audit line): the same two parents, more children.
    mike = client_for(people.mike)
    counts = []
    for size in (1, 4):
        _, decision = family_contact(people, children=size, adults=2)
        counts.append(
            queries(
                mike, reverse("triage:decision_review", args=[decision.pk]), {"answer": "agree"}
            )
        )
    assert counts[0] == counts[1], counts
