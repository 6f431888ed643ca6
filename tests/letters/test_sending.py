"""Sending one letter: claimed once, emailed with the PDF, retried, failed, swept, posted."""

from __future__ import annotations

import datetime as dt
import smtplib

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from referral_portal.audit.models import AuditEvent
from requests.letters import services, tasks
from requests.letters.models import Letter, LetterKind, LetterStatus
from requests.letters.states import ALLOWED, TransitionNotAllowed, check_transition
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


def test_a_letter_is_emailed_with_its_pdf_and_a_body_that_names_no_child(agreed, smtp_server):
    letter = _parent(agreed)
    child = agreed.children.get()
    assert services.letter_send(letter_id=letter.pk) == "sent"
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
    assert letter.message_id == message["Message-ID"].strip()


def test_a_letter_delivered_twice_is_emailed_once(agreed, smtp_server):
    letter = _parent(agreed)
    assert services.letter_send(letter_id=letter.pk) == "sent"
    assert services.letter_send(letter_id=letter.pk) == "not-claimed"
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
    assert services.letter_send(letter_id=letter.pk) == "not-claimed"
    assert smtp_server.wait_for(1, timeout=0.5) == []


def test_an_smtp_refusal_puts_the_letter_back_to_pending_for_a_retry(agreed, settings, monkeypatch):
    def refuse(self, messages):
        raise smtplib.SMTPDataError(451, b"try later")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    letter = _parent(agreed)
    with pytest.raises(smtplib.SMTPDataError):
        services.letter_send(letter_id=letter.pk)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.PENDING and "451" in letter.last_error
    assert letter.attempts == 1


def test_after_the_last_retry_the_letter_is_failed_and_the_manager_can_resend_it(
    agreed, monkeypatch, client_for, people
):
    letter = _parent(agreed)

    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    tasks.letter_send_task.push_request(retries=tasks.MAX_RETRIES)
    try:
        assert tasks.letter_send_task.run(letter.pk) == "failed"
    finally:
        tasks.letter_send_task.pop_request()
    letter.refresh_from_db()
    assert letter.status == LetterStatus.FAILED and "gone" in letter.last_error
    manager = client_for(people.mike)
    shown = manager.get(reverse("letters:recipients", args=[agreed.pk])).content.decode()
    assert "Failed to send" in shown and "Send the letter to Jane Fictional again" in shown
    response = manager.post(reverse("letters:resend", args=[letter.pk]), follow=True)
    assert "will be sent again" in response.content.decode()
    letter.refresh_from_db()
    assert letter.status == LetterStatus.PENDING


def test_the_sweep_requeues_letters_stuck_pending_or_sending_but_never_held_ones(
    people, queued, django_capture_on_commit_callbacks
):
    contact = _agreed(
        people,
        queued,
        django_capture_on_commit_callbacks,
        family=[{"full_name": "Safe"}, {"full_name": "Unsafe", "address_unsafe": True}],
    )
    parent = Letter.objects.get(contact=contact, recipient_name="Safe")
    held = Letter.objects.get(contact=contact, recipient_name="Unsafe")
    referrer = Letter.objects.get(contact=contact, kind=LetterKind.REFERRER)
    Letter.objects.filter(pk=referrer.pk).update(status=LetterStatus.SENDING)
    queued.clear()
    assert services.letters_sweep() == 0  # too recent: a worker may still have them
    later = timezone.now() + dt.timedelta(seconds=services.SWEEP_AFTER_SECONDS + 5)
    with time_machine.travel(later, tick=False):
        assert services.letters_sweep() == 2
    assert sorted(args[0] for args in queued) == sorted([parent.pk, referrer.pk])
    assert held.pk not in [args[0] for args in queued]
    referrer.refresh_from_db()
    assert referrer.status == LetterStatus.PENDING
    with time_machine.travel(later, tick=False):
        assert services.letters_sweep() == 0  # their clocks restarted


def test_redis_down_at_decision_time_loses_nothing(
    people, django_capture_on_commit_callbacks, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("redis down")

    monkeypatch.setattr(tasks.letter_send_task, "apply_async", broker_down)
    contact, decision = awaiting_with_family(people=people)
    with django_capture_on_commit_callbacks(execute=True):
        triage_services.decision_agree(
            manager=people.mike, decision=decision, letters_reason="Checked in this fictional test"
        )
    assert set(Letter.objects.filter(contact=contact).values_list("status", flat=True)) == {
        LetterStatus.PENDING
    }


@pytest.mark.parametrize(
    ("current", "new"),
    [(current, new) for current in LetterStatus for new in LetterStatus],
)
def test_letter_status_transitions(current, new):
    if new in ALLOWED[current]:
        check_transition(current, new)
    else:
        with pytest.raises(TransitionNotAllowed):
            check_transition(current, new)


def test_sent_and_posted_are_final():
    assert ALLOWED[LetterStatus.SENT] == frozenset() == ALLOWED[LetterStatus.POSTED]


def test_each_step_is_in_the_case_timeline_without_names(agreed, smtp_server):
    letter = _parent(agreed)
    services.letter_send(letter_id=letter.pk)
    events = AuditEvent.objects.filter(object_type="requests.contact", object_id=str(agreed.pk))
    names = [event.changes.get("event") for event in events]
    assert "letters_created" in names and "letter_sent" in names
    assert "Jane" not in str([event.changes for event in events])
