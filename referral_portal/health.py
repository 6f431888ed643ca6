"""What /healthz reports: the database, the broker and the worker heartbeat."""

from __future__ import annotations

import time
from dataclasses import dataclass

import redis
from django.conf import settings
from django.db import connection

HEARTBEAT_KEY = "portal:worker-heartbeat"
HEARTBEAT_MAX_AGE = 120  # seconds: beat stamps every 30s, so two missed beats and more is a fault


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str


def _redis() -> redis.Redis:
    return redis.Redis.from_url(
        settings.REDIS_URL or "", socket_connect_timeout=1, socket_timeout=1
    )


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means the database is not usable
        return Check(False, type(exc).__name__)
    return Check(True, connection.vendor)


def check_broker() -> Check:
    if not settings.REDIS_URL:
        return Check(True, "no broker configured: tasks run in the web process")
    try:
        _redis().ping()
    except Exception as exc:
        return Check(False, type(exc).__name__)
    return Check(True, "redis")


def worker_heartbeat_record() -> None:
    if settings.REDIS_URL:
        _redis().set(HEARTBEAT_KEY, str(time.time()), ex=HEARTBEAT_MAX_AGE * 5)


def check_worker() -> Check:
    if not settings.REDIS_URL:
        return Check(True, "in-process")
    try:
        raw = _redis().get(HEARTBEAT_KEY)
    except Exception as exc:
        return Check(False, f"broker unreachable: {type(exc).__name__}")
    if raw is None:
        return Check(False, "no heartbeat from a worker")
    age = time.time() - float(raw)
    if age > HEARTBEAT_MAX_AGE:
        return Check(False, f"last heartbeat {int(age)}s ago")
    return Check(True, f"last heartbeat {int(age)}s ago")
