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
- the ratio end-to-end / bare (target >= 0.7), and the stricter per-core efficiency
  end-to-end / (bare x cores), reported but not a target.
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

from referral_portal.accounts.models import Agency, AgencyType, Authority, Role, User  # noqa: E402
from requests.letters import rendering  # noqa: E402
from requests.letters.emails import letters_email  # noqa: E402
from requests.letters.models import Letter, LetterKind, LetterStatus  # noqa: E402
from requests.models import Child, Contact, ContactStatus  # noqa: E402
from requests.triage.models import Decision, Outcome  # noqa: E402

TARGETS = {"render_p50_ms_max": 150.0, "ratio_min": 0.7}
RENDER_RUNS = 40


def seed(n: int) -> tuple[Decision, list[int]]:
    stamp = f"{int(time.time() * 1000) % 10**9}"
    authority = Authority.objects.create(
        slug=f"bench-letters-{stamp}",
        name="Bench Council",
        code=f"B{stamp[-4:]}",
        front_door_name="Bench Front Door",
        front_door_short_name="Front Door",
        address="1 Bench Street\nBenchtown\nBE1 1AA",
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
    contact = Contact.objects.create(
        authority=authority,
        created_by=referrer,
        agency=agency,
        status=ContactStatus.DECIDED,
        reference=f"BEN-{stamp}",
        categories=["neglect"],
    )
    Child.objects.create(contact=contact, first_name="Fictional", last_name="Child")
    decision = Decision.objects.create(
        contact=contact,
        authority=authority,
        outcome=Outcome.SINGLE_ASSESSMENT,
        rationale="The worries about home conditions need a full assessment. " * 3,
        next_steps="A social worker will visit within five working days.",
        made_by=officer,
        status="agreed",
    )
    letters = [
        Letter(
            decision=decision,
            contact=contact,
            authority=authority,
            kind=LetterKind.PARENT,
            recipient_key=f"bench:{i}",
            recipient_name=f"Parent {i}",
            recipient_email=f"parent{i}@bench.example.net",
            recipient_address="12 Fictional Road\nBenchtown\nBE2 2BB",
            status=LetterStatus.HELD,  # released all at once when timing starts
        )
        for i in range(n + (os.cpu_count() or 1) * 3)
    ]
    Letter.objects.bulk_create(letters)
    ids = list(decision.letters.order_by("id").values_list("pk", flat=True))
    return decision, ids


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


def bare_rate(letter: Letter, seconds: float = 8.0) -> float:
    """WeasyPrint alone: the same HTML and options, no database, no template, no email."""
    from weasyprint import HTML

    r = rendering.renderer()
    html = rendering.letter_html(letter)
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        HTML(string=html, base_url=rendering.ASSET_ORIGIN, url_fetcher=r.fetcher.weasy).write_pdf(
            stylesheets=r.stylesheets[False],
            font_config=r.font_config,
            pdf_variant="pdf/ua-1",
            cache=r.image_cache,
        )
        count += 1
    return count / (time.perf_counter() - start)


def start_smtp() -> tuple[object, int, list[int]]:
    from aiosmtpd.controller import Controller

    from tests.conftest import free_port

    received: list[int] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            received.append(len(envelope.original_content))
            return "250 Message accepted for delivery"

    port = free_port()
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


def wait_sent(ids: list[int], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not Letter.objects.filter(pk__in=ids).exclude(status=LetterStatus.SENT).exists():
            return True
        time.sleep(0.05)
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
    decision, ids = seed(args.letters)
    letter = Letter.objects.select_related("contact", "authority", "decision").get(pk=ids[0])

    p50, p50_cpu = render_p50(letter)
    print(
        f"render one letter (rendering.letter_pdf): p50 {p50:.1f} ms wall, "
        f"{p50_cpu:.1f} ms CPU, over {RENDER_RUNS} runs"
    )
    bare = bare_rate(letter)
    print(f"bare WeasyPrint loop, one process: {bare:.2f} letters/s")

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
        start = time.perf_counter()
        release(batch)
        ok = wait_sent(batch, 600)
        elapsed = time.perf_counter() - start
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        controller.stop()  # type: ignore[attr-defined]
    if not ok:
        sys.exit("not every letter was sent in time")
    e2e = len(batch) / elapsed
    ratio = e2e / bare
    per_core = e2e / (bare * cores)
    emails = len(received)
    print(
        f"end to end: {len(batch)} letters in {elapsed:.1f} s = {e2e:.2f} letters/s "
        f"({cores} worker processes, {emails} emails received incl. warm-up)"
    )
    print(f"ratio end-to-end / bare: {ratio:.2f}; per core: {per_core:.2f}")
    print(f"load average (1 min) while measuring: {os.getloadavg()[0]:.2f} on {cores} cores")
    meets = p50 <= TARGETS["render_p50_ms_max"] and ratio >= TARGETS["ratio_min"]
    print(
        json.dumps(
            {
                "benchmark": "letters",
                "letters": len(batch),
                "cores": cores,
                "render_p50_ms": round(p50, 1),
                "render_p50_cpu_ms": round(p50_cpu, 1),
                "bare_letters_per_s": round(bare, 2),
                "e2e_letters_per_s": round(e2e, 2),
                "ratio": round(ratio, 2),
                "per_core_efficiency": round(per_core, 2),
                "emails_received": emails,
                # The machine's load when measured: on a shared 2-core box, figures scale with it.
                "load_average_1m": round(os.getloadavg()[0], 2),
                "targets": TARGETS,
                "meets": meets,
            }
        )
    )


if __name__ == "__main__":
    main()
