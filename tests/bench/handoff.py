"""Benchmark: hand-off deliveries per second through the outbox, against a bare signed POST loop.

Run (PostgreSQL and Redis; creates a fresh bench authority each run, so use a bench database):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_handoff REDIS_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python tests/bench/handoff.py --contacts 300

A loopback receiver runs in its own process (answers 204 to every POST). It measures:
- bare: one process encoding the same document, signing it (Standard Webhooks,
  ``signing.headers``, the same headers) and POSTing it with the product's own HTTP client
  (``services.Connections``, one kept-open connection), no database: deliveries/s (measured
  before and after the end-to-end run, the mean taken: the machine is shared) and CPU per POST;
- in process: ``services.deliver_many`` over batches of ``services.BATCH`` (claim with a
  lease and the order check, read, sign, POST, record "sent" with the audit rows): deliveries/s,
  CPU-seconds and SQL statements per delivery, reported, not a target (CPU time and statement
  counts hardly move with the shared machine's load; wall-clock does, 3x);
- end to end: N decided contacts' events written (one transaction, as ``events.record`` does
  in the decision's), their deliveries published at its commit in batches
  (``services.BATCH``), each batch claimed at once, POSTed on kept-open connections and
  recorded in one transaction by a real ``celery worker`` (one process per core) on Redis,
  until every delivery is "sent";
- the ratio end-to-end / bare (target >= 0.7), and per core (end-to-end / (bare x cores)),
  reported, not a target.
The Redis database in REDIS_URL is flushed. The last line printed is one JSON object.
"""

from __future__ import annotations

import sys
from pathlib import Path

# tests/bench holds a queue.py: take the folder off the import path before anything imports
# the standard library's ``queue``.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "referral_portal.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("EMAIL_URL", "locmem://")
os.environ["HANDOFF_ALLOW_PRIVATE_ENDPOINTS"] = "1"  # the loopback receiver

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from referral_portal.accounts.models import Agency, AgencyType, Authority, Role, User  # noqa: E402
from referral_portal.outbox.models import OutboxStatus  # noqa: E402
from requests.handoff import document as documents  # noqa: E402
from requests.handoff import events, services, signing  # noqa: E402
from requests.handoff.models import Delivery, Endpoint  # noqa: E402
from requests.models import Child, Contact, ContactStatus  # noqa: E402
from requests.triage.models import Decision, Outcome  # noqa: E402

TARGET = 0.7

RECEIVER = """
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *a):
        pass
ThreadingHTTPServer.request_queue_size = 512
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def seed(n: int, url: str) -> tuple[Endpoint, list[tuple[Contact, Decision]]]:
    stamp = f"{int(time.time() * 1000) % 10**9}"
    authority = Authority.objects.create(
        slug=f"bench-handoff-{stamp}",
        name="Bench Council",
        code=f"H{stamp[-4:]}",
        front_door_name="Bench Front Door",
        front_door_short_name="Front Door",
    )
    agency = Agency.objects.create(
        authority=authority, name="Bench School", agency_type=AgencyType.SCHOOL
    )
    referrer = User.objects.create(
        email=f"referrer-{stamp}@bench.example.org",
        full_name="Rita Referrer",
        role=Role.PRACTITIONER,
        agency=agency,
        authority=authority,
    )
    officer = User.objects.create(
        email=f"officer-{stamp}@bench.example.org",
        full_name="Oli Officer",
        role=Role.OFFICER,
        authority=authority,
    )
    endpoint, _secret = services.endpoint_create(
        authority_id=authority.pk, name="Bench receiver", url=url, sections=[], actor=None
    )
    made = []
    for i in range(n):
        contact = Contact.objects.create(
            authority=authority,
            created_by=referrer,
            agency=agency,
            status=ContactStatus.DECIDED,
            reference=f"BH{stamp}-{i}",
            categories=["neglect"],
            level_of_need=3,
        )
        Child.objects.create(contact=contact, first_name="Fictional", last_name=f"Child {i}")
        decision = Decision.objects.create(
            contact=contact,
            authority=authority,
            outcome=Outcome.SINGLE_ASSESSMENT,
            rationale="The worries about home conditions need a full assessment.",
            made_by=officer,
            status="agreed",
        )
        made.append((contact, decision))
    return endpoint, made


def bare_rate(
    url: str,
    endpoint: Endpoint,
    document: dict[str, Any],
    seconds: float = 8.0,
    *,
    keep_open: bool = True,
) -> float:
    """The same document encoded, signed and POSTed in a loop with the product's own HTTP client
    (``services.Connections``: http.client, one kept-open connection per host, the same
    headers and signing): no database, no claim, no record. ``keep_open=False``: a new
    connection per POST (reported)."""
    connections = services.Connections()
    count, start, cpu0 = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        body = documents.encode(documents.for_recipient(document, endpoint.sections))
        headers = {
            "Content-Type": "application/json",
            "User-Agent": services.USER_AGENT,
            **signing.headers(
                services.signing_secrets(endpoint),
                msg_id=f"msg_bare{count}",
                timestamp=int(time.time()),
                body=body,
            ),
        }
        status, _ = connections.post(url, body, headers)
        assert 200 <= status < 300, status
        if not keep_open:
            connections.close()
        count += 1
    connections.close()
    BARE_CPU.append((time.process_time() - cpu0) / max(count, 1))
    return count / (time.perf_counter() - start)


BARE_CPU: list[float] = []  # CPU-seconds per POST of each bare run


def tree_cpu(pid: int) -> float:
    """CPU-seconds (user + system) used so far by a process and its children (Linux /proc)."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            kids = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        pids.extend(int(k) for k in kids)
    return total


def start_worker(concurrency: int) -> subprocess.Popen[bytes]:
    db = connection.settings_dict
    env = dict(
        os.environ,
        DATABASE_URL=(
            f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST']}:{db['PORT']}/"
            f"{db['NAME']}"
        ),
        DEBUG="0",
        SECRET_KEY=settings.SECRET_KEY + "x" * 50,
        SECURE_SSL_REDIRECT="0",
        HANDOFF_ALLOW_PRIVATE_ENDPOINTS="1",
    )
    return subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "referral_portal",
            "worker",
            "--loglevel=WARNING",
            f"--concurrency={concurrency}",
            "--pool=prefork",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def record(batch: list[tuple[Contact, Decision]]) -> tuple[list[int], float]:
    """Write the events in one transaction; the clock starts at its commit, which publishes
    one task per delivery (writing the events is the decisions' cost, not the outbox's)."""
    with transaction.atomic():
        ids = [
            events.record(kind=events.DECISION_AGREED, contact=c, decision=d).pk for c, d in batch
        ]
        start = time.perf_counter()
    return ids, start


def wait_sent(event_ids: list[int], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (
            not Delivery.objects.filter(event_id__in=event_ids)
            .exclude(status=OutboxStatus.SENT)
            .exists()
        ):
            return True
        time.sleep(0.05)
    return False


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=300)
    args = parser.parse_args()
    if not os.environ.get("REDIS_URL") or connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL (PostgreSQL) and REDIS_URL: the worker needs both")
    call_command("migrate", verbosity=0)
    import redis

    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    cores = os.cpu_count() or 1
    port = free_port()
    receiver = subprocess.Popen([sys.executable, "-c", RECEIVER, str(port)])  # noqa: S603
    url = f"http://127.0.0.1:{port}/events"
    warm_n = cores * 3
    in_process_n = min(100, args.contacts)
    endpoint, made = seed(warm_n + in_process_n + args.contacts, url)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    worker = None
    try:
        # A real document of this size, for the bare loop.
        sample = documents.build(
            contact=made[0][0],
            kind="decision.agreed",
            webhook_id="msg_sample",
            sequence=1,
            occurred_at=made[0][1].made_at,
            decision=made[0][1],
        )
        size = len(documents.encode(sample))
        bare = bare_rate(url, endpoint, sample)
        print(f"bare signed POST loop, one process: {bare:.1f} deliveries/s ({size} bytes)")

        # In this process, one after another (tasks are not published: no commit hooks).
        from tests.conftest import tasks_in_process

        with tasks_in_process(False):
            ids_in_process = []
            for contact, decision in made[warm_n : warm_n + in_process_n]:
                with transaction.atomic():
                    event = events.record(
                        kind=events.DECISION_AGREED, contact=contact, decision=decision
                    )
                ids_in_process.append(event.pk)
        pending = list(
            Delivery.objects.filter(event_id__in=ids_in_process).values_list("pk", flat=True)
        )
        Delivery.objects.filter(pk__in=pending).update(queued_at=None)
        # One batch, as a worker takes it: SQL statements and CPU-seconds per delivery (CPU
        # time, unlike wall-clock, hardly moves with the machine's load).
        from django.test.utils import CaptureQueriesContext

        cpu0, start = time.process_time(), time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            for at in range(0, len(pending), services.BATCH):
                services.deliver_many(ids=pending[at : at + services.BATCH])
        in_process = len(pending) / (time.perf_counter() - start)
        cpu_per = (time.process_time() - cpu0) / len(pending)
        sql_per = len(queries.captured_queries) / len(pending)
        assert (
            not Delivery.objects.filter(pk__in=pending).exclude(status=OutboxStatus.SENT).exists()
        )
        print(
            f"through the outbox in this process, batches of {services.BATCH}: "
            f"{in_process:.1f} deliveries/s, {cpu_per * 1000:.2f} ms CPU and "
            f"{sql_per:.2f} SQL statements per delivery"
        )

        worker = start_worker(cores)
        warm, _ = record(made[:warm_n])
        if not wait_sent(warm, 180):
            sys.exit("the worker did not deliver the warm-up events")
        batch = made[warm_n + in_process_n :]
        cpu_before = tree_cpu(worker.pid)
        event_ids, start = record(batch)
        ok = wait_sent(event_ids, 600)
        elapsed = time.perf_counter() - start
        worker_cpu = tree_cpu(worker.pid) - cpu_before
        # The machine is shared: the bare loop again, right after, and the mean of the two.
        bare = (bare + bare_rate(url, endpoint, sample)) / 2
        print(f"bare loop, mean of before and after: {bare:.1f} deliveries/s")
        fresh = bare_rate(url, endpoint, sample, keep_open=False)
        print(f"bare loop with a new connection per POST (reported): {fresh:.1f} deliveries/s")
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
        receiver.terminate()
    if not ok:
        sys.exit("not every delivery was sent in time")
    e2e = len(batch) / elapsed
    ratio = e2e / bare
    per_core = e2e / (bare * cores)
    print(
        f"end to end: {len(batch)} deliveries in {elapsed:.1f} s = {e2e:.1f} deliveries/s "
        f"({cores} worker processes; from the commit that publishes them to the last 'sent')"
    )
    print(f"ratio end-to-end / bare: {ratio:.2f}; per core: {per_core:.2f}")
    worker_cpu_per = worker_cpu / len(batch)
    bare_cpu = sum(BARE_CPU[:2]) / 2  # the kept-open runs, before and after
    print(
        f"CPU per delivery: worker {worker_cpu_per * 1000:.2f} ms (all its processes, during the "
        f"end-to-end run, beat's sweeps included), in process {cpu_per * 1000:.2f} ms, bare loop "
        f"{bare_cpu * 1000:.2f} ms; SQL statements per delivery in process: {sql_per:.2f}"
    )
    print(f"load average (1 min) while measuring: {os.getloadavg()[0]:.2f} on {cores} cores")
    print(
        json.dumps(
            {
                "benchmark": "handoff",
                "deliveries": len(batch),
                "cores": cores,
                "bare_per_s": round(bare, 1),
                "in_process_per_s": round(in_process, 1),
                "end_to_end_per_s": round(e2e, 1),
                "ratio": round(ratio, 2),
                "per_core_ratio": round(per_core, 2),
                "in_process_ratio": round(in_process / bare, 2),
                "sql_per_delivery": round(sql_per, 2),
                "cpu_ms_per_delivery_in_process": round(cpu_per * 1000, 3),
                "cpu_ms_per_delivery_worker": round(worker_cpu_per * 1000, 3),
                "cpu_ms_per_post_bare": round(bare_cpu * 1000, 3),
                "cpu_ratio_bare_vs_in_process": round(bare_cpu / cpu_per, 2),
                "load_average_1min": round(os.getloadavg()[0], 2),
                "bare_new_connection_per_s": round(fresh, 1),
                "ratio_vs_new_connection_loop": round(e2e / fresh, 2),
                "targets": {"ratio_min": TARGET},
                "meets": ratio >= TARGET,
            }
        )
    )


if __name__ == "__main__":
    main()
