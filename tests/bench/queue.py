"""Benchmark: the triage queue page at 1,000 contacts and at N contacts (about 0.5% open).

Run (PostgreSQL; the database is emptied of contacts and reseeded, so use a bench database):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_triage \\
        .venv/bin/python tests/bench/queue.py --contacts 1000000

Seeds with COPY (contacts and one child each), then opens queue entries for the open ones and
times GET /triage/ as a signed-in officer: p50 over the runs, and the number of SQL queries.
Targets (issue 8): at N the p50 is at most 1.5 times the p50 at 1,000, and the query count is
the same as at 1,000 and at most 10. The last line printed is one JSON object.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named queue.py (as the issue asks): take its folder off the import path before
# anything imports the standard library's ``queue``.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "referral_portal.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("EMAIL_URL", "locmem://")
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import JSONField  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from referral_portal.accounts.models import Agency, AgencyType, Authority, Role, User  # noqa: E402
from requests.models import Child, Contact, ContactStatus  # noqa: E402
from requests.triage.models import QueueEntry, Triage  # noqa: E402
from requests.triage.rules import is_urgent  # noqa: E402
from requests.triage.states import TriageState  # noqa: E402

OPEN_SHARE = 0.005
RUNS = 60
TARGETS = {"p50_ratio_max": 1.5, "queries_max": 10}


def _insert_series(model: Any, first: int, last: int, expressions: dict[str, str]) -> None:
    """INSERT ... SELECT over generate_series(first, last) AS i, all on the server (fast).

    ``expressions`` gives SQL for some columns (in terms of ``i``); every other column gets its
    field's Python default as a parameter, so fields another issue adds are filled too.
    """
    columns, selects, params = [], [], []
    for field in model._meta.concrete_fields:
        columns.append(connection.ops.quote_name(field.column))
        if field.attname in expressions:
            selects.append(expressions[field.attname].replace("%", "%%"))  # not a parameter
            continue
        value = field.get_default()
        if isinstance(field, JSONField):
            value = json.dumps(value)
        selects.append("%s")
        params.append(value)
    # Table and column names are our own models'; values are parameters.
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {', '.join(selects)} FROM generate_series(%s, %s) AS i"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, first, last])
        table = model._meta.db_table
        setval = f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608
        cursor.execute(setval, [table])


def child_first(i: int) -> str:
    return f"Child{i % 997}"


def child_last(i: int) -> str:
    return f"Example{i % 991}"


def empty() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE requests_contact, requests_child, triage_queueentry, triage_triage "
            "RESTART IDENTITY CASCADE"
        )


def seed(n: int, *, code: str, first_id: int) -> tuple[User, float]:
    """N contacts in authority ``code``, about 0.5% open; an officer and the seconds taken."""
    start = time.perf_counter()
    authority, _ = Authority.objects.get_or_create(
        slug=f"bench-{code.lower()}",
        defaults={
            "name": f"Bench Council {code}",
            "code": code,
            "front_door_name": "Bench Front Door",
            "front_door_short_name": "BFD",
        },
    )
    types = [t.value for t in AgencyType]
    agencies = [
        Agency.objects.get_or_create(
            authority=authority, name=f"Bench agency {i}", defaults={"agency_type": types[i % 11]}
        )[0]
        for i in range(20)
    ]
    referrer, _ = User.objects.get_or_create(
        email=f"bench-referrer-{code.lower()}@bench.example.org",
        defaults={"full_name": "Bench Referrer", "role": Role.PRACTITIONER, "agency": agencies[0]},
    )
    officer, _ = User.objects.get_or_create(
        email=f"bench-officer-{code.lower()}@bench.example.org",
        defaults={
            "full_name": "Bench Officer",
            "role": Role.OFFICER,
            "authority": authority,
            "status": "active",
        },
    )
    every = int(1 / OPEN_SHARE)
    is_open = f"(i % {every} = 0)"
    # Open contacts were received in the last 30 hours; closed ones over the last four years.
    received = (
        f"CASE WHEN {is_open} THEN now() - ((i::bigint * 7919) % 1800) * interval '1 minute' "
        "ELSE now() - (1 + i % 1500) * interval '1 day' - (i % 1440) * interval '1 minute' END"
    )
    agency_ids = ",".join(str(a.pk) for a in agencies)
    _insert_series(
        Contact,
        first_id,
        first_id + n - 1,
        {
            "id": "i",
            "authority_id": str(authority.pk),
            "created_by_id": str(referrer.pk),
            "agency_id": f"(ARRAY[{agency_ids}])[i % {len(agencies)} + 1]",
            "status": f"CASE WHEN {is_open} THEN 'received' ELSE 'decided' END",
            "reference": f"'{code}-' || lpad(i::text, 8, '0')",
            "immediate_danger": f"({is_open} AND (i / {every}) % 20 = 0)",
            "created_at": received,
            "updated_at": received,
            "submitted_at": received,
            "due_at": f"({received}) + interval '24 hours'",
            "level_of_need": "1 + i % 4",
        },
    )
    _insert_series(
        Child,
        first_id,
        first_id + n - 1,
        {
            "id": "i",
            "contact_id": "i",
            "first_name": "'Child' || (i % 997)",
            "last_name": "'Example' || (i % 991)",
            "date_of_birth": "make_date(2012 + i % 12, 1 + i % 12, 1 + i % 28)",
        },
    )
    open_contacts = list(
        Contact.objects.filter(authority=authority, status=ContactStatus.RECEIVED).select_related(
            "agency"
        )
    )
    Triage.objects.bulk_create(
        [Triage(contact=c, state=TriageState.RECEIVED) for c in open_contacts], batch_size=5000
    )
    QueueEntry.objects.bulk_create(
        [
            QueueEntry(
                contact=c,
                authority=authority,
                urgent=is_urgent(
                    immediate_danger=c.immediate_danger, immediate_action_needed=False
                ),
                due_at=c.due_at,
                received_at=c.submitted_at,
                state=TriageState.RECEIVED,
                agency_type=c.agency.agency_type,
                level_of_need=getattr(c, "level_of_need", None),
                reference=c.reference or "",
                immediate_danger=c.immediate_danger,
                agency_name=c.agency.name,
                child_names=f"{child_first(c.pk)} {child_last(c.pk)}",
            )
            for c in open_contacts
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return officer, time.perf_counter() - start


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def signed_in(officer: User) -> Client:
    client = Client()
    client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    for _ in range(5):
        assert client.get("/triage/").status_code == 200
    return client


def count_queries(client: Client) -> int:
    """SQL statements of one page view (session and user included; BEGIN/COMMIT not counted)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/triage/")
    assert response.status_code == 200
    return sum(1 for q in captured.captured_queries if not q["sql"].startswith(TRANSACTION_CONTROL))


def p50(clients: list[Client]) -> list[float]:
    """Median milliseconds of GET /triage/ for each client, the clients taking turns."""
    timings: list[list[float]] = [[] for _ in clients]
    for _ in range(RUNS):
        for index, client in enumerate(clients):
            start = time.perf_counter()
            client.get("/triage/")
            timings[index].append((time.perf_counter() - start) * 1000)
    return [round(statistics.median(t), 2) for t in timings]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database for this benchmark")
    settings.TWO_FACTOR_ENFORCED = False
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    empty()
    # Phase 1: one authority with 1,000 contacts, alone in the tables.
    small_officer, small_seconds = seed(1000, code="BSM", first_id=1)
    small = signed_in(small_officer)
    small_queries = count_queries(small)
    (small_p50,) = p50([small])
    print(
        f"N={1000:>9,}: seeded in {small_seconds:6.1f} s, open "
        f"{QueueEntry.objects.count():,}, p50 {small_p50} ms, {small_queries} queries"
    )
    # Phase 2: another authority with N contacts. Its page is timed in turns with the small
    # one's again, so a busy machine slows both alike (the "control" figure).
    large_officer, large_seconds = seed(args.contacts, code="BLG", first_id=1001)
    large = signed_in(large_officer)
    large_queries = count_queries(large)
    large_p50, control_p50 = p50([large, small])
    print(
        f"N={args.contacts:>9,}: seeded in {large_seconds:6.1f} s, open "
        f"{QueueEntry.objects.exclude(authority__code='BSM').count():,}, p50 {large_p50} ms, "
        f"{large_queries} queries (1,000-contact authority timed alongside: {control_p50} ms)"
    )
    ratio = round(large_p50 / small_p50, 3)
    control_ratio = round(large_p50 / control_p50, 3)
    meets = (
        ratio <= TARGETS["p50_ratio_max"]
        and large_queries == small_queries
        and large_queries <= TARGETS["queries_max"]
    )
    print(f"p50 ratio {ratio} (alongside: {control_ratio}); target at most 1.5")
    print(
        json.dumps(
            {
                "benchmark": "triage_queue_page",
                "contacts": args.contacts,
                "p50_ms_at_1000": small_p50,
                "p50_ms_at_n": large_p50,
                "p50_ms_at_1000_alongside": control_p50,
                "queries_at_1000": small_queries,
                "queries_at_n": large_queries,
                "p50_ratio": ratio,
                "p50_ratio_alongside": control_ratio,
                "targets": TARGETS,
                "meets": meets,
            }
        )
    )


if __name__ == "__main__":
    main()
