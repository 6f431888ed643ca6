"""Decided contacts reach the council's system: signed, in order, retried, none lost."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from referral_portal.outbox.models import OutboxStatus
from requests.handoff import document, services
from requests.handoff.models import Delivery, HandoffEvent
from tests.handoff.conftest import decide, endpoint_for, verify


def test_an_agreed_decision_is_posted_signed_and_valid_against_the_published_schema(
    people, receiver
):
    import jsonschema

    endpoint = endpoint_for(people.home, receiver.url)
    contact = decide(people)
    [event] = HandoffEvent.objects.filter(contact=contact)
    assert event.kind == "decision.agreed"
    [got] = receiver.accepted()
    assert got["headers"]["webhook-id"] == event.webhook_id
    body = verify(endpoint.secret, got)
    jsonschema.Draft202012Validator(document.schema()).validate(body)
    assert body["contact"]["reference"] == contact.reference
    assert body["decision"]["outcome"] == "advice"
    assert body["decision"]["ssd_contact_outcome"]["ADVICE_FLAG"] == "Y"
    assert body["referrer"]["cin_source_code"] == "2A"  # School A is a school
    assert body["sections"]["rationale"]["rationale"].startswith("Worries are about housing")
    assert Delivery.objects.get(event=event).status == OutboxStatus.SENT


def test_a_wrong_secret_does_not_verify(people, receiver):
    from standardwebhooks.webhooks import Webhook, WebhookVerificationError

    from requests.handoff.signing import secret_new

    endpoint_for(people.home, receiver.url)
    decide(people)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret_new()).verify(receiver.received[0]["body"], receiver.received[0]["headers"])


def test_an_authority_that_leaves_the_rationale_out_never_receives_it(people, receiver):
    endpoint_for(people.home, receiver.url, sections=())
    decide(people)
    [got] = receiver.accepted()
    assert got["body"].find(b"Worries are about housing") == -1
    assert verify_any(got)["sections"] == {}


def verify_any(record):
    import json

    return json.loads(record["body"])


def test_another_authoritys_endpoint_never_receives_this_authoritys_contacts(
    people, receiver_factory
):
    home, away = receiver_factory(), receiver_factory()
    endpoint_for(people.home, home.url)
    endpoint_for(people.away, away.url)
    decide(people)
    assert len(home.accepted()) == 1
    assert away.received == []


def test_down_then_500_then_slow_loses_nothing_and_repeats_only_the_same_webhook_id(
    people, receiver, settings
):
    settings.HANDOFF_TIMEOUT = 5
    endpoint = endpoint_for(people.home, receiver.url)
    receiver.stop()  # down: connection refused
    contacts = [decide(people) for _ in range(3)]
    assert Delivery.objects.filter(status=OutboxStatus.PENDING, attempts=1).count() == 3
    assert "ConnectionRefusedError" in Delivery.objects.first().last_error

    def sweep_now() -> None:
        Delivery.objects.filter(status=OutboxStatus.PENDING).update(
            next_attempt_at=timezone.now(), queued_at=None
        )
        services.handoff_sweep()

    receiver.start()
    receiver.mode = "500"
    sweep_now()
    assert len(receiver.received) == 3 and receiver.accepted() == []
    assert Delivery.objects.filter(status=OutboxStatus.PENDING, attempts=2).count() == 3
    assert Delivery.objects.first().last_error.startswith("HTTP 500")

    receiver.mode = "slow"
    receiver.delay = 0.5
    sweep_now()
    assert Delivery.objects.filter(status=OutboxStatus.SENT).count() == 3
    sweep_now()  # nothing left to send
    ids = [r["headers"]["webhook-id"] for r in receiver.received]
    events = set(HandoffEvent.objects.values_list("webhook_id", flat=True))
    assert set(ids) == events  # 0 lost
    assert len(receiver.accepted()) == 3  # every repeat was under the same webhook-id
    for got in receiver.received:
        verify(endpoint.secret, got)
    assert {d["contact"]["portal_id"] for d in receiver.documents()} == {c.pk for c in contacts}


def test_after_a_day_of_failures_the_delivery_is_failed_and_send_again_delivers_it(
    people, receiver
):
    receiver.mode = "500"
    endpoint_for(people.home, receiver.url)
    decide(people)
    delivery = Delivery.objects.get()
    Delivery.objects.filter(pk=delivery.pk).update(
        give_up_at=timezone.now() - dt.timedelta(seconds=1),
        next_attempt_at=timezone.now(),
        queued_at=None,
    )
    services.handoff_sweep()
    delivery.refresh_from_db()
    assert delivery.status == OutboxStatus.FAILED
    receiver.mode = "ok"
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        services.delivery_resend(delivery=delivery, actor=people.olga)
    delivery.refresh_from_db()
    assert delivery.status == OutboxStatus.SENT
    ids = {r["headers"]["webhook-id"] for r in receiver.received}
    assert ids == {delivery.event.webhook_id}


def test_a_contacts_events_arrive_in_order_a_later_one_waits_for_the_earlier(people, receiver):
    from requests.handoff import events

    endpoint_for(people.home, receiver.url)
    receiver.stop()
    contact = decide(people)
    from django.test import TestCase

    receiver.start()
    with TestCase.captureOnCommitCallbacks(execute=True):
        events.record(kind=events.CONTACT_WITHDRAWN, contact=contact)
    # The second event was not sent while the first waits for its back-off.
    assert receiver.received == []
    Delivery.objects.filter(sequence=1).update(next_attempt_at=timezone.now(), queued_at=None)
    services.handoff_sweep()
    assert [d["event"]["sequence"] for d in receiver.documents()] == [1, 2]


def test_two_senders_never_claim_the_same_delivery_and_a_later_event_waits_in_the_claim(
    people, receiver
):
    """The batch claim is one UPDATE … RETURNING: a row is one sender's, a contact's second
    event is not claimed while its first is out, and a dead sender's rows are taken over
    flagged as possible repeats."""
    from django.test import TestCase

    from referral_portal.outbox import leases
    from requests.handoff import events

    endpoint_for(people.home, receiver.url)
    receiver.stop()
    first, second = decide(people), decide(people)
    with TestCase.captureOnCommitCallbacks(execute=True):
        events.record(kind=events.CONTACT_WITHDRAWN, contact=first)
    Delivery.objects.update(status=OutboxStatus.PENDING, next_attempt_at=timezone.now())
    rows = {(d.contact_id, d.sequence): d.pk for d in Delivery.objects.all()}
    lease = dt.timedelta(minutes=5)
    ready = services.ready()
    mine = leases.claim_many(Delivery, rows.values(), "sender-a", lease=lease, ready=ready)
    assert mine == sorted([rows[(first.pk, 1)], rows[(second.pk, 1)]])  # not first's 2nd
    assert leases.claim_many(Delivery, rows.values(), "sender-b", lease=lease, ready=ready) == []
    Delivery.objects.filter(pk__in=mine).update(lease_until=timezone.now() - lease)
    taken = leases.claim_many(Delivery, rows.values(), "sender-b", lease=lease, ready=ready)
    assert taken == mine
    assert all(d.maybe_duplicate for d in Delivery.objects.filter(pk__in=taken))
    assert leases.finish_many(Delivery, taken, leases.done_fields(), token="sender-a") == []
    assert leases.finish_many(Delivery, taken, leases.done_fields(), token="sender-b") == taken
    later = leases.claim_many(Delivery, rows.values(), "sender-c", lease=lease, ready=ready)
    assert later == [rows[(first.pk, 2)]]  # its first event is delivered now
