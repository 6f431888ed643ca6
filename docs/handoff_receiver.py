"""A council's receiver of the portal's hand-off (docs/handoff.md): checks the Standard Webhooks
signature and stores each event once, by its webhook-id. Run: HANDOFF_SECRET=whsec_... python
handoff_receiver.py 8080. Needs only `pip install standardwebhooks`."""

import json
import os
import sqlite3
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

hook = Webhook(os.environ["HANDOFF_SECRET"])
db = sqlite3.connect(os.environ.get("HANDOFF_DB", "handoffs.sqlite3"), check_same_thread=False)
db.execute("CREATE TABLE IF NOT EXISTS events (webhook_id TEXT PRIMARY KEY, document TEXT)")


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - the name http.server calls
        body = self.rfile.read(int(self.headers["Content-Length"]))
        try:
            document = hook.verify(body, dict(self.headers))
        except WebhookVerificationError:
            self.send_response(401)  # not from the portal, or too old: not stored
            self.end_headers()
            return
        with db:  # a repeat of an event comes with the same webhook-id: stored once
            db.execute(
                "INSERT OR IGNORE INTO events VALUES (?, ?)",
                (self.headers["webhook-id"], json.dumps(document)),
            )
        self.send_response(204)
        self.end_headers()


HTTPServer(("127.0.0.1", int(sys.argv[1])), Receiver).serve_forever()
