"""Real parts: a Celery worker subprocess on Redis, aiosmtpd, PostgreSQL. Every letter arrives
exactly once in the end: after a duplicate delivery, a SIGKILLed worker, Redis down at decision
time, and a mail server refusing for a while."""

from __future__ import annotations

import signal
import time
from collections import Counter

import pytest

from referral_portal.outbox.models import Email, EmailStatus
from referral_portal.outbox.services import outbox_sweep
from referral_portal.outbox.tasks import send_email
from requests.letters.models import Letter, LetterKind, LetterStatus
from requests.triage import services as triage_services
from tests.letters.factories import FOUR_RECIPIENTS_FAMILY, awaiting_with_family
from tests.letters.helpers import pdf_text

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_queue")]

PROFESSIONAL = {"name": "Dr Pat Fiction", "agency": "Exampletown GP", "email": "pat@gp.example.org"}


def _recipients(messages):
    return Counter(str(message["To"]) for message in messages)


def _wait_status(letter_ids, status, timeout=45.0, sweep=False):
    """Wait for every letter to reach ``status``; with ``sweep``, run the outbox's sweep every
    half second meanwhile, as beat does every 5 seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if set(Letter.objects.filter(pk__in=letter_ids).values_list("status", flat=True)) == {
            status
        }:
            return True
        if sweep:
            outbox_sweep()
        time.sleep(0.5 if sweep else 0.2)
    return False


def test_agreeing_emails_three_letters_with_the_right_pdfs_and_lists_one_for_posting(
    people, letters_smtp, celery_worker_process
):
    contact, decision = awaiting_with_family(
        people=people, family=FOUR_RECIPIENTS_FAMILY, professionals=[PROFESSIONAL]
    )
    triage_services.decision_agree(
        manager=people.mike, decision=decision, letters_reason="Checked in this fictional test"
    )
    # the same task delivered twice more, as a broker may do: still one email each
    for email in Email.objects.filter(object_type="letters.letter"):
        send_email.apply_async(args=[email.pk])
        send_email.apply_async(args=[email.pk])
    celery_worker_process.start(concurrency=2)
    messages = letters_smtp.wait_for(3)
    time.sleep(2)  # any duplicate would arrive now
    messages = list(letters_smtp.messages)
    assert _recipients(messages) == {
        "tom@family.example.net": 1,
        people.alice.email: 1,
        "pat@gp.example.org": 1,
    }
    for message in messages:
        [attachment] = list(message.iter_attachments())
        text = pdf_text(attachment.get_content())
        assert contact.reference in text and "Single Assessment" in text
        name = {
            "tom@family.example.net": "Tom Largeprint",
            people.alice.email: people.alice.full_name,
            "pat@gp.example.org": "Dr Pat Fiction",
        }[str(message["To"])]
        assert f"Dear {name}" in text
    tom_text = pdf_text(
        next(m for m in messages if m["To"] == "tom@family.example.net")
        .get_payload()[1]
        .get_content()
    )
    assert "interpreter in Polish" in tom_text
    to_post = Letter.objects.get(contact=contact, status=LetterStatus.TO_POST)
    assert to_post.recipient_name == "Rosa Nomail" and to_post.kind == LetterKind.PARENT
    sent = Letter.objects.filter(contact=contact, status=LetterStatus.SENT)
    assert sent.count() == 3 and all(letter.message_id and letter.sent_at for letter in sent)


def test_a_worker_killed_mid_send_is_recovered_by_the_sweep_and_sends_once(
    people, letters_smtp, celery_worker_process
):
    letters_smtp.stall_next_rcpt_for = 2.5  # the first SMTP conversation hangs in RCPT
    # A send may take 7 x 3 s: the claim's lease is 26 s (as 175 s with the default 20 s).
    celery_worker_process.env["EMAIL_TIMEOUT"] = "3"
    contact, decision = awaiting_with_family(people=people)
    worker = celery_worker_process.start(pool="solo")
    triage_services.decision_agree(
        manager=people.mike, decision=decision, letters_reason="Checked in this fictional test"
    )
    ids = list(Letter.objects.filter(contact=contact).values_list("pk", flat=True))
    deadline = time.monotonic() + 40
    while not letters_smtp.stalled and time.monotonic() < deadline:
        time.sleep(0.1)
    assert letters_smtp.stalled
    stuck = Email.objects.get(status=EmailStatus.SENDING, object_type="letters.letter")
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    time.sleep(0.5)
    stuck.refresh_from_db()
    assert stuck.status == EmailStatus.SENDING  # left behind by the dead worker
    celery_worker_process.start(pool="solo")
    # The sweep hands it over again only once its lease has run out.
    outbox_sweep()
    time.sleep(3)
    assert Email.objects.get(pk=stuck.pk).status == EmailStatus.SENDING
    assert _wait_status(ids, LetterStatus.SENT, timeout=60, sweep=True)
    time.sleep(1)
    assert _recipients(letters_smtp.messages) == {
        "jane@family.example.net": 1,
        people.alice.email: 1,
    }


def test_mail_refused_for_a_while_is_retried_and_every_letter_arrives_once(
    people, letters_smtp, celery_worker_process
):
    contact, decision = awaiting_with_family(people=people, professionals=[PROFESSIONAL])
    letters_smtp.refuse_until = time.monotonic() + 1e6
    celery_worker_process.env["OUTBOX_RETRY_SECONDS"] = "1"
    celery_worker_process.start(concurrency=2)
    triage_services.decision_agree(
        manager=people.mike, decision=decision, letters_reason="Checked in this fictional test"
    )
    deadline = time.monotonic() + 40
    while letters_smtp.refused < 3 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert letters_smtp.refused >= 3
    assert set(Letter.objects.filter(contact=contact).values_list("status", flat=True)) == {
        LetterStatus.PENDING
    }
    letters_smtp.refuse_until = 0.0  # the mail server is back
    ids = list(Letter.objects.filter(contact=contact).values_list("pk", flat=True))
    assert _wait_status(ids, LetterStatus.SENT, timeout=50, sweep=True)
    assert _recipients(letters_smtp.messages) == {
        "jane@family.example.net": 1,
        people.alice.email: 1,
        "pat@gp.example.org": 1,
    }
    assert all(letter.attempts >= 2 for letter in Letter.objects.filter(pk__in=ids))


def test_redis_down_at_decision_time_the_sweep_sends_every_letter_once_redis_is_back(
    people, letters_smtp, private_redis, celery_worker_process
):
    celery_worker_process.env["REDIS_URL"] = private_redis.url
    celery_worker_process.start()
    contact, decision = awaiting_with_family(people=people, professionals=[PROFESSIONAL])
    private_redis.down()
    triage_services.decision_agree(
        manager=people.mike, decision=decision, letters_reason="Checked in this fictional test"
    )  # no error shown
    letters = Letter.objects.filter(contact=contact)
    assert set(letters.values_list("status", flat=True)) == {LetterStatus.PENDING}
    time.sleep(1)
    assert letters_smtp.messages == []
    private_redis.up()
    assert _wait_status(
        [letter.pk for letter in letters], LetterStatus.SENT, timeout=50, sweep=True
    )
    assert _recipients(letters_smtp.messages) == {
        "jane@family.example.net": 1,
        people.alice.email: 1,
        "pat@gp.example.org": 1,
    }
