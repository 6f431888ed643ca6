"""One beat at a time, however many are started (issue 23: scaled out, beat runs exactly once).

Beat sends the periodic work (the outbox sweep every 5 s, the heartbeat, the nightly retention
run...). Two beats would send each of it twice. The compose file runs one beat service, but
nothing stops an operator from scaling it or starting a second by hand, so each beat takes a
lock in Redis (the broker) before it sends anything: ``SET NX`` with a time to live, renewed
every third of it while the beat runs. A second beat stands by until the lock is free (the
first stopped, or died and its lock ran out), then takes over. A beat that finds its lock gone
(taken by another after Redis lost it) stops at once rather than send alongside.
"""

from __future__ import annotations

import atexit
import logging
import os
import secrets
import threading
import time
from typing import Any

log = logging.getLogger(__name__)

KEY = "portal:beat:lock"
TTL_SECONDS = 60
WAIT_SECONDS = 5.0

# Renew (or, at the end, release) only a lock that is still ours.
_RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('expire', KEYS[1], ARGV[2]) else return 0 end"
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"


def beat_lock_hold(
    url: str, *, ttl: int = TTL_SECONDS, wait: float = WAIT_SECONDS, renew: bool = True
) -> str:
    """Block until this process holds the beat lock; keep it renewed. Returns the token."""
    import redis

    client: Any = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
    token = secrets.token_hex(16)
    told = False
    while True:
        try:
            if client.set(KEY, token, nx=True, ex=ttl):
                break
        except redis.RedisError as error:
            log.warning("beat lock: Redis unavailable (%s); trying again", error)
        if not told:
            log.warning("beat lock: another beat is running; this one stands by")
            told = True
        time.sleep(wait)
    log.info("beat lock taken: this beat sends the schedule")
    atexit.register(_release, client, token)
    if renew:
        threading.Thread(
            target=_keep, args=(client, token, ttl), name="beat-lock", daemon=True
        ).start()
    return token


def _keep(client: Any, token: str, ttl: int) -> None:
    import redis

    while True:
        time.sleep(ttl / 3)
        try:
            held = client.eval(_RENEW, 1, KEY, token, ttl)
        except redis.RedisError as error:
            # Redis is down: no beat can send anything now; try again at the next renewal.
            log.warning("beat lock: could not renew (%s)", error)
            continue
        if not held:
            log.error("beat lock: lost to another beat; stopping so that only one sends")
            os._exit(3)


def _release(client: Any, token: str) -> None:
    try:
        client.eval(_RELEASE, 1, KEY, token)
    except Exception:  # noqa: BLE001 - the lock runs out by itself
        log.warning("beat lock: not released; it runs out within %s s", TTL_SECONDS)
