from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


@pytest.fixture
def client_for() -> Any:
    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


@pytest.fixture
def queued(monkeypatch: Any) -> Any:
    """Letters whose email the outbox would hand to the worker, as ``[letter id]`` per task
    message, instead of reaching Redis (the web process as in production: a broker set)."""
    from referral_portal.outbox.models import Email
    from referral_portal.outbox.tasks import send_email
    from tests.conftest import tasks_in_process

    published: list[Any] = []

    def publish(args: Any = None, **kw: Any) -> None:
        published.append([Email.objects.get(pk=args[0]).object_id])

    monkeypatch.setattr(send_email, "apply_async", publish)
    with tasks_in_process(False):
        yield published


@pytest.fixture
def front_door(people: Any) -> Any:
    """The home authority's front door in the directory, open on weekdays."""
    import datetime as dt

    from contacts.models import Availability, OpeningHours, Service, ServiceKind

    service = Service.objects.create(
        authority=people.home,
        kind=ServiceKind.FRONT_DOOR,
        name="Home Children's Front Door",
        short_name="Front Door",
        phone="0100 000 0001",
        availability=Availability.HOURS,
    )
    for weekday in range(5):
        OpeningHours.objects.create(
            service=service, weekday=weekday, opens=dt.time(8, 45), closes=dt.time(17, 15)
        )
    return service


class ControlledSmtp:
    """aiosmtpd that can refuse for a while or stall in RCPT, recording only accepted mail."""

    def __init__(self) -> None:
        self.messages: list[Any] = []
        self.refused = 0
        self.refuse_until = 0.0
        self.stall_next_rcpt_for = 0.0
        self.stalled = False

    def wait_for(self, count: int, timeout: float = 45.0) -> list[Any]:
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.messages) < count:
            time.sleep(0.1)
        return list(self.messages)


@pytest.fixture
def letters_smtp(settings: Any) -> Any:
    """Request it BEFORE ``celery_worker_process``: the worker takes the port from settings."""
    import asyncio
    import time
    from email import message_from_bytes, policy

    from aiosmtpd.controller import Controller

    from tests.conftest import free_port

    state = ControlledSmtp()

    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
            if state.stall_next_rcpt_for:
                stall, state.stall_next_rcpt_for = state.stall_next_rcpt_for, 0.0
                state.stalled = True
                await asyncio.sleep(stall)
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            if time.monotonic() < state.refuse_until:
                state.refused += 1
                return "451 4.3.0 Mail server busy, try again later"
            state.messages.append(
                message_from_bytes(envelope.original_content, policy=policy.default)
            )
            return "250 Message accepted for delivery"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    try:
        yield state
    finally:
        controller.stop()


@pytest.fixture
def empty_queue() -> None:
    """This test run's Redis database (REDIS_URL, ours alone) starts with no old messages."""
    import os

    import redis

    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
