"""Claiming: one holder per contact, even when officers click at the same moment."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

import pytest
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from referral_portal.states import MoveNotAllowed
from requests.triage import services
from requests.triage.models import QueueEntry
from tests.factories import UserFactory
from tests.triage.factories import claimed_contact, received_contact


def test_claiming_makes_the_officer_the_holder_and_starts_triage(people, client_for):
    contact = received_contact(by=people.alice)
    response = client_for(people.olga).post(reverse("triage:claim", args=[contact.pk]), follow=True)
    assert f"You have claimed {contact.reference}" in response.content.decode()
    assert "Held by: you" in response.content.decode()
    contact.refresh_from_db()
    assert contact.status == "in_triage"
    assert QueueEntry.objects.get(contact=contact).held_by == people.olga


def test_a_second_officer_cannot_claim_a_held_contact(people, client_for, oscar):
    contact = claimed_contact(by=people.alice, officer=people.olga)
    response = client_for(oscar).post(reverse("triage:claim", args=[contact.pk]), follow=True)
    assert "Someone else has already claimed this contact" in response.content.decode()
    assert QueueEntry.objects.get(contact=contact).held_by == people.olga


def test_take_next_gives_the_most_urgent_unclaimed_contact(people, client_for, oscar):
    now = timezone.now()
    received_contact(by=people.alice, received_at=now - dt.timedelta(hours=1))
    older = received_contact(by=people.alice, received_at=now - dt.timedelta(hours=5))
    urgent_but_held = claimed_contact(by=people.alice, officer=oscar, immediate_danger=True)
    urgent = received_contact(by=people.bob, immediate_danger=True)
    client = client_for(people.olga)
    first = client.post(reverse("triage:take_next"))
    assert first.url == reverse("triage:record", args=[urgent.pk])
    second = client.post(reverse("triage:take_next"))
    assert second.url == reverse("triage:record", args=[older.pk])
    assert QueueEntry.objects.get(contact=urgent_but_held).held_by == oscar


def test_take_next_on_an_empty_queue_says_so(people, client_for):
    response = client_for(people.olga).post(reverse("triage:take_next"), follow=True)
    assert "There is nothing unclaimed in the queue" in response.content.decode()


def test_release_puts_the_contact_back_unclaimed(people, client_for):
    contact = claimed_contact(by=people.alice, officer=people.olga)
    response = client_for(people.olga).post(
        reverse("triage:release", args=[contact.pk]), follow=True
    )
    assert f"{contact.reference} is back in the queue" in response.content.decode()
    assert QueueEntry.objects.get(contact=contact).held_by is None


def test_only_the_holder_or_a_manager_may_release(people, client_for, oscar):
    contact = claimed_contact(by=people.alice, officer=people.olga)
    response = client_for(oscar).post(reverse("triage:release", args=[contact.pk]), follow=True)
    assert "You do not hold this contact" in response.content.decode()
    client_for(people.mike).post(reverse("triage:release", args=[contact.pk]))
    assert QueueEntry.objects.get(contact=contact).held_by is None


def test_a_manager_reassigns_a_contact_to_another_officer(people, client_for, oscar):
    contact = claimed_contact(by=people.alice, officer=people.olga)
    response = client_for(people.mike).post(
        reverse("triage:reassign", args=[contact.pk]), {"officer": oscar.pk}, follow=True
    )
    assert "Contact reassigned" in response.content.decode()
    assert QueueEntry.objects.get(contact=contact).held_by == oscar


def test_an_officer_may_not_reassign(people, client_for, oscar):
    contact = claimed_contact(by=people.alice, officer=people.olga)
    response = client_for(people.olga).post(
        reverse("triage:reassign", args=[contact.pk]), {"officer": oscar.pk}
    )
    assert response.status_code == 403


def test_a_manager_cannot_reassign_to_another_authoritys_officer(people):
    contact = received_contact(by=people.alice)
    with pytest.raises(services.TriageError):
        services.contact_reassign(manager=people.mike, contact=contact, to_user=people.otto)


def test_a_decided_contact_cannot_be_claimed(people):
    from tests.triage.factories import awaiting_manager

    contact, decision = awaiting_manager(by=people.alice, officer=people.olga)
    services.decision_agree(
        manager=people.mike,
        decision=decision,
        letters_reason="No family named in this fictional test",
    )
    with pytest.raises(MoveNotAllowed):
        services.contact_claim(user=people.olga, contact=contact)


def _run_threads(count: int, work) -> list:
    results: list = []
    lock = threading.Lock()
    barrier = threading.Barrier(count)

    def run(index: int) -> None:
        try:
            barrier.wait()
            got = work(index)
            with lock:
                results.extend(got)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


pytestmark_pg = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the race needs PostgreSQL"
)


@pytestmark_pg
@pytest.mark.django_db(transaction=True)
def test_twenty_officers_taking_next_at_once_claim_every_contact_exactly_once(people):
    from referral_portal.accounts.models import Role

    officers = [
        UserFactory(email=f"officer{n}@home.example.org", role=Role.OFFICER, authority=people.home)
        for n in range(20)
    ]
    contacts = [received_contact(by=people.alice, children=0) for _ in range(60)]

    def work(index: int) -> list:
        taken = []
        while (contact := services.contact_take_next(user=officers[index])) is not None:
            taken.append((contact.pk, officers[index].pk))
        return taken

    claims = _run_threads(20, work)
    counts = Counter(pk for pk, _ in claims)
    assert sorted(counts) == sorted(c.pk for c in contacts)
    assert set(counts.values()) == {1}
    holders = dict(QueueEntry.objects.values_list("contact_id", "held_by_id"))
    assert holders == dict(claims)


@pytestmark_pg
@pytest.mark.django_db(transaction=True)
def test_twenty_officers_claiming_the_same_contact_at_once_leave_one_holder(people):
    from referral_portal.accounts.models import Role

    officers = [
        UserFactory(email=f"clicker{n}@home.example.org", role=Role.OFFICER, authority=people.home)
        for n in range(20)
    ]
    contact = received_contact(by=people.alice, children=0)

    def work(index: int) -> list:
        try:
            services.contact_claim(user=officers[index], contact=contact)
        except services.AlreadyHeld:
            return []
        return [officers[index].pk]

    winners = _run_threads(20, work)
    assert len(winners) == 1
    assert QueueEntry.objects.get(contact=contact).held_by_id == winners[0]
