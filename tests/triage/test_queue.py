"""The queue page: order, columns, tags, filters, keyset pages, reconciliation, cost."""

from __future__ import annotations

import datetime as dt
import re

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from referral_portal.accounts.models import AgencyType
from requests.models import ContactStatus
from requests.triage import services
from requests.triage.models import QueueEntry, Triage
from tests.factories import ChildFactory, ContactFactory
from tests.triage.factories import awaiting_manager, claimed_contact, received_contact

NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)


def references_on(response) -> list[str]:
    return re.findall(r'href="/triage/contacts/\d+/">([^<]+)</a>', response.content.decode())


@time_machine.travel(NOW, tick=False)
def test_urgent_contacts_come_first_then_the_earliest_deadline(people, client_for):
    hours = dt.timedelta(hours=1)
    late = received_contact(by=people.alice, received_at=NOW - 1 * hours, reference="HOM-LATE")
    early = received_contact(by=people.alice, received_at=NOW - 5 * hours, reference="HOM-EARLY")
    danger = received_contact(
        by=people.alice, received_at=NOW, reference="HOM-DANGER", immediate_danger=True
    )
    response = client_for(people.olga).get(reverse("triage:queue"))
    assert references_on(response) == [danger.reference, early.reference, late.reference]
    assert "Immediate danger" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_immediate_action_found_by_an_officer_moves_a_contact_to_the_top(people, client_for):
    first = received_contact(by=people.alice, received_at=NOW - dt.timedelta(hours=3))
    second = claimed_contact(by=people.alice, officer=people.olga)
    services.triage_update(
        user=people.olga,
        contact=second,
        version=Triage.objects.get(contact=second).version,
        consent_to_gather="given",
        consent_notes="",
        mash="",
        mash_summary="",
        immediate_action_needed=True,
        immediate_action_taken="Police asked to visit today.",
    )
    response = client_for(people.olga).get(reverse("triage:queue"))
    assert references_on(response) == [second.reference, first.reference]
    assert "Immediate action" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_overdue_and_due_soon_are_tagged(people, client_for):
    received_contact(by=people.alice, received_at=NOW - dt.timedelta(hours=25))
    received_contact(by=people.alice, received_at=NOW - dt.timedelta(hours=23))
    received_contact(by=people.alice, received_at=NOW)
    page = client_for(people.olga).get(reverse("triage:queue")).content.decode()
    assert page.count(">Overdue</strong>") == 1
    assert page.count(">Due in under 2 hours</strong>") == 1


def test_the_queue_shows_children_agency_level_and_holder(people, client_for):
    contact = ContactFactory(created_by=people.alice)
    ChildFactory(contact=contact, first_name="Poppy", last_name="Example")
    services.queue_entry_open(contact=contact)
    services.contact_claim(user=people.olga, contact=contact)
    page = client_for(people.mike).get(reverse("triage:queue")).content.decode()
    assert "Poppy Example" in page
    assert "School A" in page
    assert people.olga.full_name in page
    assert "Being looked at" in page


def test_a_received_contact_missing_from_the_queue_is_added_when_the_page_is_read(
    people, client_for
):
    contact = ContactFactory(created_by=people.alice, status=ContactStatus.RECEIVED)
    assert not QueueEntry.objects.filter(contact=contact).exists()
    response = client_for(people.olga).get(reverse("triage:queue"))
    assert contact.reference in references_on(response)


def test_decided_and_withdrawn_contacts_leave_the_queue(people, client_for):
    contact, decision = awaiting_manager(by=people.alice, officer=people.olga)
    other = received_contact(by=people.alice)
    services.decision_agree(
        manager=people.mike,
        decision=decision,
        letters_reason="No family named in this fictional test",
    )
    services.contact_withdraw(user=people.mike, contact=other, reason="Sent twice in error")
    assert references_on(client_for(people.olga).get(reverse("triage:queue"))) == []
    contact.refresh_from_db()
    other.refresh_from_db()
    assert (contact.status, other.status) == (ContactStatus.DECIDED, ContactStatus.WITHDRAWN)


def test_filters_held_by_me_unassigned_overdue_agency_level_and_status(people, client_for, oscar):
    mine = claimed_contact(by=people.alice, officer=people.olga, level_of_need=4)
    theirs = claimed_contact(by=people.bob, officer=oscar)
    free = received_contact(
        by=people.alice, received_at=timezone.now() - dt.timedelta(hours=30), level_of_need=3
    )
    client = client_for(people.olga)
    url = reverse("triage:queue")
    assert references_on(client.get(url, {"mine": "on"})) == [mine.reference]
    assert references_on(client.get(url, {"unassigned": "on"})) == [free.reference]
    assert references_on(client.get(url, {"overdue": "on"})) == [free.reference]
    assert references_on(client.get(url, {"agency_type": AgencyType.HEALTH})) == [theirs.reference]
    assert references_on(client.get(url, {"level": "4"})) == [mine.reference]
    assert references_on(client.get(url, {"state": "received"})) == [free.reference]
    assert set(references_on(client.get(url, {"state": "in_triage"}))) == {
        mine.reference,
        theirs.reference,
    }


def test_a_bad_filter_or_page_marker_does_not_break_the_page(people, client_for):
    received_contact(by=people.alice)
    client = client_for(people.olga)
    response = client.get(reverse("triage:queue"), {"level": "nine", "after": "%%%not-a-cursor"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_pages_follow_each_other_without_gaps_or_repeats(people, client_for):
    for n in range(30):
        received_contact(by=people.alice, received_at=NOW - dt.timedelta(minutes=n % 7), children=0)
    client = client_for(people.olga)
    first = client.get(reverse("triage:queue"))
    cursor = re.search(r"after=([\w-]+)", first.content.decode()).group(1)
    second = client.get(reverse("triage:queue"), {"after": cursor})
    seen = references_on(first) + references_on(second)
    assert len(references_on(first)) == 25
    assert len(seen) == 30 == len(set(seen))
    expected = list(
        QueueEntry.objects.order_by("-urgent", "due_at", "id").values_list(
            "contact__reference", flat=True
        )
    )
    assert seen == expected


def test_the_queue_costs_the_same_number_of_queries_for_5_or_25_contacts(people, client_for):
    client = client_for(people.olga)
    for _ in range(5):
        received_contact(by=people.alice, children=2)
    client.get(reverse("triage:queue"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("triage:queue"))
    for _ in range(20):
        received_contact(by=people.bob, children=2)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("triage:queue"))
    # 11: one of them reads the authority's response aim (its procedure row), for the deadlines.
    assert len(few) == len(many) <= 11


def test_names_in_the_queue_are_escaped(people, client_for):
    contact = ContactFactory(created_by=people.alice)
    ChildFactory(contact=contact, first_name="<script>alert(1)</script>", last_name="O'Neil")
    services.queue_entry_open(contact=contact)
    page = client_for(people.olga).get(reverse("triage:queue")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; O&#x27;Neil" in page


def test_reconciliation_runs_again_after_30_seconds(people, client_for, monkeypatch):
    import time

    client = client_for(people.olga)
    client.get(reverse("triage:queue"))
    old = timezone.now() - dt.timedelta(hours=3)
    missing = ContactFactory(
        created_by=people.alice, status=ContactStatus.RECEIVED, submitted_at=old
    )
    assert missing.reference not in references_on(client.get(reverse("triage:queue")))
    later = time.monotonic() + 31
    monkeypatch.setattr(services.time, "monotonic", lambda: later)
    assert missing.reference in references_on(client.get(reverse("triage:queue")))


def test_a_new_submission_shows_at_once_between_full_reconciliations(people, client_for):
    client = client_for(people.olga)
    client.get(reverse("triage:queue"))
    fresh = ContactFactory(created_by=people.alice, status=ContactStatus.RECEIVED)
    assert fresh.reference in references_on(client.get(reverse("triage:queue")))
