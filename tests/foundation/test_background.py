"""Background work is queued after commit; with no Redis it runs in-process."""

from __future__ import annotations

import pytest
from django.db import transaction

from referral_portal import health
from referral_portal.tasks import heartbeat


@pytest.fixture
def in_process():
    """As when REDIS_URL is absent: tasks run eagerly in this process."""
    from referral_portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_a_task_runs_in_process_after_commit(in_process, monkeypatch):
    ran: list[str] = []
    monkeypatch.setattr(health, "worker_heartbeat_record", lambda: ran.append("ran"))
    with transaction.atomic():
        heartbeat.delay_on_commit()
        assert ran == []  # not before the commit
    assert ran == ["ran"]


@pytest.mark.django_db(transaction=True)
def test_rolled_back_transaction_queues_nothing(in_process, monkeypatch):
    ran: list[str] = []
    monkeypatch.setattr(health, "worker_heartbeat_record", lambda: ran.append("ran"))
    with pytest.raises(RuntimeError), transaction.atomic():
        heartbeat.delay_on_commit()
        raise RuntimeError("rollback")
    assert ran == []


def test_celery_is_configured_not_to_lose_or_double_work():
    from referral_portal.celery import app

    conf = app.conf
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.worker_prefetch_multiplier == 1
    assert conf.accept_content == ["json"] and conf.task_serializer == "json"
    assert conf.broker_transport_options["visibility_timeout"] > conf.task_time_limit
