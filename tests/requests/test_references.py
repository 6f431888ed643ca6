"""References: authority code, London year, a gapless sequence, unique under concurrency."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, transaction

from requests.models import Contact, ContactStatus
from requests.references import reference_format, reference_next, reference_year
from requests.services import contact_submit
from tests.requests.factories import CompleteDraftFactory


@pytest.mark.parametrize(
    ("at", "year"),
    [
        (dt.datetime(2026, 12, 31, 23, 59, tzinfo=dt.UTC), 2026),
        (dt.datetime(2027, 1, 1, 0, 0, tzinfo=dt.UTC), 2027),
        (dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5))), 2027),
    ],
)
def test_the_year_is_the_year_in_london(at, year):
    assert reference_year(at) == year


def test_references_are_padded_to_six_digits():
    assert reference_format(code="BHM", year=2026, number=123) == "BHM-2026-000123"


@pytest.mark.django_db
def test_each_authority_and_year_counts_from_one(people):
    at = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    with transaction.atomic():
        got = [
            reference_next(authority=people.home, at=at),
            reference_next(authority=people.home, at=at),
            reference_next(authority=people.away, at=at),
            reference_next(authority=people.home, at=at.replace(year=2027)),
        ]
    assert got == ["HOM-2026-000001", "HOM-2026-000002", "AWY-2026-000001", "HOM-2027-000001"]


@pytest.mark.django_db
def test_a_rolled_back_submission_gives_its_number_back(people):
    at = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    with pytest.raises(RuntimeError), transaction.atomic():
        reference_next(authority=people.home, at=at)
        raise RuntimeError("the submission failed")
    with transaction.atomic():
        assert reference_next(authority=people.home, at=at) == "HOM-2026-000001"


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_unique_gapless_references(people, in_process):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    drafts = [CompleteDraftFactory(created_by=people.alice) for _ in range(12)]
    barrier = threading.Barrier(len(drafts))
    errors: list[BaseException] = []

    def submit(pk: int) -> None:
        try:
            barrier.wait()
            contact_submit(contact_id=pk, user=people.alice)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(d.pk,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    references = sorted(
        Contact.objects.filter(status=ContactStatus.RECEIVED).values_list("reference", flat=True)
    )
    year = reference_year(Contact.objects.first().submitted_at)
    assert references == [f"HOM-{year}-{n:06d}" for n in range(1, 13)]


def test_a_sent_request_is_in_the_front_doors_queue_at_once(people):
    """Submission puts the contact in its authority's triage queue in the same transaction."""
    from requests.services import contact_submit
    from requests.triage.models import QueueEntry
    from tests.requests.factories import CompleteDraftFactory

    draft = CompleteDraftFactory(created_by=people.alice)
    contact = contact_submit(contact_id=draft.pk, user=people.alice)
    entry = QueueEntry.objects.get(contact=contact)
    assert entry.authority_id == people.home.pk and entry.held_by is None
    assert entry.due_at == contact.due_at
