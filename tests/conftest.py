"""Shared fixtures: named personas, a real SMTP server, Chromium with axe, a Celery worker.

Personas (one authority "home" with two agencies, and another authority "away"):
- alice: practitioner at school A (home)        - bob: practitioner at agency B (home)
- lena: safeguarding lead at school A (home)    - olga: officer (home)
- mike: duty manager (home)                     - dora: Disclosure Team (home)
- adam: administrator (home)                    - otto: officer of the other authority (away)
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

# Playwright's sync API keeps an event loop on the test thread; database work in tests that
# also drive the browser is still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(autouse=True)
def _two_factor_not_enforced(settings: Any) -> None:
    """Most tests are about other behaviour: sign-in's second step is tested on its own
    (tests/foundation/test_two_factor.py), with ``two_factor_enforced``."""
    settings.TWO_FACTOR_ENFORCED = False


@pytest.fixture(autouse=True)
def _fresh_anonymous_rate_limit() -> None:
    """Every test client comes from 127.0.0.1: forget earlier tests' anonymous API calls,
    which live in the shared cache (Redis under `make test`) and would otherwise 429."""
    from django.core.cache import cache

    cache.delete("throttle_anon_127.0.0.1")


@pytest.fixture(autouse=True)
def _broker_presumed_up() -> None:
    """A test that made publishing fail leaves the outbox's few-second pause behind: each test
    starts with the broker presumed up."""
    from referral_portal.outbox import leases

    leases._broker_down_until = 0.0


@pytest.fixture
def two_factor_enforced(settings: Any) -> None:
    settings.TWO_FACTOR_ENFORCED = True


def totp_now(device: Any) -> str:
    """The code an authenticator app would show now for ``device``."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def people(db: Any) -> SimpleNamespace:
    from referral_portal.accounts.models import AgencyType, Role
    from tests.factories import AgencyFactory, AuthorityFactory, UserFactory

    home = AuthorityFactory(slug="home", name="Home Council", code="HOM")
    away = AuthorityFactory(slug="away", name="Away Council", code="AWY")
    school = AgencyFactory(authority=home, name="School A", agency_type=AgencyType.SCHOOL)
    agency_b = AgencyFactory(authority=home, name="Agency B", agency_type=AgencyType.HEALTH)
    away_agency = AgencyFactory(authority=away, name="Away School", agency_type=AgencyType.SCHOOL)

    def staff(role: str, email: str, authority: Any) -> Any:
        return UserFactory(email=email, role=role, authority=authority, agency=None)

    return SimpleNamespace(
        home=home,
        away=away,
        school=school,
        agency_b=agency_b,
        away_agency=away_agency,
        alice=UserFactory(email="alice@schoola.example.org", role=Role.PRACTITIONER, agency=school),
        bob=UserFactory(email="bob@agencyb.example.org", role=Role.PRACTITIONER, agency=agency_b),
        lena=UserFactory(
            email="lena@schoola.example.org", role=Role.SAFEGUARDING_LEAD, agency=school
        ),
        zara=UserFactory(
            email="zara@awayschool.example.org", role=Role.PRACTITIONER, agency=away_agency
        ),
        olga=staff(Role.OFFICER, "olga@home.example.org", home),
        mike=staff(Role.MANAGER, "mike@home.example.org", home),
        dora=staff(Role.DISCLOSURE, "dora@home.example.org", home),
        adam=staff(Role.ADMIN, "adam@home.example.org", home),
        otto=staff(Role.OFFICER, "otto@away.example.org", away),
        mona=staff(Role.MANAGER, "mona@away.example.org", away),
    )


# --- a real SMTP server -------------------------------------------------------------------


@dataclass
class SmtpServer:
    """``mode``: "accept"; "refuse" (451 at RCPT: try later); "reject" (550 at RCPT: never);
    "slow" (stores the message, then waits ``delay`` seconds before its 250); "stall" (waits
    ``delay`` seconds at RCPT). Switch it at any time."""

    host: str
    port: int
    messages: list[Any]
    mode: str = "accept"
    delay: float = 2.0

    def wait_for(self, count: int, timeout: float = 20.0) -> list[Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.messages) < count:
            time.sleep(0.05)
        return list(self.messages)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SmtpServer]:
    """aiosmtpd on 127.0.0.1, with Django's SMTP backend pointed at it."""
    import asyncio
    from email import message_from_bytes, policy

    from aiosmtpd.controller import Controller

    received: list[Any] = []
    state: list[SmtpServer] = []

    class Handler:
        async def handle_RCPT(  # noqa: N802
            self, server: Any, session: Any, envelope: Any, address: str, options: Any
        ) -> str:
            mode = state[0].mode
            if mode == "refuse":
                return "451 4.3.0 Try again later"
            if mode == "reject":
                return "550 5.1.1 No such mailbox"
            if mode == "stall":
                await asyncio.sleep(state[0].delay)
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            message = message_from_bytes(envelope.original_content, policy=policy.default)
            received.append(message)
            if state[0].mode == "slow":
                await asyncio.sleep(state[0].delay)
            return "250 Message accepted for delivery"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    state.append(SmtpServer("127.0.0.1", port, received))
    try:
        yield state[0]
    finally:
        controller.stop()


# --- Chromium driven by Playwright, and axe-core -----------------------------------------

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A page under the portal's real Content Security Policy: any violation the browser
    reports fails the next ``assert_accessible``."""
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(15000)
    page = context.new_page()
    page.csp_violations = []  # type: ignore[attr-defined]
    page.on(
        "console",
        lambda message: (
            page.csp_violations.append(message.text)  # type: ignore[attr-defined]
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()


def sign_in(page: Any, live_server: Any, user: Any) -> None:
    """Sign ``user`` in the browser by setting a real session cookie (no form round-trip)."""
    from django.conf import settings as django_settings
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the page for WCAG 2.2 A and AA; return the violations."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        if page.url.startswith("http"):
            origin = "/".join(page.url.split("/")[:3])
            page.add_script_tag(url=f"{origin}/static/axe/axe.min.js")
        else:  # a page set from a string (the 500 page) has no origin to load from
            page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag', values:
            ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']}})"""
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def assert_accessible(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe found WCAG 2.2 A/AA violations on {page.url}: {violations}"
    csp = getattr(page, "csp_violations", [])
    assert csp == [], f"the page broke the Content Security Policy on {page.url}: {csp}"


# --- a real Celery worker on the real Redis ------------------------------------------------


@pytest.fixture
def celery_worker_process(transactional_db: Any, settings: Any) -> Iterator[Any]:
    """A real ``celery worker`` subprocess against REDIS_URL and this test's database.

    The test must commit its data (``transactional_db``) for the worker to see it.
    """
    from django.db import connection

    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.fail("REDIS_URL is not set: `make test` starts Redis and sets it")
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.fail("the Celery worker tests need PostgreSQL (DATABASE_URL)")
    database_url = (
        f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    )
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        DEBUG="0",
        SECRET_KEY=settings.SECRET_KEY + "x" * 50,
        EMAIL_URL=f"smtp://{settings.EMAIL_HOST}:{settings.EMAIL_PORT}",
        SECURE_SSL_REDIRECT="0",
    )
    processes: list[subprocess.Popen[bytes]] = []

    def celery(*args: str) -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "referral_portal", *args, "--loglevel=WARNING"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        processes.append(proc)
        return proc

    def start(concurrency: int = 1, pool: str = "prefork") -> subprocess.Popen[bytes]:
        return celery(
            "worker",
            f"--concurrency={concurrency}",
            f"--pool={pool}",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        )

    def start_beat(tmp: Path) -> subprocess.Popen[bytes]:
        """``celery beat`` with the project's schedule (its state file in ``tmp``)."""
        return celery("beat", f"--schedule={tmp / 'beat-schedule'}")

    yield SimpleNamespace(start=start, start_beat=start_beat, env=env)
    for proc in processes:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture
def private_redis() -> Iterator[Any]:
    """A Redis of this test's own (the shared one is never stopped), and the app pointed at it."""
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"

    def start() -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                redis.Redis.from_url(url).ping()
                return proc
            except redis.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    from referral_portal.celery import app

    old_url = app.conf.broker_url
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None
    procs = []

    class Control:
        url = ""

        def up(self) -> None:
            procs.append(start())

        def down(self) -> None:
            procs[-1].terminate()
            procs[-1].wait(timeout=10)

    control = Control()
    control.url = url
    control.up()
    try:
        yield control
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=10)
        app.conf.broker_url = old_url
        app._pool = None
        app.amqp._producer_pool = None


@contextmanager
def tasks_in_process(in_process: bool) -> Iterator[None]:
    """Celery tasks run in this process (as with no broker) or are sent to the broker."""
    from referral_portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = in_process
    try:
        yield
    finally:
        app.conf.task_always_eager = before


def have(command: str) -> bool:
    return shutil.which(command) is not None


@pytest.fixture
def outbox_in_process() -> Iterator[None]:
    """Emails are sent in this process once the transaction commits, as with no broker."""
    with tasks_in_process(True):
        yield
