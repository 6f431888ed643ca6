"""Benchmark: outcome letters, from one render to N letters through the real worker.

Run (PostgreSQL and Redis; creates a fresh bench authority each run, so use a bench database):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_letters REDIS_URL=redis://127.0.0.1:6379/6 \\
        .venv/bin/python tests/bench/letters.py --letters 200

Prints:
- the p50 render time of one letter through ``rendering.letter_pdf`` (target <= 150 ms);
- the rate of a bare WeasyPrint render loop (HTML string -> PDF) in one process;
- the end-to-end rate of N letters: their emails written to the outbox, claimed, rendered,
  emailed to aiosmtpd and marked sent (email and letter), by a real ``celery worker`` (one
  process per core) on Redis;
- the ratio end-to-end / bare (target >= 0.7) and the per-core efficiency
  end-to-end / (bare x cores) (target >= 0.6): ``"meets"`` requires both;
- CPU seconds per letter of each part while the batch runs (the worker's processes, this
  process with its SMTP sink, the database's server processes), read from /proc: unlike
  wall-clock rates they are not inflated by whatever else runs on the machine. The pipeline's
  total against the bare render's CPU is ``cpu_ratio`` (for information).
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
import logging  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "referral_portal.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("EMAIL_URL", "locmem://")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from requests.letters import rendering  # noqa: E402
from requests.letters.emails import letters_email  # noqa: E402
from requests.letters.models import Letter, LetterStatus  # noqa: E402
from tests.bench.seeding import seed_letters  # noqa: E402

TARGETS = {"render_p50_ms_max": 150.0, "ratio_min": 0.7, "per_core_min": 0.6}
RENDER_RUNS = 40


def seed(n: int) -> list[int]:
    # A few more than timed: the warm-up letters.
    return seed_letters(n + (os.cpu_count() or 1) * 3, bench="letters").letter_ids


def render_p50(letter: Letter) -> tuple[float, float]:
    """p50 of wall-clock and of this process's CPU time (the latter is not inflated when other
    processes share the cores)."""
    rendering.letter_pdf(letter)  # warm: fonts, stylesheets
    wall, cpu = [], []
    for _ in range(RENDER_RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        rendering.letter_pdf(letter)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def bare_rate(letter: Letter, seconds: float = 8.0) -> tuple[float, float]:
    """WeasyPrint alone: the same HTML and options, no database, no template, no email.
    Returns letters per second (wall-clock) and CPU seconds per letter."""
    from weasyprint import HTML

    r = rendering.renderer()
    html = rendering.letter_html(letter)
    count, start, start_cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        HTML(string=html, base_url=rendering.ASSET_ORIGIN, url_fetcher=r.fetcher.weasy).write_pdf(
            stylesheets=r.stylesheets[False],
            font_config=r.font_config,
            pdf_variant="pdf/ua-1",
            cache=r.image_cache,
        )
        count += 1
    return count / (time.perf_counter() - start), (time.process_time() - start_cpu) / count


# --- CPU time: what each part of the pipeline costs, whatever else runs on the machine ---------

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and of its children it has waited for (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(v) for v in fields[11:15]) / TICK


def process_tree(pid: int) -> list[int]:
    """``pid`` and its children (a prefork worker's pool processes)."""
    pids = [pid]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    pids.append(int(entry.name))
            except (OSError, ValueError):
                continue
    return pids


def tree_cpu(pid: int) -> float:
    total = 0.0
    for p in process_tree(pid):
        try:
            total += cpu_seconds(p)
        except OSError:  # a pool process replaced meanwhile: its parent has counted it
            continue
    return total


class DatabaseCpu:
    """CPU of the PostgreSQL server processes serving the bench database (the server is on this
    machine), other than this process's own. Sampled while waiting: a connection closed during
    the batch (CONN_MAX_AGE) keeps the CPU it had when last seen; one opened counts from 0."""

    def __init__(self) -> None:
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.sample(start=True)

    def sample(self, start: bool = False) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()"
            )
            pids = [row[0] for row in cursor.fetchall()]
        for pid in pids:
            try:
                seconds = cpu_seconds(pid)
            except OSError:
                continue
            self.first.setdefault(pid, seconds if start else 0.0)
            self.last[pid] = seconds

    def used(self) -> float:
        self.sample()
        return sum(self.last[pid] - self.first[pid] for pid in self.last)


def database_sessions() -> int:
    """Connections made to the bench database so far (PostgreSQL 14+)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT sessions FROM pg_stat_database WHERE datname = current_database()")
        return int(cursor.fetchone()[0])


def start_smtp() -> tuple[object, int, list[int]]:
    from aiosmtpd.controller import Controller

    from tests.conftest import free_port

    received: list[int] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            received.append(len(envelope.original_content))
            return "250 Message accepted for delivery"

    port = free_port()
    # aiosmtpd logs every SMTP command at INFO: a mail server's log, not the pipeline's work.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    return controller, port, received


def start_worker(port: int, concurrency: int) -> subprocess.Popen[bytes]:
    db = connection.settings_dict
    env = dict(
        os.environ,
        DATABASE_URL=(
            f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST']}:{db['PORT']}/"
            f"{db['NAME']}"
        ),
        DEBUG="0",
        SECRET_KEY=settings.SECRET_KEY + "x" * 50,
        EMAIL_URL=f"smtp://127.0.0.1:{port}",
        SECURE_SSL_REDIRECT="0",
    )
    return subprocess.Popen(
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


def wait_sent(ids: list[int], timeout: float, database: DatabaseCpu | None = None) -> bool:
    """Every 0.1 s: are all of ``ids`` sent? (ids are consecutive: a range, not a list of ids)."""
    deadline = time.monotonic() + timeout
    waiting = Letter.objects.filter(pk__gte=min(ids), pk__lte=max(ids)).exclude(
        status=LetterStatus.SENT
    )
    polls = 0
    while time.monotonic() < deadline:
        if not waiting.exists():
            return True
        polls += 1
        if database is not None and polls % 10 == 0:
            database.sample()
        time.sleep(0.1)
    return False


def release(ids: list[int]) -> None:
    """The letters become due, their emails are written to the outbox in the same transaction,
    and one task per email is published once it commits (as when a decision is agreed)."""
    with transaction.atomic():
        Letter.objects.filter(pk__in=ids).update(status=LetterStatus.PENDING)
        letters_email(letter_ids=ids)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=200)
    args = parser.parse_args()
    if not os.environ.get("REDIS_URL") or connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL (PostgreSQL) and REDIS_URL: the worker needs both")
    call_command("migrate", verbosity=0)
    import redis

    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    cores = os.cpu_count() or 1
    ids = seed(args.letters)
    letter = Letter.objects.select_related("contact", "authority", "decision").get(pk=ids[0])

    p50, p50_cpu = render_p50(letter)
    print(
        f"render one letter (rendering.letter_pdf): p50 {p50:.1f} ms wall, "
        f"{p50_cpu:.1f} ms CPU, over {RENDER_RUNS} runs"
    )
    bare, bare_cpu = bare_rate(letter)
    print(
        f"bare WeasyPrint loop, one process: {bare:.2f} letters/s, {bare_cpu * 1000:.1f} ms CPU each"
    )

    controller, port, received = start_smtp()
    worker = start_worker(port, cores)
    try:
        # Warm-up: each prefork child loads its fonts on its first letter; a few letters per
        # child so that every child has done so before timing starts.
        warm = ids[: cores * 3]
        release(warm)
        if not wait_sent(warm, 180):
            sys.exit("the worker did not send the warm-up letters")
        batch = ids[len(warm) :]
        time.sleep(1.5)  # the database's session count is flushed within a second
        sessions = database_sessions()
        database = DatabaseCpu()
        cpu_before = (tree_cpu(worker.pid), time.process_time(), 0.0)
        start = time.perf_counter()
        release(batch)
        ok = wait_sent(batch, 600, database)
        elapsed = time.perf_counter() - start
        cpu_after = (tree_cpu(worker.pid), time.process_time(), database.used())
        time.sleep(1.5)
        new_sessions = database_sessions() - sessions
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        controller.stop()  # type: ignore[attr-defined]
    if not ok:
        sys.exit("not every letter was sent in time")
    n = len(batch)
    e2e = n / elapsed
    ratio = e2e / bare
    per_core = e2e / (bare * cores)
    emails = len(received)
    worker_cpu, bench_cpu, db_cpu = (
        (after - before) / n for before, after in zip(cpu_before, cpu_after, strict=True)
    )
    pipeline_cpu = worker_cpu + bench_cpu + db_cpu
    cpu_ratio = bare_cpu / pipeline_cpu
    print(
        f"end to end: {n} letters in {elapsed:.1f} s = {e2e:.2f} letters/s "
        f"({cores} worker processes, {emails} emails received incl. warm-up)"
    )
    print(
        f"CPU per letter: worker {worker_cpu * 1000:.1f} ms (main process and pool), "
        f"bench process {bench_cpu * 1000:.1f} ms (SMTP sink, queueing, waiting), "
        f"database {db_cpu * 1000:.1f} ms ({len(database.last)} server processes; "
        f"{new_sessions} new connections = {new_sessions / n:.2f} per letter); "
        f"pipeline {pipeline_cpu * 1000:.1f} ms against {bare_cpu * 1000:.1f} ms for a bare "
        f"render: {cpu_ratio:.2f}"
    )
    print(f"ratio end-to-end / bare: {ratio:.2f}; per core: {per_core:.2f}")
    load = os.getloadavg()[0]
    print(f"load average (1 min) while measuring: {load:.2f} on {cores} cores")
    meets = (
        p50 <= TARGETS["render_p50_ms_max"]
        and ratio >= TARGETS["ratio_min"]
        and per_core >= TARGETS["per_core_min"]
    )
    print(
        json.dumps(
            {
                "benchmark": "letters",
                "letters": n,
                "cores": cores,
                "render_p50_ms": round(p50, 1),
                "render_p50_cpu_ms": round(p50_cpu, 1),
                "bare_letters_per_s": round(bare, 2),
                "e2e_letters_per_s": round(e2e, 2),
                "ratio": round(ratio, 2),
                "per_core_efficiency": round(per_core, 2),
                # CPU seconds per letter (not inflated by other processes on the machine).
                "bare_cpu_ms": round(bare_cpu * 1000, 1),
                "pipeline_cpu_ms": round(pipeline_cpu * 1000, 1),
                "worker_cpu_ms": round(worker_cpu * 1000, 1),
                "bench_process_cpu_ms": round(bench_cpu * 1000, 1),
                "database_cpu_ms": round(db_cpu * 1000, 1),
                "database_connections_per_letter": round(new_sessions / n, 2),
                "cpu_ratio": round(cpu_ratio, 2),
                "emails_received": emails,
                # The machine's load when measured: on a shared 2-core box, figures scale with it.
                "load_average_1m": round(load, 2),
                "targets": TARGETS,
                "meets": meets,
            }
        )
    )


if __name__ == "__main__":
    main()
