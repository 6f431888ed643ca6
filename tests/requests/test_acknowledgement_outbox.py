"""The acknowledgement's outbox: a sent request only commits; beat hands its acknowledgement to
the worker within seconds. Nothing is lost when Redis is down as the request is sent."""

from __future__ import annotations

import time

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from referral_portal.celery import app
from referral_portal.outbox.models import Email, EmailStatus
from referral_portal.outbox.services import outbox_sweep
from requests.models import Contact
from requests.services import contact_submit
from tests.conftest import tasks_in_process
from tests.requests.factories import CompleteDraftFactory


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
    email = Email.objects.get(kind="acknowledgement")
    assert email.status == EmailStatus.PENDING and email.object_id == draft.pk
    assert mail.outbox == []

    in_process_outbox()
    assert outbox_sweep() == 1
    contact = Contact.objects.get(pk=draft.pk)
    assert len(mail.outbox) == 1 and contact.reference in mail.outbox[0].subject
    assert mail.outbox[0].extra_headers["Message-ID"] == email.message_id
    assert outbox_sweep() == 0  # sent: never again
    assert len(mail.outbox) == 1
    assert Email.objects.get(pk=email.pk).status == EmailStatus.SENT


@pytest.fixture
def in_process_outbox():
    """Run the outbox's tasks in this process (the worker's part), once asked to."""
    with tasks_in_process(False):
        yield lambda: app.conf.update(task_always_eager=True)


@pytest.mark.django_db
def test_a_failed_acknowledgement_is_shown_to_the_front_door_and_sent_again(
    people, smtp_server, in_process, settings, client, django_capture_on_commit_callbacks
):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    smtp_server.mode = "reject"
    draft = CompleteDraftFactory(created_by=people.alice)
    with django_capture_on_commit_callbacks(execute=True):
        contact = contact_submit(contact_id=draft.pk, user=people.alice)
    email = Email.objects.get(kind="acknowledgement")
    assert email.status == EmailStatus.FAILED
    client.force_login(people.olga)
    page = client.get(reverse("outbox:failed")).content.decode()
    assert contact.reference in page and people.alice.email in page
    smtp_server.mode = "accept"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("outbox:resend", args=[email.pk]))
    (message,) = smtp_server.wait_for(1)
    assert contact.reference in str(message["Subject"])
    assert message["Message-ID"] == email.message_id


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
        assert contact.reference
        assert Email.objects.get(object_id=contact.pk).status == EmailStatus.PENDING
        private_redis.up()
        celery_worker_process.start()
        celery_worker_process.start_beat(tmp_path)
        smtp_server.wait_for(1, timeout=60)
        time.sleep(6)  # a second sweep has run: still one email
        messages = list(smtp_server.messages)
    assert len(messages) == 1, [str(m["Subject"]) for m in messages]
    assert str(messages[0]["To"]) == people.alice.email
    assert contact.reference in str(messages[0]["Subject"])
    email = Email.objects.get(object_id=contact.pk, kind="acknowledgement")
    assert email.status == EmailStatus.SENT and messages[0]["Message-ID"] == email.message_id
