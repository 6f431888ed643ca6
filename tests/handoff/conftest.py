"""A real receiving system on the loopback interface, and decided contacts."""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Receiver:
    """``mode``: "ok" (204), "500", "slow" (waits ``delay`` seconds, then 200). ``stop()``
    takes it off the network (connections refused) and ``start()`` brings it back on the
    same port."""

    port: int
    mode: str = "ok"
    delay: float = 1.0
    received: list[dict[str, Any]] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/portal-events"

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if receiver.mode == "slow":
                    time.sleep(receiver.delay)
                receiver.received.append(
                    {
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": body,
                        "path": self.path,
                        "answered": 500 if receiver.mode == "500" else 200,
                    }
                )
                self.send_response(500 if receiver.mode == "500" else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def accepted(self) -> list[dict[str, Any]]:
        return [r for r in self.received if r["answered"] == 200]

    def documents(self) -> list[dict[str, Any]]:
        return [json.loads(r["body"]) for r in self.accepted()]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def receiver() -> Any:
    r = Receiver(port=free_port())
    r.start()
    yield r
    r.stop()


@pytest.fixture
def receiver_factory() -> Any:
    made: list[Receiver] = []

    def make() -> Receiver:
        r = Receiver(port=free_port())
        r.start()
        made.append(r)
        return r

    yield make
    for r in made:
        r.stop()


@pytest.fixture(autouse=True)
def _loopback_allowed(settings: Any) -> None:
    settings.HANDOFF_ALLOW_PRIVATE_ENDPOINTS = True


@pytest.fixture(autouse=True)
def _deliveries_in_process() -> Any:
    """Deliveries are POSTed in this process once the transaction commits (no broker); the
    real worker's path is the same service (``tasks.deliver``)."""
    from tests.conftest import tasks_in_process

    with tasks_in_process(True):
        yield


def endpoint_for(authority: Any, url: str, *, sections: tuple[str, ...] = ("rationale",)) -> Any:
    from requests.handoff import services

    endpoint, _secret = services.endpoint_create(
        authority_id=authority.pk, name="Case system", url=url, sections=sections, actor=None
    )
    return endpoint


def decide(people: Any, *, by: Any = None, officer: Any = None, manager: Any = None) -> Any:
    """A contact whose decision a duty manager agreed (commits run their hooks)."""
    from django.test import TestCase

    from requests.triage import services
    from tests.triage.factories import awaiting_manager

    officer = officer or people.olga
    manager = manager or people.mike
    with TestCase.captureOnCommitCallbacks(execute=True):
        contact, decision = awaiting_manager(by=by or people.alice, officer=officer)
        services.decision_agree(
            manager=manager, decision=decision, letters_reason="No family named in this test"
        )
    return contact


def verify(secret: str, record: dict[str, Any]) -> Any:
    """The Standard Webhooks reference library's check of one received request."""
    from standardwebhooks.webhooks import Webhook

    return Webhook(secret).verify(record["body"], record["headers"])
