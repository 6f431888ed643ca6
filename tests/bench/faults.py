"""Fault benchmark: every kind of email through the real stack while things break.

Run (PostgreSQL; starts its own Redis on a free loopback port, an aiosmtpd sink, a Celery
worker and beat, and stops them all at the end):
    .venv/bin/python tests/bench/faults.py [--per-kind 50] [--seconds 90] [--drain 180]

What it does, for ``--seconds``:
- writes ``--per-kind`` emails of each of the 11 kinds the portal sends (account emails,
  acknowledgements, draft warnings, information-request notices and codes through the outbox's
  ``email_queue``, as their services do; outcome letters as real letters whose emails are
  written by ``letters_email``, so each one renders its PDF), in small batches, each in its own
  transaction, published after commit;
- meanwhile, at random: SIGKILLs the worker (its main process and children) and restarts it
  after 1-4 s; stops its Redis for 3-8 s (append-only, as production) and starts it again;
  switches the SMTP sink to slow (the reply to DATA 1.5 s late), stalled (3 s at RCPT, longer
  than EMAIL_TIMEOUT=2) or refusing (451) for 4-10 s.
Then every fault is lifted and it waits (at most ``--drain`` s) for each email to be sent or
failed, and counts per kind: expected, delivered (distinct Message-IDs the sink accepted),
duplicated (copies beyond the first), lost (neither delivered nor visibly failed) and visibly
failed (shown on "Emails that failed to send"). The sink behaves as a mail server does: a
message whose client went away before the server's 250 is not kept (RFC 1047). The last line
is one JSON object; ``"meets"`` is true only when lost and duplicated are 0.

Everything is on 127.0.0.1. The database (DATABASE_URL, default ``h_faults``) gets a fresh
bench authority each run.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


REDIS_PORT = free_port()
SMTP_PORT = free_port()
ENV = {
    "DJANGO_SETTINGS_MODULE": "referral_portal.settings",
    "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/h_faults"),
    "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
    "EMAIL_URL": f"smtp://127.0.0.1:{SMTP_PORT}",
    "DEBUG": "0",
    "SECRET_KEY": "faults-bench-" + "x" * 60,
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "ALLOWED_HOSTS": "127.0.0.1",
    # A send takes at most 7 x 2 s: the claim's lease is 19 s.
    "EMAIL_TIMEOUT": "2",
    "OUTBOX_RETRY_SECONDS": "1",
    "OUTBOX_MAX_ATTEMPTS": "30",
}
os.environ.update(ENV)


def ensure_database(url: str) -> None:
    import psycopg2

    name = url.rsplit("/", 1)[1]
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


ensure_database(ENV["DATABASE_URL"])

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from referral_portal.accounts.models import Authority, User  # noqa: E402
from referral_portal.outbox.models import Email, EmailStatus  # noqa: E402
from referral_portal.outbox.services import email_queue  # noqa: E402
from requests.letters.emails import letters_email  # noqa: E402
from requests.letters.models import Letter, LetterStatus  # noqa: E402
from requests.models import Contact  # noqa: E402
from tests.bench.seeding import seed_letters  # noqa: E402

PLAIN_KINDS = [
    "registration_confirmation",
    "password_reset",
    "staff_added",
    "registration_approved",
    "registration_refused",
    "acknowledgement",
    "draft_warning",
    "information_update",
    "information_disclosure_team",
    "information_code",
]
KINDS = [*PLAIN_KINDS, "outcome_letter"]
FAULTS = ["kill", "redis", "slow", "stall", "refuse", "kill"]


# --- the SMTP sink ---------------------------------------------------------------------------


class Sink:
    def __init__(self) -> None:
        self.mode = "accept"
        self.message_ids: list[str] = []
        self.refused = 0
        self.abandoned = 0

    def start(self) -> None:
        from email import message_from_bytes, policy

        from aiosmtpd.controller import Controller

        sink = self

        class Handler:
            async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
                if sink.mode == "refuse":
                    sink.refused += 1
                    return "451 4.3.0 Try again later"
                if sink.mode == "stall":
                    await asyncio.sleep(3.0)
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, server, session, envelope):  # noqa: N802
                if sink.mode == "slow":
                    await asyncio.sleep(1.5)
                transport = server.transport
                if transport is None or transport.is_closing():
                    # The client went away before our 250: the message is not ours to deliver.
                    sink.abandoned += 1
                    return "451 4.4.2 Connection lost"
                message = message_from_bytes(envelope.original_content, policy=policy.default)
                sink.message_ids.append(str(message["Message-ID"]).strip())
                return "250 Message accepted for delivery"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=SMTP_PORT)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


# --- processes ---------------------------------------------------------------------------------


class Stack:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.redis: subprocess.Popen[bytes] | None = None
        self.worker: subprocess.Popen[bytes] | None = None
        self.beat: subprocess.Popen[bytes] | None = None
        self.kills = self.redis_stops = 0

    def redis_up(self) -> None:
        import redis

        self.redis = subprocess.Popen(
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
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                redis.Redis.from_url(ENV["REDIS_URL"]).ping()
                return
            except redis.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def redis_down(self) -> None:
        if self.redis is not None and self.redis.poll() is None:
            self.redis.terminate()
            self.redis.wait(timeout=10)
            self.redis_stops += 1

    def _celery(self, *args: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "referral_portal", *args, "--loglevel=ERROR"],
            cwd=ROOT,
            env=dict(os.environ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: a kill takes the children too
        )

    def worker_up(self) -> None:
        self.worker = self._celery(
            "worker",
            "--concurrency=2",
            "--pool=prefork",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        )

    def worker_kill(self) -> None:
        if self.worker is not None and self.worker.poll() is None:
            os.killpg(self.worker.pid, signal.SIGKILL)
            self.worker.wait(timeout=10)
            self.kills += 1

    def beat_up(self) -> None:
        self.beat = self._celery("beat", f"--schedule={self.tmp / 'beat-schedule'}")

    def stop_all(self) -> None:
        for proc in (self.worker, self.beat):
            if proc is not None and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
        self.redis_down()


# --- the emails --------------------------------------------------------------------------------


def plan(per_kind: int, letter_ids: list[int]) -> list[tuple[str, int]]:
    work = [(kind, i) for kind in PLAIN_KINDS for i in range(per_kind)]
    work += [("outcome_letter", pk) for pk in letter_ids]
    random.shuffle(work)
    return work


def write(batch: list[tuple[str, int]], authority: Authority, user: User, contact: Contact) -> None:
    """One transaction per batch, as a service writes its email with its change."""
    with transaction.atomic():
        letters = [n for kind, n in batch if kind == "outcome_letter"]
        if letters:
            Letter.objects.filter(pk__in=letters).update(status=LetterStatus.PENDING)
            letters_email(letter_ids=letters)
        for kind, n in batch:
            if kind == "outcome_letter":
                continue
            obj = user if kind in PLAIN_KINDS[:5] else contact
            email_queue(
                kind=kind,
                to=f"{kind.replace('_', '-')}-{n}@bench.example.org",
                subject=f"Bench {kind} {n}",
                body=f"Hello,\n\nA fictional {kind} email for the fault bench ({n}).\n",
                authority_id=authority.pk,
                obj=obj,
            )


# --- the run -------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-kind", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=90.0)
    parser.add_argument("--drain", type=float, default=180.0)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    if not shutil.which("redis-server"):
        sys.exit("redis-server is not installed")
    rng_seed = args.seed if args.seed is not None else int(time.time())
    random.seed(rng_seed)
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's per-command lines
    call_command("migrate", verbosity=0)
    case = seed_letters(args.per_kind, bench="faults")
    authority, user, contact, letter_ids = (
        case.authority,
        case.referrer,
        case.contact,
        case.letter_ids,
    )
    work = plan(args.per_kind, letter_ids)

    tmp = Path(tempfile.mkdtemp(prefix="faults-"))
    sink, stack = Sink(), Stack(tmp)
    sink.start()
    stack.redis_up()
    stack.worker_up()
    stack.beat_up()
    undo: list[tuple[float, str]] = []
    faults: Counter[str] = Counter()
    started = time.monotonic()
    try:
        produce_until = started + args.seconds * 0.7
        ticks = max(int(args.seconds * 0.7 / 0.25), 1)
        per_tick = max(len(work) // ticks + 1, 1)
        next_fault = started + random.uniform(2, 5)
        first = random.sample(FAULTS[:5], 5)
        while time.monotonic() - started < args.seconds:
            now = time.monotonic()
            if work and now < produce_until + 5:
                batch, work = work[:per_tick], work[per_tick:]
                write(batch, authority, user, contact)
            for due, action in list(undo):
                if now >= due:
                    undo.remove((due, action))
                    if action == "worker":
                        stack.worker_up()
                    elif action == "redis":
                        stack.redis_up()
                    elif action == "smtp":
                        sink.mode = "accept"
            if now >= next_fault:
                busy = {action for _, action in undo}
                # Each kind of fault at least once, in a random order; then any. One whose
                # part is still broken waits for the next turn.
                choice = first[-1] if first else random.choice(FAULTS)
                if first and {"kill": "worker", "redis": "redis"}.get(choice, "smtp") not in busy:
                    first.pop()
                if choice == "kill" and "worker" not in busy:
                    stack.worker_kill()
                    undo.append((now + random.uniform(1, 4), "worker"))
                    faults["worker SIGKILL"] += 1
                elif choice == "redis" and "redis" not in busy:
                    stack.redis_down()
                    undo.append((now + random.uniform(3, 8), "redis"))
                    faults["redis stopped"] += 1
                elif choice in {"slow", "stall", "refuse"} and "smtp" not in busy:
                    sink.mode = choice
                    undo.append((now + random.uniform(4, 10), "smtp"))
                    faults[f"smtp {choice}"] += 1
                next_fault = now + random.uniform(3, 7)
            time.sleep(0.25)
        # Every fault lifted: the sweep and the retries finish the job.
        sink.mode = "accept"
        if stack.redis is None or stack.redis.poll() is not None:
            stack.redis_up()
        if stack.worker is None or stack.worker.poll() is not None:
            stack.worker_up()
        while work:  # whatever the faults delayed is written now
            batch, work = work[:per_tick], work[per_tick:]
            write(batch, authority, user, contact)
        mine = Email.objects.filter(authority=authority)
        deadline = time.monotonic() + args.drain
        while time.monotonic() < deadline:
            if not mine.filter(status__in=[EmailStatus.PENDING, EmailStatus.SENDING]).exists():
                break
            time.sleep(1)
        time.sleep(3)  # a late copy would arrive now
        drained = time.monotonic() - started
    finally:
        stack.stop_all()
        sink.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    rows = {e.message_id: e for e in Email.objects.filter(authority=authority)}
    received = Counter(mid for mid in sink.message_ids if mid in rows)
    strangers = sum(1 for mid in sink.message_ids if mid not in rows)
    per_kind: dict[str, dict[str, int]] = {}
    for kind in KINDS:
        kind_rows = [e for e in rows.values() if e.kind == kind]
        delivered = sum(1 for e in kind_rows if received[e.message_id] >= 1)
        duplicated = sum(max(received[e.message_id] - 1, 0) for e in kind_rows)
        failed = sum(
            1 for e in kind_rows if e.status == EmailStatus.FAILED and not received[e.message_id]
        )
        per_kind[kind] = {
            "expected": args.per_kind,
            "written": len(kind_rows),
            "delivered": delivered,
            "duplicated": duplicated,
            "lost": args.per_kind - delivered - failed,
            "visibly_failed": failed,
            "flagged_maybe_twice": sum(1 for e in kind_rows if e.maybe_duplicate),
        }
    marked_sent_not_received = sum(
        1 for e in rows.values() if e.status == EmailStatus.SENT and not received[e.message_id]
    )
    letters_sent = Letter.objects.filter(pk__in=letter_ids, status=LetterStatus.SENT).count()
    totals = {
        key: sum(v[key] for v in per_kind.values())
        for key in ("expected", "delivered", "duplicated", "lost", "visibly_failed")
    }
    for kind, v in per_kind.items():
        print(
            f"{kind:29s} expected {v['expected']:4d}  delivered {v['delivered']:4d}  "
            f"duplicated {v['duplicated']:3d}  lost {v['lost']:3d}  failed {v['visibly_failed']:3d}"
        )
    print(f"faults injected: {dict(faults)} (seed {rng_seed})")
    print(
        f"total {totals}; marked sent but never received: {marked_sent_not_received}; "
        f"letters marked sent: {letters_sent}/{len(letter_ids)}; sink: {sink.refused} refusals, "
        f"{sink.abandoned} messages abandoned by a client before the 250; {strangers} unknown"
    )
    print(f"run took {drained:.0f} s ({args.seconds:.0f} s of faults)")
    meets = totals["lost"] == 0 and totals["duplicated"] == 0 and marked_sent_not_received == 0
    print(
        json.dumps(
            {
                "benchmark": "faults",
                "seed": rng_seed,
                "seconds_of_faults": args.seconds,
                "run_seconds": round(drained, 1),
                "faults": dict(faults),
                "per_kind": per_kind,
                "totals": totals,
                "marked_sent_never_received": marked_sent_not_received,
                "targets": {"lost": 0, "duplicated": 0},
                "meets": meets,
            }
        )
    )


if __name__ == "__main__":
    main()
