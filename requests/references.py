"""Reference numbers of submitted requests: ``BHM-2026-000123``.

Authority code, the year in Europe/London, and a sequence per authority and year without
gaps. The counter row is locked (by its UPDATE) inside the submission's transaction: two
requests submitting at once queue on that row, and a submission that rolls back gives its
number back with it, so no number is skipped or given twice.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction

from referral_portal.accounts.models import Authority
from requests.models import ReferenceCounter

LONDON = ZoneInfo("Europe/London")


def reference_format(*, code: str, year: int, number: int) -> str:
    return f"{code}-{year}-{number:06d}"


def reference_year(at: dt.datetime) -> int:
    """The year of ``at`` on a clock in London: 00:30 on 1 January BST/GMT is the new year."""
    return at.astimezone(LONDON).year


def reference_next(*, authority: Authority, at: dt.datetime) -> str:
    """The next reference for ``authority``; call inside the submission's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("reference_next must run inside the submission's transaction")
    year = reference_year(at)
    number = _counter_increment(authority_id=authority.pk, year=year)
    if number is None:
        # The year's first reference: create the counter without a race (a conflicting insert
        # from another submission is ignored), then both increment the one row.
        ReferenceCounter.objects.bulk_create(
            [ReferenceCounter(authority=authority, year=year, last=0)], ignore_conflicts=True
        )
        number = _counter_increment(authority_id=authority.pk, year=year)
    if number is None:  # pragma: no cover - the row was created just above
        raise RuntimeError("the reference counter could not be created")
    return reference_format(code=authority.code, year=year, number=number)


def _counter_increment(*, authority_id: int, year: int) -> int | None:
    """Add one to the counter and read it back in one statement; None if there is no row.

    The UPDATE locks the row until the transaction ends: a concurrent submission waits on it
    and then increments the number this one committed (or the same one, if this rolled back).
    One statement instead of SELECT ... FOR UPDATE and a save: the lock is held no longer.
    """
    with transaction.get_connection().cursor() as cursor:
        cursor.execute(
            'UPDATE "requests_referencecounter" SET "last" = "last" + 1'
            ' WHERE "authority_id" = %s AND "year" = %s RETURNING "last"',
            [authority_id, year],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None
