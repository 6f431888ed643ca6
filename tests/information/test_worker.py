"""Information-request emails through the outbox in a real Celery worker on the real Redis,
sending by real SMTP."""

from __future__ import annotations

import pytest

from referral_portal.outbox.models import Email, EmailStatus
from requests.information.models import Status
from tests.conftest import tasks_in_process
from tests.information.factories import InformationRequestFactory

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_sends_the_requester_one_email_with_a_link_only(
    people, smtp_server, celery_worker_process
):
    from referral_portal.outbox.services import emails_dispatch
    from requests.information.emails import requester_update

    info = InformationRequestFactory(created_by=people.alice, status=Status.ANSWERED)
    with tasks_in_process(False):
        email = requester_update(info)
        worker = celery_worker_process.start()
        emails_dispatch(ids=[email.pk, email.pk])  # published twice: sent once
    smtp_server.wait_for(1, timeout=40)
    messages = smtp_server.wait_for(2, timeout=3)
    assert worker.poll() is None
    assert len(messages) == 1
    body = messages[0].get_content()
    assert f"/information-requests/{info.pk}/" in body
    assert "Amelia" not in body and "Brightwater" not in body
    assert Email.objects.get(pk=email.pk).status == EmailStatus.SENT
