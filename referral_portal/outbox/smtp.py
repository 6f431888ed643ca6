"""One SMTP connection per sending process (per thread), reused from email to email.

Opening a connection costs a TCP handshake, the server's greeting, EHLO (and STARTTLS, EHLO
again with TLS) and QUIT at the end: about four round trips and, on both ends, more CPU than
sending an outcome letter's message over a connection already open. A sender (a worker's pool
process) therefore keeps its connection open between emails.

What this must not change (``services.py``): an email is marked sent only after the server's
250 to its DATA, and a resend keeps its Message-ID. A reused connection may have been dropped
by the server while idle (it times idle sessions out) or by the network. Then the first command
of the next send (MAIL FROM) fails at once: nothing of the message has gone, so it is sent
again, once, on a new connection. A failure after DATA began is never retried here (the server
may have accepted the message): it goes back to the outbox as any failed send does. A timeout
is not retried either (a send keeps within the time its lease allows for). Connections idle
longer than :data:`IDLE_SECONDS` are not trusted and are replaced before use.
"""

from __future__ import annotations

import os
import smtplib
import threading
import time
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

# Far below any server's idle timeout (RFC 5321 4.5.3.2.7: at least five minutes).
IDLE_SECONDS = 30.0

_local = threading.local()


class _Held:
    def __init__(self, backend: Any, key: tuple[Any, ...]) -> None:
        self.backend = backend
        self.key = key
        self.pid = os.getpid()
        self.used_at = time.monotonic()


def _key() -> tuple[Any, ...]:
    return (
        settings.EMAIL_BACKEND,
        getattr(settings, "EMAIL_HOST", None),
        getattr(settings, "EMAIL_PORT", None),
        getattr(settings, "EMAIL_HOST_USER", None),
        getattr(settings, "EMAIL_USE_TLS", None),
        getattr(settings, "EMAIL_USE_SSL", None),
    )


def _drop(held: _Held | None) -> None:
    """Forget the connection; close its socket (no QUIT: it may be dead) in its own process."""
    _local.held = None
    if held is None or held.pid != os.getpid():
        return  # a parent's socket after fork: not ours to close
    smtp = getattr(held.backend, "connection", None)
    if isinstance(smtp, smtplib.SMTP):
        try:
            smtp.close()
        except OSError:
            pass
    held.backend.connection = None


def _backend() -> tuple[Any, bool]:
    """The process's open backend, and whether it was open before this send (reused)."""
    held: _Held | None = getattr(_local, "held", None)
    key = _key()
    if held is not None and (
        held.key != key
        or held.pid != os.getpid()
        or time.monotonic() - held.used_at > IDLE_SECONDS
        or getattr(held.backend, "connection", None) is None
    ):
        _drop(held)
        held = None
    if held is not None:
        return held.backend, True
    backend = get_connection(fail_silently=False)
    # Open, so that send_messages leaves it open after sending (Django closes only what it opened).
    backend.open()
    _local.held = _Held(backend, key)
    return backend, False


def _watch_data(backend: Any) -> dict[str, bool]:
    """Note on the backend's SMTP object when DATA begins (after it, nothing is retried)."""
    state = {"data": False}
    smtp = getattr(backend, "connection", None)
    if isinstance(smtp, smtplib.SMTP):
        data = smtp.data

        def watched(msg: Any) -> Any:
            state["data"] = True
            return data(msg)

        smtp.data = watched  # type: ignore[method-assign]
    return state


def _dropped(error: BaseException) -> bool:
    """The connection was found closed (not slow: a timeout is not a drop)."""
    if isinstance(error, TimeoutError):
        return False
    if isinstance(error, (smtplib.SMTPServerDisconnected, ConnectionError)):
        return True
    # 421: the server is closing the connection (e.g. it timed the idle session out).
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code == 421


def send(message: EmailMessage) -> None:
    """Send ``message`` over this process's connection; raise as Django's backend raises."""
    backend, reused = _backend()
    state = _watch_data(backend)
    message.connection = backend
    try:
        message.send(fail_silently=False)
    except BaseException as error:
        _drop(getattr(_local, "held", None))
        if not (reused and not state["data"] and _dropped(error)):
            raise
        # Dropped while idle, before any of the message went: once more on a new connection.
        backend, _ = _backend()
        message.connection = backend
        try:
            message.send(fail_silently=False)
        except BaseException:
            _drop(getattr(_local, "held", None))
            raise
    held = getattr(_local, "held", None)
    if held is not None:
        held.used_at = time.monotonic()


def close() -> None:
    """Close this thread's connection (QUIT), e.g. when a worker process ends."""
    held: _Held | None = getattr(_local, "held", None)
    _local.held = None
    if held is not None and held.pid == os.getpid():
        try:
            held.backend.close()
        except (smtplib.SMTPException, OSError):
            pass
