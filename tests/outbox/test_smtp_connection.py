"""One SMTP connection per sending process, reused; a dropped one costs no email and no copy."""

from __future__ import annotations

import time
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from referral_portal.outbox import smtp
from referral_portal.outbox.models import EmailStatus
from tests.conftest import free_port

pytestmark = pytest.mark.usefixtures("outbox_in_process")


@pytest.fixture
def sink(settings: Any) -> Iterator[SimpleNamespace]:
    """aiosmtpd that counts its sessions, drops idle ones after ``timeout`` seconds, and can be
    told to hang up after receiving a message's content, before its 250."""
    from aiosmtpd.controller import Controller

    state = SimpleNamespace(sessions=0, messages=[], hang_up_in_data=False)

    class Handler:
        async def handle_EHLO(
            self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
        ) -> list[str]:  # noqa: N802,E501
            state.sessions += 1
            session.host_name = hostname
            return responses

        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            state.messages.append(envelope.original_content)
            if state.hang_up_in_data:
                server.transport.close()
                return "421 closing"
            return "250 Message accepted for delivery"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port, timeout=1.0)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    smtp.close()
    try:
        yield state
    finally:
        smtp.close()
        controller.stop()


def test_emails_one_after_another_go_over_one_connection(people, sink, email_of):
    emails = [email_of(to=f"nell{i}@example.org") for i in range(3)]
    assert [e.status for e in emails] == [EmailStatus.SENT] * 3
    assert len(sink.messages) == 3
    assert sink.sessions == 1


def test_a_connection_the_server_dropped_while_idle_is_replaced_and_the_email_sent_once(
    people, sink, email_of
):
    assert email_of(to="nell@example.org").status == EmailStatus.SENT
    time.sleep(1.6)  # the server times the idle session out (1 s); we still hold it as open
    email = email_of(to="nora@example.org")
    assert email.status == EmailStatus.SENT and email.attempts == 1
    assert len(sink.messages) == 2  # each email once
    assert sink.sessions == 2


def test_a_hang_up_after_the_message_went_is_not_retried_at_once(people, sink, email_of):
    """The server may have kept it: the outbox tries again later, same Message-ID, not now."""
    assert email_of(to="nell@example.org").status == EmailStatus.SENT
    sink.hang_up_in_data = True
    email = email_of(to="nora@example.org")
    assert email.status == EmailStatus.PENDING and email.sent_at is None
    assert email.last_error
    assert len(sink.messages) == 2  # not a third: no immediate second copy
