"""Standard Webhooks signatures (https://www.standardwebhooks.com/, "Signature scheme"),
by hand: the ``standardwebhooks`` package is only used by the tests and the receiver example
to check these (docs/handoff.md).

The signed content is ``{webhook-id}.{webhook-timestamp}.{body}``; the signature HMAC-SHA256
with the secret's bytes (base64 after the ``whsec_`` prefix), sent as ``v1,<base64>``. During a
secret's rotation both the new and the old secret sign, space-separated, as the scheme allows.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterable

PREFIX = "whsec_"


def secret_new() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(PREFIX))


def signature(secret: str, *, msg_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(secrets_: Iterable[str], *, msg_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The three Standard Webhooks headers for ``body``, signed with every secret given."""
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(
            signature(s, msg_id=msg_id, timestamp=timestamp, body=body) for s in secrets_ if s
        ),
    }
