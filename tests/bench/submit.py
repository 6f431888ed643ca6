"""Benchmark: full Request for Support submissions through the real view stack, on PostgreSQL.

Run:  .venv/bin/python tests/bench/submit.py [--submissions 300] [--bare 1200] [--rounds 10]
                                             [--redis redis://127.0.0.1:6379/3 | --in-process]
      (DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/h_rfs_bench; a
      ``test_``-prefixed database is created and migrated once, then kept.)

A "full submission" is the POST of "Check your answers" ("Accept and send") for a complete
draft, through Django's whole stack: middleware (sessions, CSRF, authentication, two-factor,
CSP, axes), URL routing, the view and the submission transaction (row lock, reference
counter, possible matches, the front door's queue entry and its dashboard figure, the audit
row), up to the 302 to the confirmation page. What happens after the commit depends on the
mode, as in the web process:

- default, production (PostgreSQL and Redis; ``--redis``, default db 3 of the local Redis):
  the request only commits (the acknowledgement is one more row of its one statement); the
  email outbox's sweep, run by beat every 5 seconds in the worker, hands it to Redis. That hand-over is timed separately and printed for information
  (per submission, in the worker, not in the ratio); the queue is purged at the end (no
  worker runs here). The target is for this configuration.
- ``--in-process`` (no broker, as on a first run): the acknowledgement is sent in the request
  after the commit: claim, the email built and sent (to memory, not SMTP), marked sent with
  its audit row.
  For information: an SMTP server would add its own round trips here.

The drafts are prepared beforehand (untimed). The baseline is a bare Django view that inserts
one row, called through the same stack. Both run in one process, one request after another,
in interleaved rounds (a block of baseline requests, then a block of submissions) so that a
change in the machine's load moves both alike. Target: ratio >= 0.5. For information: the
confirmation page the 302 leads to (a GET per submission, not in the ratio) and the time to
walk all 16 pages of the form.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import types
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
# Python puts this folder first on the path; a sibling script named like a standard module
# (queue.py) would shadow it, so the folder is dropped and the project root used instead.
sys.path = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/h_rfs_bench")
os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 60)
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("EMAIL_URL", "locmem://")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
_early = argparse.ArgumentParser(add_help=False)
_early.add_argument("--redis", default="redis://127.0.0.1:6379/3")
_early.add_argument("--in-process", action="store_true")
_mode = _early.parse_known_args()[0]
if not _mode.in_process:
    # As in production: a broker configured; the request itself publishes nothing (the
    # acknowledgement goes through the outbox).
    os.environ["REDIS_URL"] = _mode.redis
else:
    os.environ.pop("REDIS_URL", None)  # tasks in-process after commit, as on a first run
os.environ["DJANGO_SETTINGS_MODULE"] = "referral_portal.settings"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402

TARGET = 0.5


def bare_insert(request: HttpRequest) -> HttpResponse:
    """The baseline: one row inserted, nothing else."""
    from referral_portal.audit.models import AuditEvent

    AuditEvent.objects.create(action="create", object_type="bench", object_id="1")
    return HttpResponse("ok")


urlconf = types.ModuleType("bench_urls")
urlconf.urlpatterns = [  # type: ignore[attr-defined]
    path("bench/bare/", bare_insert),
    path("", include("referral_portal.urls")),
]
sys.modules["bench_urls"] = urlconf


def setup() -> tuple[object, object]:
    from referral_portal.accounts.models import Agency, AgencyType, Authority, Role, User

    connection.creation.create_test_db(verbosity=0, keepdb=True)
    authority, _ = Authority.objects.get_or_create(
        slug="bench",
        defaults={
            "name": "Bench Council",
            "code": "BEN",
            "front_door_name": "Bench Front Door",
            "front_door_short_name": "Front Door",
        },
    )
    agency, _ = Agency.objects.get_or_create(
        authority=authority, name="Bench School", defaults={"agency_type": AgencyType.SCHOOL}
    )
    user = User.objects.filter(email="bench@bench.example.org").first()
    if user is None:
        user = User.objects.create_user(
            "bench@bench.example.org",
            None,
            full_name="Bench Practitioner",
            role=Role.PRACTITIONER,
            agency=agency,
            status="active",
        )
    return user, authority


def complete_draft(user: object) -> int:
    """A complete draft about a child with a name of its own (no mass of possible matches)."""
    import datetime as dt
    import secrets

    from requests.models import Child, DeclaredPR, Person
    from tests.requests.factories import CompleteDraftFactory

    draft = CompleteDraftFactory(created_by=user, family=False)
    first, last = "Bench" + secrets.token_hex(4), "Child" + secrets.token_hex(4)
    child = Child.objects.create(
        contact=draft,
        first_name=first,
        last_name=last,
        date_of_birth=dt.date(2016, 5, 4),
        match_key=f"{first.lower()}|{last.lower()}|2016-05-04",
    )
    person = Person.objects.create(
        contact=draft,
        full_name="Bench Parent",
        relationship="Mother",
        parental_responsibility="yes",
    )
    # Declared for the child, as the person page asks: the draft is complete.
    DeclaredPR.objects.create(person=person, child=child, parental_responsibility="yes")
    return draft.pk


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--submissions", type=int, default=300)
    parser.add_argument("--bare", type=int, default=1200)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--walks", type=int, default=10)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/3", help="production's broker")
    parser.add_argument("--in-process", action="store_true", help="no broker, as a first run")
    args = parser.parse_args()
    if args.in_process:
        args.redis = ""

    # Plain static storage: the benchmark does not run collectstatic for the hashed manifest.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(ROOT_URLCONF="bench_urls", STORAGES=storages):
        user, _ = setup()
        # As a browser: the CSRF check enforced, and "Accept and send" posted as the page's
        # form sends it (urlencoded, with the token the page carries).
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        first = complete_draft(user)
        page = client.get(f"/requests-for-support/{first}/check/").content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urlencode({"csrfmiddlewaretoken": token, "declaration": "on"})

        def send(pk: int) -> HttpResponse:
            return client.post(
                f"/requests-for-support/{pk}/check/",
                body,
                content_type="application/x-www-form-urlencoded",
            )

        for _ in range(20):  # warm up both paths
            client.get("/bench/bare/")
        assert send(first).status_code == 302

        drafts = [complete_draft(user) for _ in range(args.submissions)]
        with connection.cursor() as cursor:
            # Fresh statistics, as autovacuum keeps them in production (it is off on our
            # bench machines): the prepared plans are made from them.
            cursor.execute("ANALYZE")
        bare_seconds = submit_seconds = 0.0
        bare_per_round = args.bare // args.rounds
        per_round = args.submissions // args.rounds
        for number in range(args.rounds):
            started = time.perf_counter()
            for _ in range(bare_per_round):
                assert client.get("/bench/bare/").status_code == 200
            bare_seconds += time.perf_counter() - started
            started = time.perf_counter()
            for pk in drafts[number * per_round : (number + 1) * per_round]:
                response = send(pk)
                assert response.status_code == 302, response.content[:500]
            submit_seconds += time.perf_counter() - started
        bare_rate = bare_per_round * args.rounds / bare_seconds
        submit_rate = per_round * args.rounds / submit_seconds
        drafts = drafts[: per_round * args.rounds]

        handover_ms = None
        if args.redis:
            from referral_portal.outbox.services import outbox_sweep

            started = time.perf_counter()
            handed = outbox_sweep(limit=len(drafts))
            handover_ms = (time.perf_counter() - started) * 1000 / max(handed, 1)

        started = time.perf_counter()
        for pk in drafts:
            response = client.get(f"/requests-for-support/{pk}/sent/")
            assert response.status_code == 200
        confirmation_rate = len(drafts) / (time.perf_counter() - started)

        from tests.requests.helpers import fill_everything

        walker = Client()  # the form's helper posts without the CSRF token
        walker.force_login(user)
        started = time.perf_counter()
        for _ in range(args.walks):
            response = walker.post("/requests-for-support/start/", {"immediate_danger": "no"})
            pk = int(response.url.rstrip("/").split("/")[-1])
            fill_everything(walker, pk)
            walker.get(f"/requests-for-support/{pk}/check/")
            assert send(pk).status_code == 302
        walk_rate = args.walks / (time.perf_counter() - started)

    if args.redis:
        from referral_portal.celery import app

        app.control.purge()
    ratio = submit_rate / bare_rate
    mode = "handed to Redis by the outbox" if args.redis else "run in-process after commit"
    print(f"database: {settings.DATABASES['default']['NAME']} ({connection.vendor})")
    print(f"acknowledgement task: {mode}")
    print(f"bare one-row insert view:       {bare_rate:8.1f} requests/s ({args.bare})")
    print(f"full submissions (check+send):  {submit_rate:8.1f} submissions/s ({args.submissions})")
    print(f"ratio:                          {ratio:8.2f} (target >= {TARGET})")
    if handover_ms is not None:
        print(
            f"outbox hand-over to Redis:      {handover_ms:8.2f} ms per submission (worker, info)"
        )
    print(f"confirmation page (the 302):    {confirmation_rate:8.1f} pages/s (info)")
    print(f"whole form walked (16 requests): {walk_rate:7.2f} requests for support/s (info)")
    print(
        json.dumps(
            {
                "bench": "submit",
                "database": connection.vendor,
                "tasks": "redis" if args.redis else "in-process",
                "bare_insert_per_s": round(bare_rate, 1),
                "submissions_per_s": round(submit_rate, 1),
                "ratio": round(ratio, 3),
                "outbox_handover_ms": None if handover_ms is None else round(handover_ms, 2),
                "confirmation_pages_per_s": round(confirmation_rate, 1),
                "whole_form_walks_per_s": round(walk_rate, 2),
                "target_ratio": TARGET,
                "meets": ratio >= TARGET,
            }
        )
    )


if __name__ == "__main__":
    main()
