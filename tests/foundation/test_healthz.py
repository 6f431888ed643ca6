"""/healthz reports the database, the broker and the worker heartbeat."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse

from referral_portal import health

needs_redis = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (make test sets it)"
)


def test_all_well_without_a_broker(client, db, settings):
    settings.REDIS_URL = None
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@needs_redis
def test_worker_heartbeat_makes_it_healthy(client, db, settings):
    settings.REDIS_URL = os.environ["REDIS_URL"]
    health.worker_heartbeat_record()
    body = client.get(reverse("healthz")).json()
    assert body["checks"]["worker"]["ok"] and body["checks"]["broker"]["ok"]


@needs_redis
def test_no_heartbeat_names_the_worker(client, db, settings):
    settings.REDIS_URL = os.environ["REDIS_URL"]
    health._redis().delete(health.HEARTBEAT_KEY)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["failing"] == ["worker"]


def test_broker_down_is_named_and_pages_still_work(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["failing"] == ["broker", "worker"]
    assert client.get(reverse("accounts:login")).status_code == 200


def test_resilient_cache_misses_while_redis_is_down():
    from referral_portal.cache import ResilientRedisCache

    cache = ResilientRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}}
    )
    cache.set("k", "v")
    assert cache.get("k", "default") == "default"
