"""The outbox's one sender against a real SMTP server: sent only after the server's 250, tried
again with back-off, failed visibly, resent with the same Message-ID, and a claim that is
reclaimed only once its lease has run out."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from referral_portal.audit.models import AuditEvent
from referral_portal.outbox import services
from referral_portal.outbox.models import Email, EmailStatus

pytestmark = pytest.mark.usefixtures("outbox_in_process")


def test_an_email_is_sent_after_commit_with_the_message_id_fixed_when_it_was_written(
    people, smtp_server, email_of
):
    email = email_of()
    assert email.status == EmailStatus.SENT and email.attempts == 1
    (message,) = smtp_server.wait_for(1)
    assert message["Message-ID"] == email.message_id and message["To"] == "nell@example.org"
    assert AuditEvent.objects.filter(action="send", changes__email="registration_approved").exists()


def test_nothing_is_written_or_sent_when_the_change_that_causes_it_rolls_back(people, smtp_server):
    with pytest.raises(RuntimeError), TestCase.captureOnCommitCallbacks(execute=True):
        from django.db import transaction

        with transaction.atomic():
            services.email_queue(
                kind="registration_approved", to="x@example.org", subject="s", body="b"
            )
            raise RuntimeError("the change failed")
    assert Email.objects.count() == 0 and smtp_server.messages == []


def test_a_refusal_is_tried_again_later_and_after_the_last_try_it_fails_visibly(
    people, smtp_server, email_of, client, settings
):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    smtp_server.mode = "refuse"
    email = email_of()
    assert email.status == EmailStatus.PENDING and "451" in email.last_error
    first_wait = email.next_attempt_at - timezone.now()
    assert dt.timedelta(seconds=5) < first_wait <= dt.timedelta(seconds=16)
    # Not due yet: a task that arrives early sends nothing.
    assert services.email_send(email_id=email.pk) == "not-claimed"
    for hours in (1, 2):
        with time_machine.travel(timezone.now() + dt.timedelta(hours=hours), tick=True):
            services.outbox_sweep()
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED and email.attempts == 3
    assert smtp_server.messages == []

    # The administrator sees it with the error, and sends it again once SMTP is back.
    client.force_login(people.adam)
    page = client.get(reverse("outbox:failed")).content.decode()
    assert "nell@example.org" in page and "451" in page and "Send again" in page
    client.force_login(people.olga)  # an officer does not answer for account emails
    assert "nell@example.org" not in client.get(reverse("outbox:failed")).content.decode()
    assert client.post(reverse("outbox:resend", args=[email.pk])).status_code in (403, 404)
    assert Email.objects.get(pk=email.pk).status == EmailStatus.FAILED
    smtp_server.mode = "accept"
    client.force_login(people.adam)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("outbox:resend", args=[email.pk]))
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    (message,) = smtp_server.wait_for(1)
    assert message["Message-ID"] == email.message_id


def test_a_permanent_refusal_fails_at_once(people, smtp_server, email_of):
    smtp_server.mode = "reject"
    email = email_of()
    assert email.status == EmailStatus.FAILED and email.attempts == 1
    assert "550" in email.last_error


def test_an_unreachable_server_is_tried_again(people, settings, email_of):
    from tests.conftest import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    email = email_of()
    assert email.status == EmailStatus.PENDING and "ConnectionRefused" in email.last_error


def test_a_claimed_email_is_taken_from_its_sender_only_after_the_lease_and_is_flagged(
    people, smtp_server
):
    email = services.email_queue(
        kind="registration_approved", to="n@example.org", subject="s", body="b"
    )  # not committed: nothing sent yet
    assert services._claim(email.pk, "dead-worker")  # a worker claims it, then dies
    assert services.email_send(email_id=email.pk) == "not-claimed"
    assert services.outbox_sweep() == 0  # its lease still runs
    later = timezone.now() + dt.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS + 1)
    with time_machine.travel(later, tick=True):
        assert services.email_send(email_id=email.pk) == "sent"
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT and email.maybe_duplicate and email.attempts == 2
    assert smtp_server.wait_for(1)[0]["Message-ID"] == email.message_id
    assert services.email_send(email_id=email.pk) == "not-claimed"  # sent: never again


def test_the_lease_outlasts_any_send():
    # A send is bounded by the task's hard limit; every SMTP step by EMAIL_TIMEOUT.
    assert settings.OUTBOX_LEASE_SECONDS > settings.OUTBOX_SEND_TIME_LIMIT
    assert settings.OUTBOX_SEND_TIME_LIMIT >= 7 * settings.EMAIL_TIMEOUT
    annotations = settings.CELERY_TASK_ANNOTATIONS["outbox.send_email"]
    assert annotations["time_limit"] == settings.OUTBOX_SEND_TIME_LIMIT


def test_the_sweep_hands_over_due_emails_once_a_minute_at_most(people, with_broker_published):
    email = services.email_queue(
        kind="registration_approved", to="n@example.org", subject="s", body="b"
    )
    assert services.outbox_sweep() == 1 and with_broker_published == [[email.pk]]
    assert services.outbox_sweep() == 0  # published a moment ago
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=61), tick=True):
        assert services.outbox_sweep() == 1


@pytest.fixture
def with_broker_published(monkeypatch):
    from referral_portal.outbox.tasks import send_email
    from tests.conftest import tasks_in_process

    published: list = []
    monkeypatch.setattr(send_email, "apply_async", lambda args=None, **kw: published.append(args))
    with tasks_in_process(False):
        yield published


def test_a_secret_body_is_not_kept_once_sent(people, smtp_server, email_of):
    email = email_of(kind="password_reset")
    assert email.status == EmailStatus.SENT and email.body == ""
    assert "Hello Nell" in smtp_server.wait_for(1)[0].get_content()


def test_sent_emails_are_deleted_after_the_keeping_period_failed_ones_stay(
    people, smtp_server, email_of, settings
):
    sent = email_of()
    smtp_server.mode = "reject"
    failed = email_of(to="gone@example.org")
    later = timezone.now() + dt.timedelta(days=settings.OUTBOX_KEEP_DAYS + 1)
    assert services.outbox_prune(now=later) == 1
    assert not Email.objects.filter(pk=sent.pk).exists()
    assert Email.objects.get(pk=failed.pk).status == EmailStatus.FAILED


def test_with_the_broker_down_a_transaction_of_many_emails_waits_for_it_once(
    people, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from referral_portal.outbox.tasks import send_email
    from tests.conftest import tasks_in_process

    attempts = []

    def broker_down(*args, **kwargs):
        attempts.append(args)
        raise OperationalError("Redis is down")

    monkeypatch.setattr(send_email, "apply_async", broker_down)
    with tasks_in_process(False), django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            services.email_queue(
                kind="registration_approved", to=f"n{n}@example.org", subject="s", body="b"
            )
    assert len(attempts) == 1  # the others are left to the sweep, which finds all five
    assert Email.objects.filter(status=EmailStatus.PENDING, queued_at__isnull=True).count() == 5
