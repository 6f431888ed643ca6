"""Real parts (issue 22 item 4): the beat task `requests.gathering.tasks.clock_tick`, delivered
twice through Redis to a real Celery worker; the reminder and the overdue flags each reach
aiosmtpd once."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections import Counter

import pytest
from django.utils import timezone

from requests.gathering import services
from requests.gathering.models import GatheringRequest
from requests.gathering.tasks import clock_tick
from tests.triage.factories import consented_contact

pytestmark = pytest.mark.django_db(transaction=True)


def _sent(people):
    contact = consented_contact(by=people.bob, officer=people.olga)
    return services.gathering_request_send(
        user=people.olga,
        contact=contact,
        agency_id=people.school.pk,
        lead_id=people.lena.pk,
        questions=["Attendance?"],
        reply_by=timezone.now() + dt.timedelta(hours=4),
    )


def _about(messages, start: str) -> Counter:
    return Counter(str(m["To"]) for m in messages if str(m["Subject"]).startswith(start))


# smtp_server before celery_worker_process: the worker takes the mail server from settings.
def test_beat_task_through_a_real_worker_emails_each_once(
    people, smtp_server, celery_worker_process
):
    import redis

    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    now = timezone.now()
    due_reminder, overdue = _sent(people), _sent(people)
    # The clock as it will be: 6 hours given, 1 left (reminder due); and one past its time.
    GatheringRequest.objects.filter(pk=due_reminder.pk).update(
        sent_at=now - dt.timedelta(hours=5), reply_by=now + dt.timedelta(hours=1)
    )
    GatheringRequest.objects.filter(pk=overdue.pk).update(reply_by=now - dt.timedelta(minutes=1))
    # Beat's message, delivered twice (as a broker may do), then the worker starts.
    clock_tick.apply_async()
    clock_tick.apply_async()
    celery_worker_process.start(concurrency=2)
    # 2 requests + 1 reminder + the officer's and the duty manager's flags.
    smtp_server.wait_for(5, timeout=60)
    time.sleep(3)  # any duplicate would arrive now
    messages = list(smtp_server.messages)
    assert _about(messages, "Reminder: request for information") == {people.lena.email: 1}
    assert _about(messages, "No answer by the reply-by time") == {
        people.olga.email: 1,
        people.mike.email: 1,
    }
    assert len(messages) == 5, [(m["To"], m["Subject"]) for m in messages]
    due_reminder.refresh_from_db()
    overdue.refresh_from_db()
    assert due_reminder.reminded_at is not None and due_reminder.overdue_flagged_at is None
    assert overdue.overdue_flagged_at is not None
