"""Background work is queued after commit; with no Redis it runs in-process."""

from __future__ import annotations

import pytest
from django.db import transaction

from referral_portal.tasks import after_commit


@pytest.mark.django_db(transaction=True)
def test_work_after_commit_runs_once_the_transaction_commits():
    ran: list[str] = []
    with transaction.atomic():
        after_commit(lambda: ran.append("ran"), what="a test")
        assert ran == []  # not before the commit
    assert ran == ["ran"]


@pytest.mark.django_db(transaction=True)
def test_rolled_back_transaction_runs_nothing():
    ran: list[str] = []
    with pytest.raises(RuntimeError), transaction.atomic():
        after_commit(lambda: ran.append("ran"), what="a test")
        raise RuntimeError("rollback")
    assert ran == []


@pytest.mark.django_db(transaction=True)
def test_a_failure_after_commit_is_logged_and_the_saved_change_stands(caplog):
    from django.contrib.auth.models import Group

    def fail() -> None:
        raise OSError("disk gone")

    with transaction.atomic():
        Group.objects.create(name="Saved in a test")
        after_commit(fail, what="tidying in a test")
    assert Group.objects.filter(name="Saved in a test").exists()
    assert "after commit: tidying in a test failed" in caplog.text


def test_celery_is_configured_not_to_lose_or_double_work():
    from referral_portal.celery import app

    conf = app.conf
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.worker_prefetch_multiplier == 1
    assert conf.accept_content == ["json"] and conf.task_serializer == "json"
    assert conf.broker_transport_options["visibility_timeout"] > conf.task_time_limit
