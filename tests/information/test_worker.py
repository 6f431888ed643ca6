"""The notification tasks in a real Celery worker on the real Redis, sending by real SMTP."""

from __future__ import annotations

import pytest

from requests.information.models import InformationRequest, Status
from tests.information.factories import InformationRequestFactory

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_sends_the_requester_one_email_with_a_link_only(
    people, smtp_server, celery_worker_process
):
    from requests.information.tasks import notify_requester

    info = InformationRequestFactory(created_by=people.alice, status=Status.ANSWERED)
    worker = celery_worker_process.start()
    notify_requester.delay(info.pk)
    notify_requester.delay(info.pk)  # delivered twice: sent once
    smtp_server.wait_for(1, timeout=40)
    messages = smtp_server.wait_for(2, timeout=3)
    assert worker.poll() is None
    assert len(messages) == 1
    body = messages[0].get_content()
    assert f"/information-requests/{info.pk}/" in body
    assert "Amelia" not in body and "Brightwater" not in body
    assert InformationRequest.objects.get(pk=info.pk).requester_notified_status == "answered"
