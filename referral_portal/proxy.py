"""Who the client is, behind the reverse proxy (security review M6, M7, L3).

``X-Forwarded-For`` and ``X-Forwarded-Proto`` are believed only when the request comes from
an address in ``TRUSTED_PROXIES`` (addresses, networks or host names, such as the compose
service ``proxy``). From there, the client's address replaces ``REMOTE_ADDR``, so the API's
rate limit, sign-in limits and the audit trail all see the real client; from anywhere else
both headers are removed before any other code reads them.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

RESOLVE_EVERY = 60.0  # seconds: a proxy container's address may change when it restarts

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _networks(entries: list[str]) -> list[Network]:
    networks: list[Network] = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
            continue
        except ValueError:
            pass
        try:
            infos = socket.getaddrinfo(entry, None)
        except OSError:
            continue  # not resolvable now: trusted once it is
        for info in infos:
            networks.append(ipaddress.ip_network(info[4][0]))
    return networks


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


class TrustedProxyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._networks: list[Network] = []
        self._resolved_at = -RESOLVE_EVERY
        self._entries: list[str] = []

    def trusted(self) -> list[Network]:
        entries = list(settings.TRUSTED_PROXIES)
        now = time.monotonic()
        if entries != self._entries or now - self._resolved_at >= RESOLVE_EVERY:
            self._networks, self._entries, self._resolved_at = _networks(entries), entries, now
        return self._networks

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        peer = _address(meta.get("REMOTE_ADDR", ""))
        from_proxy = peer is not None and any(peer in net for net in self.trusted())
        if from_proxy:
            # The proxy appends the address it saw; anything before it came from the client.
            forwarded = meta.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1]
            client = _address(forwarded)
            if client is not None:
                meta["REMOTE_ADDR"] = str(client)
            meta["HTTP_X_FORWARDED_FOR"] = meta["REMOTE_ADDR"]
        else:
            meta.pop("HTTP_X_FORWARDED_FOR", None)
            meta.pop("HTTP_X_FORWARDED_PROTO", None)
        return self.get_response(request)
