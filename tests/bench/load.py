"""Load benchmark: the whole deployed stack under many people at once (issue 23).

Run (PostgreSQL on 127.0.0.1; Locust in its own virtualenv, ``make load-deps``):
    .venv/bin/python tests/bench/load.py [--users 50,100,200] [--seconds 180] [--reuse]
    .venv/bin/python tests/bench/load.py --scale 2 --reuse     # two web + two workers, nginx
    .venv/bin/python tests/bench/load.py --quick               # 10,20 users, 40 s, small seed

It starts the stack itself, on loopback addresses only, and stops it at the end:
- its own ``redis-server`` (append-only, ``noeviction``, as the compose file) on a free port;
- nginx in front, as deployed, built from ``deploy/nginx.conf`` (the compose file's proxy)
  with its upstream listing the web instances and its per-address limits left out (every
  virtual user comes from 127.0.0.1); ``--no-proxy`` sends the clients straight to gunicorn;
- ``--scale`` N gunicorn instances with the worker class and count the README and the compose
  file recommend (``gthread``, 3 workers, 4 threads, ``--timeout 60``), N Celery workers
  (``--concurrency=2``) and ONE beat, sharing PostgreSQL and Redis;
- an aiosmtpd sink in this process, which keeps every message's Message-ID.

Seeding (skipped with ``--reuse`` when the database already holds the same seed): the demo's
two authorities (Birmingham and Worcestershire, with their procedures, directory and levels of
need), hundreds of partner agencies with verified domains and thousands of practitioners,
officers and duty managers with authenticators (TOTP keys derived from their email, so the
journeys compute their codes), 100,000 past decided contacts over three years (children,
triage rows, agreed decisions; ``INSERT ... SELECT``), their dashboard figure rows, and a few
hundred open contacts sent through the real submission service so officers have work at once.

Then, for each user count in ``--users``: Locust (``tests/bench/load_journeys.py``, weighted
journeys by real signed-in people; see its docstring) ramps up (``--spawn-rate``), the figures
are reset, and it runs for ``--seconds``; then the outbox is drained and the data checked:
every request sent in the stage has one reference, one triage row, one queue entry while
open (none once decided) and one acknowledgement, delivered once; no contact was taken by two
officers (the journeys' log and the audit trail); no outcome letter was emailed twice.
Printed: p50/p95/p99 per page kind, throughput and errors per stage, the checks, and as the
last line one JSON object with the figures, the targets and ``"meets"``. Targets (2-core
machine, load generator included): at 100 users 0 server errors, 0 lost or duplicated
records, page p95 <= 800 ms; the user count where p95 first crosses 800 ms is reported.
Every stage is bounded (``--seconds`` plus the ramp and a drain of at most 90 s).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from collections import Counter  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent.parent
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
LOAD_VENV = ROOT / ".venv-load"
SEED_VERSION = 2
PASSWORD = "load-bench-password-2026"  # noqa: S105  # nosec B105
TARGET_USERS = 100
TARGET_P95_MS = 800.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", default="50,100,200", help="user counts, one stage each")
    parser.add_argument("--seconds", type=float, default=180.0, help="measured seconds a stage")
    parser.add_argument("--spawn-rate", type=float, default=5.0, help="users started a second")
    parser.add_argument("--scale", type=int, default=1, help="web instances and workers")
    parser.add_argument("--practitioners", type=int, default=3000)
    parser.add_argument("--agencies", type=int, default=600)
    parser.add_argument("--contacts", type=int, default=100_000, help="past contacts seeded")
    parser.add_argument("--open", type=int, default=200, help="open contacts seeded")
    parser.add_argument("--reuse", action="store_true", help="keep the seeded database")
    parser.add_argument("--quick", action="store_true", help="10,20 users, 40 s, small seed")
    parser.add_argument("--wait", default="2,6", help="think time between pages, min,max s")
    parser.add_argument("--no-proxy", action="store_true", help="clients straight to gunicorn")
    parser.add_argument("--seed-only", action="store_true", help="seed (or check the seed), stop")
    parser.add_argument("--serve", type=float, default=0, help="only start the stack for N s")
    args = parser.parse_args()
    if args.quick:
        args.users, args.seconds, args.spawn_rate = "10,20", min(args.seconds, 40.0), 4.0
        args.practitioners, args.agencies, args.contacts, args.open = 200, 40, 5000, 40
    args.user_counts = [int(n) for n in args.users.split(",") if n.strip()]
    return args


ARGS = parse_args()
REDIS_PORT = free_port()
SMTP_PORT = free_port()
_default_db = "h23_load_quick" if ARGS.quick else "h23_load"
ENV = {
    "DJANGO_SETTINGS_MODULE": "referral_portal.settings",
    "DATABASE_URL": os.environ.get("LOAD_DATABASE_URL")
    or f"postgres://postgres@127.0.0.1:5432/{_default_db}",
    "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
    "EMAIL_URL": f"smtp://127.0.0.1:{SMTP_PORT}",
    "DEBUG": "0",
    "SECRET_KEY": "load-bench-" + "x" * 60,
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "SECURE_HSTS_SECONDS": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "PORTAL_BASE_URL": "http://127.0.0.1",
    # Behind nginx the client is the proxy's X-Forwarded-For; the proxy is on loopback.
    "TRUSTED_PROXIES": "127.0.0.1",
    "STATIC_ROOT": str(ROOT / "var" / "load-static"),
    "LOG_LEVEL": "WARNING",
    # A temporary SMTP failure is tried again after 2 s (not 15): the checks wait for it.
    "OUTBOX_RETRY_SECONDS": "2",
}
os.environ.update(ENV)


def ensure_database(url: str, *, fresh: bool = False) -> None:
    import psycopg2

    name = url.rsplit("/", 1)[1]
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        if fresh:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


ensure_database(ENV["DATABASE_URL"])

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from referral_portal.accounts.models import (  # noqa: E402
    Agency,
    AgencyDomain,
    AgencyType,
    Authority,
    Role,
    User,
    UserStatus,
)
from tests.bench.load_forms import EARLY_HELP, PAGES, child, level, person  # noqa: E402

AREAS = ("birmingham", "worcestershire")


# --- seeding -----------------------------------------------------------------------------------


def totp_key(email: str) -> str:
    """The authenticator's key (hex, 20 bytes), derived from the email: the journeys compute it."""
    return hashlib.sha1(f"load-bench:{email}".encode()).hexdigest()  # noqa: S324  # nosec B324


def fill_defaults(table: str, given: dict[str, str]) -> tuple[str, str]:
    """Columns and SELECT expressions: ``given`` plus a neutral value for every other NOT NULL
    column without a default (columns other issues add keep the seeding working)."""
    with connection.cursor() as cur:
        cur.execute(
            """SELECT column_name, data_type FROM information_schema.columns
               WHERE table_name = %s AND is_nullable = 'NO' AND column_default IS NULL
                 AND is_identity = 'NO'""",
            [table],
        )
        required = cur.fetchall()
    neutral = {
        "text": "''",
        "character varying": "''",
        "jsonb": "'{}'::jsonb",
        "boolean": "false",
        "integer": "0",
        "smallint": "0",
        "bigint": "0",
        "timestamp with time zone": "now()",
        "date": "current_date",
        "uuid": "gen_random_uuid()",
    }
    values = dict(given)
    for column, data_type in required:
        if column not in values:
            values[column] = neutral.get(data_type, "''")
    return ", ".join(f'"{c}"' for c in values), ", ".join(values.values())


def seed_marker() -> dict | None:
    with connection.cursor() as cur:
        cur.execute("SELECT to_regclass('load_bench_seed') IS NOT NULL")
        if not cur.fetchone()[0]:
            return None
        cur.execute("SELECT spec FROM load_bench_seed")
        row = cur.fetchone()
        return json.loads(row[0]) if row else None


def seed_spec() -> dict:
    return {
        "version": SEED_VERSION,
        "practitioners": ARGS.practitioners,
        "agencies": ARGS.agencies,
        "contacts": ARGS.contacts,
    }


def seed_people() -> None:
    """Agencies with verified domains, practitioners, officers, managers (bulk)."""
    hashed = make_password(PASSWORD)
    now = timezone.now()
    types = [t for t in AgencyType.values if t != AgencyType.LOCAL_AUTHORITY] or AgencyType.values
    per_area_agencies = ARGS.agencies // 2
    per_area_practitioners = ARGS.practitioners // 2
    staff = {
        "officer": max(ARGS.practitioners // 50, 10),
        "manager": max(ARGS.practitioners // 150, 5),
    }
    for slug in AREAS:
        authority = Authority.objects.get(slug=slug)
        agencies = Agency.objects.bulk_create(
            [
                Agency(
                    authority=authority, name=f"Load agency {i}", agency_type=types[i % len(types)]
                )
                for i in range(per_area_agencies)
            ]
        )
        AgencyDomain.objects.bulk_create(
            [
                AgencyDomain(agency=a, domain=f"a{i}.{slug}.load.example.org", verified=True)
                for i, a in enumerate(agencies)
            ]
        )
        users = [
            User(
                email=f"p{j}@a{j % per_area_agencies}.{slug}.load.example.org",
                full_name=f"Load Practitioner {j}",
                role=Role.PRACTITIONER,
                agency=agencies[j % per_area_agencies],
                authority=authority,
                status=UserStatus.ACTIVE,
                email_confirmed_at=now,
                job_title="Teacher",
                password=hashed,
            )
            for j in range(per_area_practitioners)
        ]
        for role, count in staff.items():
            users += [
                User(
                    email=f"{role}{j}@{slug}.load.example.org",
                    full_name=f"Load {role.title()} {j}",
                    role=role,
                    authority=authority,
                    status=UserStatus.ACTIVE,
                    email_confirmed_at=now,
                    job_title=role.title(),
                    password=hashed,
                )
                for j in range(count)
            ]
        created = User.objects.bulk_create(users, batch_size=2000)
        TOTPDevice.objects.bulk_create(
            [
                TOTPDevice(user=u, name="Load authenticator", confirmed=True, key=totp_key(u.email))
                for u in created
                if u.role != Role.PRACTITIONER
            ]
        )


def seed_contacts(n: int) -> None:
    """N past contacts, decided, over three years, in both authorities (server-side SQL)."""
    a1, a2 = (Authority.objects.get(slug=s).pk for s in AREAS)

    def ids(sql: str, params: list[object]) -> str:
        with connection.cursor() as cur:
            cur.execute(sql, params)
            rows = [str(r[0]) for r in cur.fetchall()]
        return "ARRAY[" + ",".join(rows) + "]::bigint[]", len(rows)

    def pool(role: str, authority: int) -> tuple[str, int]:
        return ids(
            "SELECT id FROM accounts_user WHERE authority_id=%s AND role=%s AND email LIKE %s "
            "ORDER BY id",
            [authority, role, "%load.example.org"],
        )

    (pr1, npr1), (pr2, npr2) = pool("practitioner", a1), pool("practitioner", a2)
    (of1, nof1), (of2, nof2) = pool("officer", a1), pool("officer", a2)
    (mg1, nmg1), (mg2, nmg2) = pool("manager", a1), pool("manager", a2)
    outcomes = "ARRAY['advice','nfa','mash','single_assessment','s47','early_help']"
    with connection.cursor() as cur:
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM requests_contact")
        base = cur.fetchone()[0] + 1000
        cur.execute("DROP TABLE IF EXISTS load_bench_g")
        cur.execute(
            f"""CREATE UNLOGGED TABLE load_bench_g AS
            SELECT g + {base} AS id, g,
                   now() - interval '1095 days' * (1 - g::float8 / {n}) - interval '2 days'
                         - interval '1 minute' * (g % 37) AS received,
                   (g % 3 = 0) AS second,
                   (600 + (g * 7919) % (20 * 3600)) AS secs
            FROM generate_series(1, {n}) g"""  # noqa: S608
        )
        area = f"CASE WHEN second THEN {a2} ELSE {a1} END"

        def pick(one: str, n1: int, two: str, n2: int) -> str:
            return f"CASE WHEN second THEN ({two})[1 + g % {n2}] ELSE ({one})[1 + g % {n1}] END"

        practitioner = pick(pr1, npr1, pr2, npr2)
        columns, values = fill_defaults(
            "requests_contact",
            {
                "id": "id",
                "authority_id": area,
                "agency_id": f"(SELECT agency_id FROM accounts_user WHERE id = {practitioner})",  # noqa: S608
                "created_by_id": practitioner,
                "status": "'decided'",
                "reference": "'PAST-' || lpad(g::text, 7, '0')",
                "immediate_danger": "(g % 97 = 0)",
                "created_at": "received - interval '30 minutes'",
                "updated_at": "received + secs * interval '1 second'",
                "submitted_at": "received",
                "due_at": "received + interval '24 hours'",
                "categories": "'[\"neglect\"]'::jsonb",
                "assessment_snapshot": "'{}'::jsonb",
                "pending_input": "'{}'::jsonb",
                "level_of_need": "1 + g % 4",
                "consent": "'given'",
            },
        )
        cur.execute(f"INSERT INTO requests_contact ({columns}) SELECT {values} FROM load_bench_g")  # noqa: S608
        columns, values = fill_defaults(
            "requests_child",
            {
                "contact_id": "id",
                "first_name": "'Past' || (g % 997)",
                "last_name": "'Example' || (g % 991)",
                "date_of_birth": "make_date(2008 + g % 16, 1 + g % 12, 1 + g % 28)",
                "match_key": "lower('past' || (g % 997) || '|example' || (g % 991) || '|' || "
                "make_date(2008 + g % 16, 1 + g % 12, 1 + g % 28))",
            },
        )
        cur.execute(f"INSERT INTO requests_child ({columns}) SELECT {values} FROM load_bench_g")  # noqa: S608
        columns, values = fill_defaults(
            "triage_triage",
            {
                "contact_id": "id",
                "state": "'decided'",
                "version": "3",
                "consent_to_gather": "'given'",
                "updated_at": "received + secs * interval '1 second'",
            },
        )
        cur.execute(f"INSERT INTO triage_triage ({columns}) SELECT {values} FROM load_bench_g")  # noqa: S608
        columns, values = fill_defaults(
            "triage_decision",
            {
                "contact_id": "id",
                "authority_id": area,
                "outcome": f"({outcomes})[1 + g % 6]",
                "status": "'agreed'",
                "made_by_id": pick(of1, nof1, of2, nof2),
                "made_at": "received + secs * interval '1 second' - interval '20 minutes'",
                "manager_id": pick(mg1, nmg1, mg2, nmg2),
                "reviewed_at": "received + secs * interval '1 second'",
                "rationale": "'Past decision (load bench).'",
            },
        )
        cur.execute(f"INSERT INTO triage_decision ({columns}) SELECT {values} FROM load_bench_g")  # noqa: S608
        cur.execute(
            "SELECT setval(pg_get_serial_sequence('requests_contact', 'id'), "
            "(SELECT MAX(id) FROM requests_contact))"
        )
        cur.execute("DROP TABLE load_bench_g")


def seed_open(n: int) -> None:
    """N open contacts sent through the real pages (and submission service) by practitioners."""
    practitioners = list(
        User.objects.filter(role=Role.PRACTITIONER, email__endswith="load.example.org").order_by(
            "id"
        )[: max(n, 1)]
    )
    client = Client(HTTP_HOST="localhost")
    for i in range(n):
        user = practitioners[i % len(practitioners)]
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        response = client.post("/requests-for-support/start/", {"immediate_danger": "no"})
        base = response["Location"]
        assert client.post(base + "children/add/", child()).status_code == 302
        from requests.models import Child

        kids = Child.objects.filter(contact_id=int(base.rstrip("/").rsplit("/", 1)[1]))
        posts = [
            (
                "people/add/",
                {**person(), **{f"parental_responsibility_{c.pk}": "yes" for c in kids}},
            )
        ]
        posts += [(f"{slug}/", answers) for slug, answers in PAGES.items()]
        posts.append(("level-of-need/", level(user.authority.slug)))
        for path, data in posts:
            got = client.post(base + path, data)
            assert got.status_code == 302, (path, got.status_code, got.content[:300])
            if "early-help" in got["Location"]:
                assert client.post(got["Location"], EARLY_HELP).status_code == 302
        sent = client.post(base + "check/", {"declaration": "on"})
        if sent.status_code != 302:
            import re

            summary = re.search(
                r'govuk-error-summary__list">(.*?)</ul>', sent.content.decode(), re.S
            )
            raise RuntimeError(f"seeding: a request was not sent: {summary and summary.group(1)}")


def seed() -> float:
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    spec = seed_spec()
    if ARGS.reuse and seed_marker() == spec:
        print(f"reusing the seeded database ({spec})", flush=True)
        return 0.0
    print(f"seeding {spec} into a new database ...", flush=True)
    connection.close()
    ensure_database(ENV["DATABASE_URL"], fresh=True)
    call_command("migrate", verbosity=0)
    from requests.demo import load_demo

    load_demo()
    with transaction.atomic():
        seed_people()
    print(f"  people: {time.monotonic() - started:.0f} s", flush=True)
    seed_contacts(ARGS.contacts)
    print(f"  {ARGS.contacts} past contacts: {time.monotonic() - started:.0f} s", flush=True)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    call_command("dashboard_rollups", "--contacts", verbosity=0)
    print(f"  dashboard figures: {time.monotonic() - started:.0f} s", flush=True)
    seed_open(ARGS.open)
    print(f"  {ARGS.open} open contacts: {time.monotonic() - started:.0f} s", flush=True)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
        cur.execute("CREATE TABLE IF NOT EXISTS load_bench_seed (spec text)")
        cur.execute("DELETE FROM load_bench_seed")
        cur.execute("INSERT INTO load_bench_seed VALUES (%s)", [json.dumps(spec)])
    took = time.monotonic() - started
    print(f"seeded in {took:.0f} s", flush=True)
    return took


def accounts_file(path: Path) -> None:
    accounts: dict[str, list[dict[str, str]]] = {"practitioner": [], "officer": [], "manager": []}
    rows = User.objects.filter(email__endswith="load.example.org").select_related("authority")
    for user in rows.order_by("id"):
        accounts[user.role].append(
            {
                "email": user.email,
                "password": PASSWORD,
                "authority": user.authority.slug,
                "totp": "" if user.role == Role.PRACTITIONER else totp_key(user.email),
            }
        )
    # Interleave the two authorities so any prefix has both.
    for role, pool in accounts.items():
        first = [a for a in pool if a["authority"] == AREAS[0]]
        second = [a for a in pool if a["authority"] == AREAS[1]]
        mixed = [a for pair in zip(first, second, strict=False) for a in pair]
        accounts[role] = mixed + first[len(second) :] + second[len(first) :]
    path.write_text(json.dumps(accounts))


# --- the stack ---------------------------------------------------------------------------------


class Sink:
    """An SMTP server that keeps the Message-ID of every message it accepts."""

    def __init__(self) -> None:
        self.message_ids: list[str] = []

    def start(self) -> None:
        from email import message_from_bytes, policy

        from aiosmtpd.controller import Controller

        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802
                message = message_from_bytes(envelope.original_content, policy=policy.default)
                sink.message_ids.append(str(message["Message-ID"]).strip())
                return "250 Message accepted for delivery"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=SMTP_PORT)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


class Stack:
    def __init__(self, tmp: Path, scale: int) -> None:
        self.tmp = tmp
        self.scale = scale
        self.procs: list[subprocess.Popen[bytes]] = []
        self.web_ports = [free_port() for _ in range(scale)]
        self.proxy_port = None if ARGS.no_proxy else free_port()

    @property
    def url(self) -> str:
        port = self.proxy_port or self.web_ports[0]
        return f"http://127.0.0.1:{port}"

    def _start(self, name: str, argv: list[str]) -> subprocess.Popen[bytes]:
        log = open(self.tmp / f"{name}.log", "wb")  # noqa: SIM115
        proc = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=dict(os.environ),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.procs.append(proc)
        return proc

    def redis_up(self) -> None:
        import redis

        self._start(
            "redis",
            [
                "redis-server",
                "--port",
                str(REDIS_PORT),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes",
                "--dir",
                str(self.tmp),
                "--maxmemory-policy",
                "noeviction",
            ],
        )
        wait_for(lambda: redis.Redis.from_url(ENV["REDIS_URL"]).ping(), "redis-server")

    def up(self) -> None:
        python = sys.executable
        for index, port in enumerate(self.web_ports):
            self._start(
                f"web{index}",
                [
                    python,
                    "-m",
                    "gunicorn",
                    "referral_portal.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--worker-class",
                    "gthread",
                    "--workers",
                    "3",
                    "--threads",
                    "4",
                    "--timeout",
                    "60",
                    "--limit-request-line",
                    "8190",
                ],
            )
        for index in range(self.scale):
            self._start(
                f"worker{index}",
                [
                    python,
                    "-m",
                    "celery",
                    "-A",
                    "referral_portal",
                    "worker",
                    "--loglevel=WARNING",
                    "--concurrency=2",
                    f"--hostname=load{index}@%h",
                ],
            )
        self._start(
            "beat",
            [
                python,
                "-m",
                "celery",
                "-A",
                "referral_portal",
                "beat",
                "--loglevel=WARNING",
                f"--schedule={self.tmp / 'beat-schedule'}",
            ],
        )
        if self.proxy_port:
            self._start("nginx", ["nginx", "-p", str(self.tmp), "-c", str(self.nginx_conf())])
        for port in self.web_ports:
            wait_for(
                lambda port=port: http_ok(f"http://127.0.0.1:{port}/accessibility/"), "gunicorn", 90
            )
        # Database, broker and the worker's heartbeat (beat's first tick) all well.
        wait_for(lambda: http_ok(self.url + "/healthz"), "the portal", 90)

    def nginx_conf(self) -> Path:
        """deploy/nginx.conf with its upstream on our instances and the per-address limits off
        (every virtual user comes from 127.0.0.1; in production they come from many)."""
        conf = (ROOT / "deploy" / "nginx.conf").read_text()
        servers = " ".join(f"server 127.0.0.1:{p};" for p in self.web_ports)
        conf = conf.replace(
            "upstream portal { server web:8000; }", f"upstream portal {{ {servers} }}"
        )
        assert f"server 127.0.0.1:{self.web_ports[0]}" in conf, "deploy/nginx.conf changed shape"
        conf = conf.replace("listen 8080;", f"listen 127.0.0.1:{self.proxy_port};")
        conf = "\n".join(
            line
            for line in conf.splitlines()
            if not line.strip().startswith(("limit_req zone=", "limit_conn connperip"))
        )
        temp = self.tmp / "nginx"
        temp.mkdir(exist_ok=True)
        os.chmod(self.tmp, 0o755)  # noqa: S103 - nginx workers (nobody) write their temporary files here
        os.chmod(temp, 0o777)  # noqa: S103
        head = (
            f"daemon off;\npid {self.tmp}/nginx.pid;\nerror_log {self.tmp}/nginx-error.log warn;\n"
        )
        paths = (
            f"access_log off; client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy; "
            f"fastcgi_temp_path {temp}/fcgi; uwsgi_temp_path {temp}/uwsgi; scgi_temp_path {temp}/scgi;"
        )
        conf = head + conf.replace("http {", "http {\n  " + paths, 1)
        path = self.tmp / "nginx.conf"
        path.write_text(conf)
        return path

    def down(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in reversed(self.procs):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310  # nosec B310
            return response.status == 200
    except OSError:
        return False


def wait_for(check, what: str, seconds: float = 15) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:  # noqa: BLE001,S110  # nosec B110
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{what} did not start")


# --- one stage ---------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)


def figures(lines: list[tuple[float, str, float, str]], seconds: float) -> dict:
    times = [ms for _, _, ms, _ in lines]
    errors = Counter(f"{name}: {error}" for _, name, _, error in lines if error)
    return {
        "requests": len(lines),
        "throughput_rps": round(len(lines) / seconds, 1) if seconds else 0.0,
        "p50": percentile(times, 0.50),
        "p95": percentile(times, 0.95),
        "p99": percentile(times, 0.99),
        "failures": sum(errors.values()),
        "server_errors": sum(n for key, n in errors.items() if "server error" in key),
        "errors": dict(errors.most_common(15)),
    }


def read_log(path: Path) -> list[tuple[float, str, float, str]]:
    rows = []
    if path.exists():
        for line in path.read_text().splitlines():
            parts = line.split("\t")
            if len(parts) == 4:
                rows.append((float(parts[0]), parts[1], float(parts[2]), parts[3]))
    return rows


def run_locust(stack: Stack, users: int, tmp: Path, accounts: Path, claims: Path) -> dict:
    """Ramp up, wait until every user has signed in (at most ramp + 90 s), measure ``--seconds``,
    stop Locust. The figures are those of the requests made inside the measured window."""
    work = tmp / f"locust-{users}"
    work.mkdir()
    # A copy outside the project: Locust puts the locustfile's folder on sys.path, and
    # tests/bench holds queue.py (the standard module's name).
    shutil.copy(BENCH / "load_journeys.py", work / "locustfile.py")
    shutil.copy(BENCH / "load_forms.py", work / "load_forms.py")
    ramp = users / ARGS.spawn_rate
    wait_min, wait_max = ARGS.wait.split(",")
    log_path = work / "requests.tsv"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "DJANGO_SETTINGS_MODULE", "VIRTUAL_ENV"}
    }
    env.update(
        LOAD_ACCOUNTS=str(accounts),
        LOAD_CLAIMS=str(claims),
        LOAD_WAIT_MIN=wait_min,
        LOAD_WAIT_MAX=wait_max,
        LOAD_REQUESTS=str(log_path),
        PYTHONDONTWRITEBYTECODE="1",
    )
    bound = ramp + 90 + ARGS.seconds
    argv = [
        str(LOAD_VENV / "bin" / "locust"),
        "-f",
        "locustfile.py",
        "--headless",
        "--host",
        stack.url,
        "-u",
        str(users),
        "-r",
        str(ARGS.spawn_rate),
        "--run-time",
        f"{int(bound) + 5}s",
        "--stop-timeout",
        "5",
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
    ]
    started = time.time()
    log = open(work / "locust.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(argv, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    window_start = None
    try:
        while proc.poll() is None:
            time.sleep(1)
            now = time.time()
            if window_start is None:
                ready = [t for t, name, _, _ in read_log(log_path) if name == "__ready__"]
                if len(ready) >= users:
                    window_start = max(ready)
                elif now - started > ramp + 90:
                    window_start = now  # some never signed in: measure from here
            elif now >= window_start + ARGS.seconds:
                proc.send_signal(signal.SIGTERM)
                break
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
        log.close()
    if window_start is None:
        print((work / "locust.log").read_text()[-3000:])
        raise RuntimeError("locust ended before the measured window")
    window_end = window_start + ARGS.seconds
    rows = [r for r in read_log(log_path) if r[1] != "__ready__"]
    inside = [r for r in rows if window_start <= r[0] - r[2] / 1000 and r[0] <= window_end]
    kinds = {}
    for name in sorted({r[1] for r in inside}):
        mine = [r for r in inside if r[1] == name]
        times = [r[2] for r in mine]
        kinds[name] = {
            "count": len(mine),
            "failures": sum(1 for r in mine if r[3]),
            "p50": percentile(times, 0.50),
            "p95": percentile(times, 0.95),
            "p99": percentile(times, 0.99),
            "max": round(max(times)),
        }
    sign_ins = [r[2] for r in rows if r[1] == "sign in: password"]
    ramp_rows = [r for r in rows if r[0] < window_start]
    return {
        "users": users,
        "ramp_seconds": round(window_start - started, 1),
        "seconds": ARGS.seconds,
        **figures(inside, ARGS.seconds),
        "ramp": {
            "requests": len(ramp_rows),
            "sign_ins": len(sign_ins),
            "sign_in_password_p50": percentile(sign_ins, 0.5),
            "sign_in_password_p95": percentile(sign_ins, 0.95),
            "server_errors": figures(ramp_rows, 1)["server_errors"],
        },
        "kinds": kinds,
    }


def drain(since, seconds: float = 120) -> None:  # type: ignore[no-untyped-def]
    from referral_portal.outbox.models import Email, EmailStatus

    deadline = time.monotonic() + seconds
    pending = Email.objects.filter(
        created_at__gte=since, status__in=[EmailStatus.PENDING, EmailStatus.SENDING]
    )
    while time.monotonic() < deadline and pending.exists():
        time.sleep(1)
    time.sleep(2)


def data_checks(since, sink: Sink, claims: Path) -> dict:
    """What must hold for everything the stage's people did."""
    from referral_portal.outbox.models import Email
    from requests.emails import acknowledgement_key
    from requests.letters.emails import email_key
    from requests.letters.models import Letter
    from requests.models import Contact, ContactStatus
    from requests.triage.models import QueueEntry, Triage

    received = Counter(sink.message_ids)
    sent = list(
        Contact.objects.filter(submitted_at__gte=since)
        .exclude(status=ContactStatus.DRAFT)
        .only("pk", "reference", "status")
    )
    ids = [c.pk for c in sent]
    entries = Counter(
        QueueEntry.objects.filter(contact_id__in=ids).values_list("contact_id", flat=True)
    )
    triages = Counter(
        Triage.objects.filter(contact_id__in=ids).values_list("contact_id", flat=True)
    )
    acks = {e.key: e for e in Email.objects.filter(key__in=[acknowledgement_key(c) for c in sent])}
    references = Counter(c.reference for c in sent)
    problems: Counter[str] = Counter()
    for contact in sent:
        if not contact.reference:
            problems["sent without a reference"] += 1
        elif references[contact.reference] > 1:
            problems["reference given twice"] += 1
        if triages[contact.pk] != 1:
            problems["not exactly one triage row"] += 1
        open_now = contact.status not in {ContactStatus.DECIDED, "withdrawn", "closed"}
        if entries[contact.pk] != (1 if open_now else 0):
            problems["queue entry missing or doubled"] += 1
        ack = acks.get(acknowledgement_key(contact))
        if ack is None:
            problems["no acknowledgement written"] += 1
        elif received[ack.message_id] == 0:
            problems[f"acknowledgement not delivered ({ack.status}: {ack.last_error[:80]})"] += 1
        elif received[ack.message_id] > 1:
            problems["acknowledgement delivered twice"] += 1
    taken: dict[int, set[str]] = {}
    if claims.exists():
        for line in claims.read_text().splitlines():
            item = json.loads(line)
            taken.setdefault(item["contact"], set()).add(item["officer"])
    claimed_twice = sum(1 for officers in taken.values() if len(officers) > 1)
    with connection.cursor() as cur:
        cur.execute(
            """SELECT count(*) FROM (SELECT object_id FROM audit_auditevent
                 WHERE at >= %s AND object_type = 'requests.contact'
                   AND changes->>'event' = 'claimed'
                 GROUP BY object_id HAVING count(*) > 1) twice""",
            [since],
        )
        audit_claimed_twice = cur.fetchone()[0]
    letters = list(Letter.objects.filter(decision__reviewed_at__gte=since).only("pk", "status"))
    letter_emails = Counter(
        Email.objects.filter(key__in=[email_key(letter.pk) for letter in letters]).values_list(
            "key", flat=True
        )
    )
    letter_ids = dict(
        Email.objects.filter(key__in=[email_key(letter.pk) for letter in letters]).values_list(
            "key", "message_id"
        )
    )
    letters_twice = sum(1 for key, n in letter_emails.items() if n > 1)
    letters_twice += sum(1 for mid in letter_ids.values() if received[mid] > 1)
    letters_emailed = sum(1 for mid in letter_ids.values() if received[mid] == 1)
    return {
        "sent_requests": len(sent),
        "decided": sum(1 for c in sent if c.status == ContactStatus.DECIDED),
        "acknowledgements_delivered_once": sum(
            1
            for c in sent
            if (a := acks.get(acknowledgement_key(c))) and received[a.message_id] == 1
        ),
        "problems": dict(problems),
        "contacts_taken": len(taken),
        "claimed_twice": claimed_twice,
        "claimed_twice_in_audit": audit_claimed_twice,
        "letters": len(letters),
        "letters_emailed_once": letters_emailed,
        "letters_sent_twice": letters_twice,
        "lost_or_duplicated": sum(problems.values())
        + claimed_twice
        + audit_claimed_twice
        + letters_twice,
    }


# --- the run -------------------------------------------------------------------------------------


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(f"stopped by signal {signum}")  # the finally blocks stop the stack


def main() -> None:
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGHUP, _stop)
    if not (LOAD_VENV / "bin" / "locust").exists():
        sys.exit("Locust is not installed: make load-deps (its own virtualenv, .venv-load)")
    if not ARGS.no_proxy and not shutil.which("nginx"):
        sys.exit(
            "nginx is not installed: make load-deps (installs nginx-light as root), or --no-proxy"
        )
    if connection.vendor != "postgresql":
        sys.exit("The load benchmark needs PostgreSQL (LOAD_DATABASE_URL)")
    if not (Path(ENV["STATIC_ROOT"]) / "staticfiles.json").exists() or not ARGS.reuse:
        call_command("collectstatic", "--no-input", verbosity=0)  # DEBUG off: hashed names
    tmp = Path(tempfile.mkdtemp(prefix="load-"))
    sink, stack = Sink(), Stack(tmp, ARGS.scale)
    sink.start()
    stages = []
    try:
        stack.redis_up()
        seeded = seed()
        if ARGS.seed_only:
            print(
                json.dumps(
                    {"benchmark": "load", "seed": seed_spec(), "seed_seconds": round(seeded, 1)}
                )
            )
            return
        accounts = tmp / "accounts.json"
        accounts_file(accounts)
        stack.up()
        if ARGS.serve:
            print(f"serving {stack.url} for {ARGS.serve:.0f} s; accounts in {accounts}", flush=True)
            time.sleep(ARGS.serve)
            ARGS.user_counts = []
        for users in ARGS.user_counts:
            since = timezone.now()
            claims = tmp / f"claims-{users}.jsonl"
            load1 = os.getloadavg()[0]
            stage = run_locust(stack, users, tmp, accounts, claims)
            drain(since)
            stage["checks"] = data_checks(since, sink, claims)
            stage["load_average_before"] = round(load1, 2)
            stages.append(stage)
            report(stage)
            time.sleep(5)
    finally:
        stack.down()
        sink.stop()
    at_target = next((s for s in stages if s["users"] == TARGET_USERS), None)
    crossing = next((s["users"] for s in stages if s["p95"] > TARGET_P95_MS), None)
    meets = at_target is not None and (
        at_target["server_errors"] == 0
        and at_target["checks"]["lost_or_duplicated"] == 0
        and at_target["p95"] <= TARGET_P95_MS
    )
    every_stage_clean = all(
        s["server_errors"] == 0 and s["checks"]["lost_or_duplicated"] == 0 for s in stages
    )
    print(
        f"stack: {'' if ARGS.no_proxy else 'nginx, '}{ARGS.scale} web instance(s) x gunicorn "
        f"gthread 3x4, {ARGS.scale} worker(s) x 2, 1 beat; logs in {tmp}"
    )
    print(
        f"p95 first above {TARGET_P95_MS:.0f} ms at: {crossing or 'none of the counts run'} users"
    )
    print(
        json.dumps(
            {
                "benchmark": "load",
                "scale": ARGS.scale,
                "proxy": not ARGS.no_proxy,
                "quick": ARGS.quick,
                "seed": seed_spec(),
                "seed_seconds": round(seeded, 1),
                "cores": os.cpu_count(),
                "stages": [
                    {k: v for k, v in s.items() if k != "kinds"} | {"kinds": s["kinds"]}
                    for s in stages
                ],
                "p95_crosses_800ms_at_users": crossing,
                "every_stage_clean": every_stage_clean,
                "targets": {
                    "users": TARGET_USERS,
                    "server_errors": 0,
                    "lost_or_duplicated": 0,
                    "page_p95_ms_max": TARGET_P95_MS,
                },
                "meets": meets,
            }
        )
    )


def report(stage: dict) -> None:
    ramp = stage["ramp"]
    print(
        f"\n== {stage['users']} users (ramp {stage['ramp_seconds']:.0f} s: {ramp['sign_ins']} sign-ins, "
        f"password step p50/p95 {ramp['sign_in_password_p50']:.0f}/{ramp['sign_in_password_p95']:.0f} ms, "
        f"{ramp['server_errors']} server errors)"
    )
    print(
        f"measured: {stage['requests']} requests in {stage['seconds']:.0f} s, "
        f"{stage['throughput_rps']} req/s, p50/p95/p99 {stage['p50']:.0f}/{stage['p95']:.0f}/"
        f"{stage['p99']:.0f} ms, {stage['failures']} failures ({stage['server_errors']} server "
        f"errors), load average before {stage['load_average_before']}"
    )
    print(
        f"{'page kind':40s} {'count':>6s} {'fail':>5s} {'p50':>6s} {'p95':>6s} {'p99':>6s} {'max':>6s}"
    )
    for name, k in sorted(stage["kinds"].items(), key=lambda item: -item[1]["p95"]):
        print(
            f"{name:40s} {k['count']:6d} {k['failures']:5d} {k['p50']:6.0f} {k['p95']:6.0f} "
            f"{k['p99']:6.0f} {k['max']:6d}"
        )
    for error, count in stage["errors"].items():
        print(f"  error x{count}: {error}")
    print(f"  checks: {stage['checks']}", flush=True)


if __name__ == "__main__":
    main()
