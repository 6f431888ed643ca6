"""Sending one letter through the email outbox: emailed once with the PDF, retried, failed,
resent with the same Message-ID, swept, held back."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from referral_portal.audit.models import AuditEvent
from referral_portal.outbox.models import Email, EmailStatus
from referral_portal.outbox.services import email_send, outbox_sweep
from referral_portal.states import MoveNotAllowed
from requests.letters.emails import letter_email
from requests.letters.models import Letter, LetterKind, LetterStatus
from requests.letters.states import ALLOWED, LETTER
from requests.triage import services as triage_services
from tests.letters.factories import awaiting_with_family
from tests.letters.helpers import pdf_text

pytestmark = pytest.mark.django_db


def _agreed(people, queued, capture, **kwargs):
    contact, decision = awaiting_with_family(people=people, **kwargs)
    with capture(execute=True):
        triage_services.decision_agree(
            manager=people.mike, decision=decision, letters_reason="Checked in this fictional test"
        )
    return contact


@pytest.fixture
def agreed(people, queued, django_capture_on_commit_callbacks):
    return _agreed(people, queued, django_capture_on_commit_callbacks)


def _parent(contact):
    return Letter.objects.get(contact=contact, kind=LetterKind.PARENT)


def _send(letter) -> str:
    """What the worker does with the letter's email (``outbox.send_email``)."""
    return email_send(email_id=letter_email(letter).pk)


def test_a_letter_is_emailed_with_its_pdf_and_a_body_that_names_no_child(agreed, smtp_server):
    letter = _parent(agreed)
    child = agreed.children.get()
    assert _send(letter) == "sent"
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "jane@family.example.net"
    assert agreed.reference in message["Subject"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Dear Jane Fictional" in body
    assert child.first_name not in body and child.last_name not in body
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert "Single Assessment" in pdf_text(attachment.get_content())
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT and letter.sent_at is not None
    assert letter.message_id == message["Message-ID"].strip() == letter_email(letter).message_id


def test_a_letter_delivered_twice_is_emailed_once(agreed, smtp_server):
    letter = _parent(agreed)
    assert _send(letter) == "sent"
    assert _send(letter) == "not-claimed"
    assert len(smtp_server.wait_for(2, timeout=1)) == 1


def test_a_held_letter_is_never_sent(
    people, queued, django_capture_on_commit_callbacks, smtp_server
):
    contact = _agreed(
        people,
        queued,
        django_capture_on_commit_callbacks,
        family=[{"full_name": "Held Parent", "address_unsafe": True}],
    )
    letter = _parent(contact)
    assert letter.status == LetterStatus.HELD and letter_email(letter) is None
    assert letter.pk not in [args[0] for args in queued]
    outbox_sweep()  # in this test the tasks only record what would be published
    assert smtp_server.wait_for(1, timeout=0.5) == []


def test_holding_a_waiting_letter_cancels_its_email_and_releasing_it_sends_the_same(
    agreed, people, queued
):
    from requests.letters.services import recipient_hold_set

    letter = _parent(agreed)
    email = letter_email(letter)
    recipient_hold_set(
        user=people.mike,
        contact=agreed,
        recipient_key=letter.recipient_key,
        held=True,
        reason="Fictional: the family moved",
    )
    assert Email.objects.get(pk=email.pk).status == EmailStatus.CANCELLED
    assert _send(letter) == "not-claimed"
    recipient_hold_set(
        user=people.mike,
        contact=agreed,
        recipient_key=letter.recipient_key,
        held=False,
        reason="Fictional: safe again",
    )
    released = letter_email(letter)
    assert (released.pk, released.status, released.message_id) == (
        email.pk,
        EmailStatus.PENDING,
        email.message_id,
    )


def test_an_smtp_refusal_keeps_the_letter_waiting_for_a_retry(agreed, smtp_server):
    smtp_server.mode = "refuse"
    letter = _parent(agreed)
    assert _send(letter) == "retry"
    letter.refresh_from_db()
    email = letter_email(letter)
    assert letter.status == LetterStatus.PENDING
    assert email.status == EmailStatus.PENDING and "451" in email.last_error
    assert email.attempts == 1 and email.next_attempt_at > timezone.now()


def test_after_the_last_retry_the_letter_is_failed_and_the_manager_can_resend_it(
    agreed, smtp_server, client_for, people, settings
):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    smtp_server.mode = "refuse"
    letter = _parent(agreed)
    assert _send(letter) == "failed"
    letter.refresh_from_db()
    assert letter.status == LetterStatus.FAILED and "451" in letter.last_error
    manager = client_for(people.mike)
    shown = manager.get(reverse("letters:recipients", args=[agreed.pk])).content.decode()
    assert "Failed to send" in shown and "Send the letter to Jane Fictional again" in shown
    failures = manager.get(reverse("outbox:failed")).content.decode()
    assert "Outcome letter" in failures and "jane@family.example.net" in failures
    response = manager.post(reverse("letters:resend", args=[letter.pk]), follow=True)
    assert "will be sent again" in response.content.decode()
    letter.refresh_from_db()
    assert letter.status == LetterStatus.PENDING
    smtp_server.mode = "accept"
    assert _send(letter) == "sent"
    [message] = smtp_server.wait_for(1)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT and message["Message-ID"] == letter.message_id


def test_a_letter_left_by_a_dead_sender_goes_again_after_the_lease_flagged(agreed, smtp_server):
    from referral_portal.outbox.services import _claim

    letter = _parent(agreed)
    email = letter_email(letter)
    assert _claim(email.pk, "a worker that was then killed")
    assert outbox_sweep() >= 0 and _send(letter) == "not-claimed"  # its lease still runs
    later = timezone.now() + dt.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS + 1)
    with time_machine.travel(later, tick=True):
        assert _send(letter) == "sent"
    email.refresh_from_db()
    assert email.maybe_duplicate and email.attempts == 2
    assert _parent(agreed).status == LetterStatus.SENT


def test_redis_down_at_decision_time_loses_nothing(
    people, django_capture_on_commit_callbacks, monkeypatch
):
    from referral_portal.outbox.tasks import send_email
    from tests.conftest import tasks_in_process

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("redis down")

    monkeypatch.setattr(send_email, "apply_async", broker_down)
    contact, decision = awaiting_with_family(people=people)
    with tasks_in_process(False), django_capture_on_commit_callbacks(execute=True):
        triage_services.decision_agree(
            manager=people.mike, decision=decision, letters_reason="Checked in this fictional test"
        )
    letters = Letter.objects.filter(contact=contact)
    assert {letter.status for letter in letters} == {LetterStatus.PENDING}
    emails = Email.objects.filter(object_type="letters.letter")
    assert {e.status for e in emails} == {EmailStatus.PENDING} and len(emails) == len(letters)
    assert all(e.queued_at is None for e in emails)  # the sweep hands them over


@pytest.mark.parametrize(
    ("current", "new"),
    [(current, new) for current in LetterStatus for new in LetterStatus],
)
def test_letter_status_transitions(current, new):
    if new in ALLOWED[current]:
        assert LETTER.move(current, new) == new
    else:
        with pytest.raises(MoveNotAllowed) as refused:
            LETTER.move(current, new)
        assert str(refused.value).startswith(
            f"A letter that is {LetterStatus(current).label.lower()}"
        )


def test_sent_and_posted_are_final():
    assert ALLOWED[LetterStatus.SENT] == frozenset() == ALLOWED[LetterStatus.POSTED]


def test_each_step_is_in_the_case_timeline_without_names(agreed, smtp_server):
    letter = _parent(agreed)
    _send(letter)
    events = AuditEvent.objects.filter(object_type="requests.contact", object_id=str(agreed.pk))
    names = [event.changes.get("event") for event in events]
    assert "letters_created" in names and "letter_sent" in names
    (sent,) = [event for event in events if event.changes.get("event") == "letter_sent"]
    assert sent.action == "send" and sent.authority_id == letter.authority_id
    assert sent.changes == {"event": "letter_sent", "letter": letter.pk, "kind": letter.kind}
    assert "Jane" not in str([event.changes for event in events])
