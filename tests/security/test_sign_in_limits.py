"""Sign-in limits that protect, not punish (security review M6): per account a growing
delay, then a lock lifted from the owner's email or by a manager; per address independently."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from referral_portal.accounts.sign_in_limits import SIGN_IN_LOCK_AFTER
from referral_portal.outbox.models import Email
from tests.factories import PASSWORD

LOGIN = "/accounts/sign-in/"


def _attempt(client, email, password, ip="127.0.0.9"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def _signed_in(response) -> bool:
    return response.status_code == 302


def test_review_m6_a_shared_address_cannot_lock_a_user_out(client, people):
    """Review M6: 5 wrong passwords from the shared address, then the real user on that
    address got 429 "You cannot sign in for 30 minutes"."""
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            _attempt(client, people.bob.email, "wrong-guess")
    with time_machine.travel(start + dt.timedelta(seconds=10), tick=False):
        assert _signed_in(_attempt(client, people.bob.email, PASSWORD))


def test_review_m6_changing_address_gives_no_more_guesses(client, people):
    """Review M6: 4 wrong passwords from each of four addresses, then the right one from a
    fifth signed in. Now the account locks at the limit, whichever addresses guessed."""
    moment = timezone.now()
    for n in range(16):
        moment += dt.timedelta(minutes=10)  # past every delay
        with time_machine.travel(moment, tick=False):
            _attempt(client, people.bob.email, f"guess-{n}", ip=f"127.0.0.{3 + n // 4}")
    moment += dt.timedelta(minutes=10)
    with time_machine.travel(moment, tick=False):
        response = _attempt(client, people.bob.email, PASSWORD, ip="127.0.0.7")
    assert not _signed_in(response)
    assert "locked after too many failed attempts" in response.content.decode()
    # The owner is told (through the outbox), with a link that lifts the lock.
    sent = Email.objects.get(kind="sign_in_locked")
    assert sent.to == people.bob.email
    assert f"locked after {SIGN_IN_LOCK_AFTER} failed attempts" in sent.body
    link = re.search(r"https?://\S+/accounts/unlock/\S+/", sent.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)
    assert "Unlock my account" in page.content.decode()
    assert not _signed_in(_attempt(client, people.bob.email, PASSWORD, ip="127.0.0.7"))
    client.post("/" + path)
    assert _signed_in(_attempt(client, people.bob.email, PASSWORD, ip="127.0.0.7"))
    # Used once: the link no longer works.
    assert client.get("/" + path).status_code == 400


def test_an_attempt_inside_the_delay_is_not_checked(client, people):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(4):
            _attempt(client, people.bob.email, "wrong-guess")
        response = _attempt(client, people.bob.email, PASSWORD)
    assert not _signed_in(response)
    assert "Too many failed attempts: wait 1 second and try again" in response.content.decode()


def test_an_unknown_address_is_answered_the_same_and_nobody_is_emailed(client, people):
    moment = timezone.now()
    answers = []
    for email in ("nobody@schoola.example.org", people.alice.email):
        for _ in range(SIGN_IN_LOCK_AFTER + 1):
            moment += dt.timedelta(minutes=10)
            with time_machine.travel(moment, tick=False):
                last = _attempt(client, email, "wrong-guess", ip="127.0.1.1")
        page = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", last.content.decode())
        answers.append(re.sub(r"[\w.]+@[\w.]+", "", page))
    assert answers[0] == answers[1]
    assert [e.to for e in Email.objects.filter(kind="sign_in_locked")] == [people.alice.email]


def test_a_manager_unlocks_from_the_people_page(client, people):
    moment = timezone.now()
    for _ in range(SIGN_IN_LOCK_AFTER):
        moment += dt.timedelta(minutes=10)
        with time_machine.travel(moment, tick=False):
            _attempt(client, people.olga.email, "wrong-guess")
    client.force_login(people.mike)
    page = client.get(reverse("accounts:people")).content.decode()
    assert "Unlock sign-in" in page
    client.post(reverse("accounts:people_unlock", args=[people.olga.pk]))
    client.logout()
    assert _signed_in(_attempt(client, people.olga.email, PASSWORD))
    # A manager of another authority cannot.
    for _ in range(SIGN_IN_LOCK_AFTER):
        moment += dt.timedelta(minutes=10)
        with time_machine.travel(moment, tick=False):
            _attempt(client, people.olga.email, "wrong-guess")
    client.force_login(people.mona)
    assert client.post(reverse("accounts:people_unlock", args=[people.olga.pk])).status_code == 404


@pytest.mark.parametrize("limit", [30])
def test_one_address_guessing_many_accounts_is_stopped(client, people, limit):
    for n in range(limit):
        _attempt(client, f"user{n}@schoola.example.org", "wrong-guess", ip="127.0.2.2")
    response = _attempt(client, people.alice.email, PASSWORD, ip="127.0.2.2")
    assert response.status_code == 429
    # Another address is not affected.
    assert _signed_in(_attempt(client, people.alice.email, PASSWORD, ip="127.0.2.3"))
