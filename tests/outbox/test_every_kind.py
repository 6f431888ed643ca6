"""Every kind of email the portal sends, each under the faults of the fault benchmark (shorter):
the SMTP server refusing (tried again, then visibly failed to the people who answer for it, sent
again once with its Message-ID) and a sender killed after its claim (sent once, after the lease,
flagged). Outcome letters, which carry a PDF, are also run against a real worker in
``tests/letters/test_worker.py``."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from referral_portal.accounts.models import Role
from referral_portal.outbox import services
from referral_portal.outbox.models import Email, EmailStatus
from referral_portal.outbox.registry import kinds

pytestmark = pytest.mark.usefixtures("outbox_in_process")

PLAIN_KINDS = sorted(name for name, kind in kinds().items() if kind.attachments is None)


def test_every_kind_the_portal_registers_is_covered_here_or_with_a_worker():
    assert set(kinds()) == {*PLAIN_KINDS, "outcome_letter"}
    # At least the kinds of issue 24; kinds added since are run through the same faults.
    assert {
        "registration_confirmation",
        "password_reset",
        "staff_added",
        "registration_approved",
        "registration_refused",
        "acknowledgement",
        "draft_warning",
        "information_update",
        "information_disclosure_team",
        "information_code",
    } <= set(PLAIN_KINDS)


def _queue(kind: str, people, to: str = "someone@example.org") -> Email:
    with TestCase.captureOnCommitCallbacks(execute=True):
        email = services.email_queue(
            kind=kind,
            to=to,
            subject=f"A {kind} email",
            body="Hello,\n\nA fictional email.\n",
            authority_id=people.home.pk,
        )
    email.refresh_from_db()
    return email


def _who(people, role: str):
    return {
        Role.ADMIN: people.adam,
        Role.OFFICER: people.olga,
        Role.MANAGER: people.mike,
    }[role]


@pytest.mark.parametrize("kind", PLAIN_KINDS)
def test_refused_then_failed_visibly_then_sent_again_once(
    kind, people, smtp_server, client, settings
):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    smtp_server.mode = "refuse"
    email = _queue(kind, people)
    assert email.status == EmailStatus.PENDING and "451" in email.last_error
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1), tick=True):
        services.outbox_sweep()
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED and smtp_server.messages == []
    responsible = kinds()[kind].responsible
    # Shown to whoever answers for it (nobody for a one-time code: the requester asks anew).
    for role in (Role.ADMIN, Role.OFFICER, Role.MANAGER):
        client.force_login(_who(people, role))
        page = client.get(reverse("outbox:failed")).content.decode()
        assert ("someone@example.org" in page) == (role in responsible), role
    if not responsible:
        return
    smtp_server.mode = "accept"
    client.force_login(_who(people, sorted(responsible)[0]))
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.post(reverse("outbox:resend", args=[email.pk])).status_code == 302
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    (message,) = smtp_server.wait_for(1)
    assert message["Message-ID"] == email.message_id


@pytest.mark.parametrize("kind", PLAIN_KINDS)
def test_a_sender_killed_after_its_claim_is_replaced_after_the_lease_and_sends_once(
    kind, people, smtp_server, settings
):
    smtp_server.mode = "refuse"  # so that the email waits, unsent, for the claim below
    email = _queue(kind, people)
    smtp_server.mode = "accept"
    later = timezone.now() + dt.timedelta(hours=1)
    with time_machine.travel(later, tick=False):
        assert services._claim(email.pk, "a worker then SIGKILLed")  # claimed, never sent
        assert services.email_send(email_id=email.pk) == "not-claimed"  # its lease runs
    with time_machine.travel(later + services.lease() + dt.timedelta(seconds=1), tick=True):
        assert services.outbox_sweep() == 1
        assert services.outbox_sweep() == 0  # handed over once a minute at most
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT and email.maybe_duplicate
    (message,) = smtp_server.wait_for(1)
    assert message["Message-ID"] == email.message_id
