"""The acknowledgement's outbox: a sent request only commits; beat hands its acknowledgement to
the worker within seconds. Nothing is lost when Redis is down as the request is sent."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from referral_portal.celery import app
from requests.models import Contact
from requests.services import acknowledgements_queue, contact_submit
from tests.conftest import tasks_in_process
from tests.requests.factories import CompleteDraftFactory, DraftFactory, SentFactory


@pytest.fixture
def with_broker():
    """The web process as in production: a broker configured, tasks not run in-process."""
    with tasks_in_process(False):
        yield


@pytest.mark.django_db
def test_with_a_broker_sending_waits_on_nothing_and_the_outbox_sends_it_once(
    people, with_broker, django_capture_on_commit_callbacks, in_process_outbox
):
    draft = CompleteDraftFactory(created_by=people.alice)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        contact_submit(contact_id=draft.pk, user=people.alice)
    assert callbacks == []  # nothing published from the request
    contact = Contact.objects.get(pk=draft.pk)
    assert contact.acknowledgement_sent_at is None and mail.outbox == []

    in_process_outbox()
    assert acknowledgements_queue() == [contact.pk]
    contact.refresh_from_db()
    assert contact.acknowledgement_sent_at is not None and contact.acknowledgement_queued_at
    assert len(mail.outbox) == 1 and contact.reference in mail.outbox[0].subject
    assert acknowledgements_queue() == []  # sent: never again
    assert len(mail.outbox) == 1


@pytest.fixture
def in_process_outbox():
    """Run the outbox's tasks in this process (the worker's part), once asked to."""
    with tasks_in_process(False):
        yield lambda: app.conf.update(task_always_eager=True)


@pytest.mark.django_db
def test_the_outbox_queues_each_once_requeues_an_hour_later_and_skips_old_and_drafts(
    people, in_process
):
    now = timezone.now()

    def sent(reference, **fields):
        return SentFactory(created_by=people.alice, reference=reference, **fields)

    fresh = sent("HOM-2026-000101", submitted_at=now - dt.timedelta(minutes=1))
    queued_lately = sent(
        "HOM-2026-000102",
        submitted_at=now - dt.timedelta(minutes=30),
        acknowledgement_queued_at=now - dt.timedelta(minutes=20),
    )
    stuck = sent(
        "HOM-2026-000103",
        submitted_at=now - dt.timedelta(hours=3),
        acknowledgement_queued_at=now - dt.timedelta(hours=2),
    )
    sent("HOM-2026-000104", submitted_at=now - dt.timedelta(days=3))  # too old to mail now
    sent(
        "HOM-2026-000105",
        submitted_at=now - dt.timedelta(minutes=5),
        acknowledgement_sent_at=now - dt.timedelta(minutes=4),
    )
    DraftFactory(created_by=people.alice)

    queued = acknowledgements_queue(now=now)  # the tasks run here (in_process)

    assert sorted(queued) == sorted([fresh.pk, stuck.pk])
    assert sorted(m.subject.split(": ")[-1] for m in mail.outbox) == [
        "HOM-2026-000101",
        "HOM-2026-000103",
    ]
    queued_lately.refresh_from_db()
    assert queued_lately.acknowledgement_queued_at == now - dt.timedelta(minutes=20)
    for contact in (fresh, stuck):
        contact.refresh_from_db()
        assert contact.acknowledgement_queued_at == now and contact.acknowledgement_sent_at


@pytest.mark.django_db(transaction=True)
def test_redis_down_as_the_request_is_sent_the_acknowledgement_arrives_once_it_is_back(
    people, smtp_server, private_redis, celery_worker_process, tmp_path
):
    """Real parts: the POST through the whole stack, Redis stopped, then a real worker and a
    real beat on it, and aiosmtpd receiving the one email."""
    celery_worker_process.env["REDIS_URL"] = private_redis.url
    with tasks_in_process(False):
        draft = CompleteDraftFactory(created_by=people.alice)
        private_redis.down()
        client = Client()
        client.force_login(people.alice)
        response = client.post(f"/requests-for-support/{draft.pk}/check/", {"declaration": "on"})
        assert response.status_code == 302 and response.url.endswith(f"/{draft.pk}/sent/")
        contact = Contact.objects.get(pk=draft.pk)
        assert contact.reference and contact.acknowledgement_sent_at is None
        private_redis.up()
        celery_worker_process.start()
        celery_worker_process.start_beat(tmp_path)
        smtp_server.wait_for(1, timeout=60)
        time.sleep(6)  # a second sweep has run: still one email
        messages = list(smtp_server.messages)
    assert len(messages) == 1, [str(m["Subject"]) for m in messages]
    assert str(messages[0]["To"]) == people.alice.email
    assert contact.reference in str(messages[0]["Subject"])
    contact.refresh_from_db()
    assert contact.acknowledgement_sent_at is not None
