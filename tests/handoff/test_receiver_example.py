"""docs/handoff.md: the receiver example works against the real portal, and the example
document there is valid against the published schema."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
from django.conf import settings

from requests.handoff import document
from requests.handoff.models import HandoffEvent
from tests.handoff.conftest import decide, endpoint_for, free_port

DOCS = Path(settings.BASE_DIR) / "docs"


def test_the_example_document_in_the_docs_is_valid():
    text = (DOCS / "handoff.md").read_text()
    example = json.loads(re.search(r"```json\n(.*?)\n```", text, re.S).group(1))
    jsonschema.Draft202012Validator(document.schema()).validate(example)


def test_the_receiver_example_verifies_and_stores_each_event_once(people, tmp_path):
    import socket

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    endpoint = endpoint_for(people.home, url)
    store = tmp_path / "handoffs.sqlite3"
    env = {**os.environ, "HANDOFF_SECRET": endpoint.secret, "HANDOFF_DB": str(store)}
    receiver = subprocess.Popen(  # noqa: S603 - our own example, fixed arguments
        [sys.executable, str(DOCS / "handoff_receiver.py"), str(port)], env=env
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        contact = decide(people)
        event = HandoffEvent.objects.get(contact=contact)
        # A forged event (signed with another secret) is refused and not stored.
        from requests.handoff import signing
        from requests.handoff.services import _post

        body = b'{"schema": "contact-handoff/v1"}'
        forged = signing.headers(
            [signing.secret_new()], msg_id="msg_forged", timestamp=int(time.time()), body=body
        )
        assert _post(url, body, {"Content-Type": "application/json", **forged})[0] == 401
        # A repeat of the real event (the same webhook-id) is stored once.
        from requests.handoff.models import Delivery
        from requests.handoff.services import deliver

        Delivery.objects.update(status="pending", attempts=0)
        assert deliver(delivery_id=Delivery.objects.get().pk) == "sent"
    finally:
        receiver.terminate()
        receiver.wait(timeout=10)
    rows = sqlite3.connect(store).execute("SELECT webhook_id, document FROM events").fetchall()
    assert [r[0] for r in rows] == [event.webhook_id]
    assert json.loads(rows[0][1])["contact"]["portal_id"] == contact.pk
