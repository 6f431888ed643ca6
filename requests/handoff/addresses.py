"""Which endpoint URLs the portal will POST a child's data to (server-side request forgery).

In production only ``https`` to public addresses: every address the host name resolves to must
be global (not private, loopback, link-local, reserved or multicast), checked when the endpoint
is saved and again before each POST. ``HANDOFF_ALLOW_PRIVATE_ENDPOINTS`` allows plain ``http``
and private addresses, for a council whose system is on its own network (and for the tests'
loopback receiver). Redirects are never followed (``services.deliver``).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings


class UnsafeURL(ValueError):
    """The message is for the administrator."""


def check(url: str) -> None:
    parts = urlsplit(url)
    allow_private = bool(settings.HANDOFF_ALLOW_PRIVATE_ENDPOINTS)
    allowed_schemes = {"https", "http"} if allow_private else {"https"}
    if parts.scheme not in allowed_schemes:
        raise UnsafeURL("Enter an address that starts with https://")
    if not parts.hostname:
        raise UnsafeURL("Enter the full address of the receiving system, with its host name")
    if parts.username or parts.password:
        raise UnsafeURL("Leave the user name and password out of the address")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise UnsafeURL(f"The host name {parts.hostname} cannot be found") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global or address.is_multicast:
            raise UnsafeURL(
                f"{parts.hostname} is a private or local address: the portal sends only to "
                "public addresses"
            )
