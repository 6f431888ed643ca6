"""Writes of the hand-off: endpoints (the authority's administrator), deliveries (the outbox's
lease machinery, ``referral_portal.outbox.leases``), "send again", receipts.

Life of a delivery (the outbox's ``states.py``): PENDING -> SENDING (claimed with a lease) ->
SENT on a 2xx answer; any other answer, a refused or lost connection or a timeout goes back to
PENDING after a back-off, until ``give_up_at`` (HANDOFF_GIVE_UP_HOURS after it was made); then
FAILED (the dead letter), listed for the front door with "Send again". Per contact and
endpoint, a delivery is not claimed while an earlier one (lower ``sequence``) is not yet
delivered: the receiver sees a contact's events in order.

Duplicates: every attempt of an event carries the same ``webhook-id``; a receiver that stores
the id sees a repeat for what it is. A repeat happens only when a sender died after the
receiver answered and before "sent" committed (flagged ``maybe_duplicate``), or after a
timeout the receiver did in fact process.
"""

from __future__ import annotations

import datetime as dt
import http.client
import logging
import threading
import time
import uuid
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest
from django.utils import timezone

from referral_portal.accounts.models import User
from referral_portal.audit.models import AuditAction, AuditEvent
from referral_portal.audit.services import Actor, audit_event, audit_record
from referral_portal.errors import DomainError
from referral_portal.outbox import leases
from referral_portal.outbox.models import OutboxStatus
from requests.handoff import addresses, signing
from requests.handoff import document as documents
from requests.handoff.models import Delivery, Endpoint, HandoffEvent, Receipt, Section
from requests.handoff.states import DELIVERY
from requests.models import Contact

log = logging.getLogger(__name__)

USER_AGENT = "referral-portal-handoff/1 (+docs/handoff.md)"
# After a rotation the old secret signs too for this long.
ROTATION_OVERLAP = dt.timedelta(hours=24)


class HandoffError(DomainError):
    """The message is for the person."""


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.HANDOFF_LEASE_SECONDS)


# --- endpoints -------------------------------------------------------------------------------


def _sections(sections: Iterable[str]) -> list[str]:
    return sorted({s for s in sections if s in Section.values})


def _audit_endpoint(
    endpoint: Endpoint, *, actor: User, request: HttpRequest | None, event: str, **more: object
) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if event == "endpoint_added" else AuditAction.UPDATE,
        object_type="handoff.endpoint",
        object_id=endpoint.pk,
        authority_id=endpoint.authority_id,
        request=request,
        changes={"event": event, **more},
    )


@transaction.atomic
def endpoint_create(
    *,
    authority_id: int,
    name: str,
    url: str,
    sections: Iterable[str],
    actor: User,
    request: HttpRequest | None = None,
) -> tuple[Endpoint, str]:
    """A new endpoint and its secret (returned: shown once)."""
    addresses.check(url)
    secret = signing.secret_new()
    endpoint = Endpoint.objects.create(
        authority_id=authority_id,
        name=name.strip(),
        url=url.strip(),
        secret=secret,
        sections=_sections(sections),
    )
    _audit_endpoint(
        endpoint,
        actor=actor,
        request=request,
        event="endpoint_added",
        url=endpoint.url,
        sections=endpoint.sections,
    )
    return endpoint, secret


@transaction.atomic
def endpoint_update(
    *,
    endpoint: Endpoint,
    name: str,
    url: str,
    sections: Iterable[str],
    active: bool,
    actor: User,
    request: HttpRequest | None = None,
) -> Endpoint:
    addresses.check(url)
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    before = {"name": endpoint.name, "url": endpoint.url, "sections": endpoint.sections}
    before["active"] = endpoint.active
    endpoint.name = name.strip()
    endpoint.url = url.strip()
    endpoint.sections = _sections(sections)
    endpoint.active = active
    endpoint.updated_at = timezone.now()
    endpoint.save()
    after = {
        "name": endpoint.name,
        "url": endpoint.url,
        "sections": endpoint.sections,
        "active": endpoint.active,
    }
    changed = {k: [before[k], v] for k, v in after.items() if before[k] != v}
    _audit_endpoint(endpoint, actor=actor, request=request, event="endpoint_changed", **changed)
    return endpoint


@transaction.atomic
def endpoint_rotate_secret(
    *, endpoint: Endpoint, actor: User, request: HttpRequest | None = None
) -> str:
    """A new secret; the old one keeps signing (beside it) for ROTATION_OVERLAP."""
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    secret = signing.secret_new()
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_until = timezone.now() + ROTATION_OVERLAP
    endpoint.secret = secret
    endpoint.updated_at = timezone.now()
    endpoint.save()
    _audit_endpoint(
        endpoint,
        actor=actor,
        request=request,
        event="endpoint_secret_rotated",
        old_secret_until=endpoint.previous_secret_until.isoformat(),
    )
    return secret


def signing_secrets(endpoint: Endpoint, now: dt.datetime | None = None) -> list[str]:
    now = now or timezone.now()
    current = [endpoint.secret]
    if (
        endpoint.previous_secret
        and endpoint.previous_secret_until
        and (endpoint.previous_secret_until > now)
    ):
        current.append(endpoint.previous_secret)
    return current


# --- deliveries ------------------------------------------------------------------------------


def deliveries_create(*, event: HandoffEvent) -> list[Delivery]:
    """One delivery per active endpoint of the event's authority, sent once the caller's
    transaction commits."""
    now = timezone.now()
    give_up = now + dt.timedelta(hours=settings.HANDOFF_GIVE_UP_HOURS)
    deliveries = [
        Delivery(
            event=event,
            endpoint=endpoint,
            authority_id=event.authority_id,
            contact_id=event.contact_id,
            sequence=event.sequence,
            give_up_at=give_up,
            created_at=now,
            status_changed_at=now,
            next_attempt_at=now,
        )
        for endpoint in Endpoint.objects.filter(authority_id=event.authority_id, active=True)
    ]
    Delivery.objects.bulk_create(deliveries)
    _dispatch_on_commit([d.pk for d in deliveries])
    return deliveries


def _dispatch_on_commit(ids: list[int]) -> None:
    from requests.handoff.tasks import deliver as deliver_task

    leases.dispatch_on_commit(Delivery, deliver_task, ids, _send_many, batch=BATCH)


def ready() -> Q:
    """No earlier delivery of the same contact to the same endpoint is still to go."""
    earlier = Delivery.objects.filter(
        endpoint_id=OuterRef("endpoint_id"),
        contact_id=OuterRef("contact_id"),
        sequence__lt=OuterRef("sequence"),
    ).exclude(status__in=[OutboxStatus.SENT, OutboxStatus.CANCELLED])
    return Q(~Exists(earlier))


def _send_many(ids: list[int]) -> None:
    deliver_many(ids=ids)


def deliveries_dispatch(*, ids: Iterable[int]) -> int:
    """Hand deliveries over (:func:`referral_portal.outbox.leases.dispatch`), ``BATCH`` at a
    time: sent here when there is no broker, else one task per batch."""
    from requests.handoff.tasks import deliver as deliver_task

    return leases.dispatch(Delivery, deliver_task, ids, _send_many, batch=BATCH)


def handoff_sweep(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Beat, every few seconds: hand over deliveries that are due and in order."""
    ids = leases.due_ids(Delivery, now=now, limit=limit, ready=ready())
    if not ids:
        return 0
    return deliveries_dispatch(ids=ids)


class Connections:
    """Connections one per host, kept open between POSTs (a receiver that closes after each
    answer gets a new one). A sender process keeps its set across batches (:func:`kept_open`);
    addresses are checked again at the start of every batch (:meth:`recheck`)."""

    def __init__(self) -> None:
        self._open: dict[tuple[str, str, int | None], http.client.HTTPConnection] = {}
        self._checked: set[str] = set()

    def recheck(self) -> None:
        """Check every URL's address again before its next POST (a new batch)."""
        self._checked.clear()

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
        """POST once; never follows a redirect. Returns the status and the answer's start."""
        if url not in self._checked:
            addresses.check(url)
            self._checked.add(url)
        parts = urlsplit(url)
        key = (parts.scheme, parts.hostname or "", parts.port)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        reused = key in self._open
        connection = self._open.get(key) or self._connect(parts.scheme, key[1], parts.port)
        self._open[key] = connection
        try:
            return self._exchange(connection, path, body, headers)
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            self._drop(key)
            if not reused:
                raise
            # The receiver closed a kept-open connection: once more on a new one (the same
            # webhook-id, should the first have arrived after all).
            connection = self._open[key] = self._connect(parts.scheme, key[1], parts.port)
            return self._exchange(connection, path, body, headers)
        except Exception:
            self._drop(key)
            raise

    @staticmethod
    def _connect(scheme: str, host: str, port: int | None) -> http.client.HTTPConnection:
        if scheme == "https":
            return http.client.HTTPSConnection(host, port, timeout=settings.HANDOFF_TIMEOUT)
        return http.client.HTTPConnection(host, port, timeout=settings.HANDOFF_TIMEOUT)

    @staticmethod
    def _exchange(
        connection: http.client.HTTPConnection, path: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int, str]:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        answer = response.read(65536)
        if not response.isclosed():  # more than we read: do not reuse this connection
            connection.close()
        return response.status, answer[:500].decode("utf-8", "replace")

    def _drop(self, key: tuple[str, str, int | None]) -> None:
        connection = self._open.pop(key, None)
        if connection is not None:
            connection.close()

    def close(self) -> None:
        for key in list(self._open):
            self._drop(key)


_kept = threading.local()


def kept_open() -> Connections:
    """This thread's connections, kept open from batch to batch (a worker process sends batch
    after batch to the same few endpoints: no new TCP or TLS handshake for each)."""
    connections: Connections | None = getattr(_kept, "connections", None)
    if connections is None:
        connections = _kept.connections = Connections()
    return connections


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    """One POST on its own connection."""
    connections = Connections()
    try:
        return connections.post(url, body, headers)
    finally:
        connections.close()


# Deliveries per task: one claim, one transaction recording the results. A batch stops POSTing
# when less than one POST's time is left of its lease; the rest go back, untried.
BATCH = 100


def _attempt(delivery: Delivery, connections: Connections) -> tuple[int | None, str]:
    """POST one delivery. Returns the status (None: no answer) and the error ("" if 2xx)."""
    endpoint = delivery.endpoint
    body = documents.encode(documents.for_recipient(delivery.event.document, endpoint.sections))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        **signing.headers(
            signing_secrets(endpoint),
            msg_id=delivery.event.webhook_id,
            timestamp=int(time.time()),
            body=body,
        ),
    }
    try:
        status, answer = connections.post(endpoint.url, body, headers)
    except addresses.UnsafeURL as error:
        return None, f"Address refused: {error}"
    except (OSError, http.client.HTTPException) as error:
        return None, f"{type(error).__name__}: {str(error)[:200]}"
    if 200 <= status < 300:
        return status, ""
    answer = answer.strip()[:200]
    return status, f"HTTP {status}: {answer}" if answer else f"HTTP {status} (no explanation)"


def deliver_many(*, ids: Iterable[int]) -> dict[int, str]:
    """Send the deliveries among ``ids`` that are due, in order and nobody else's. Safe to
    call any number of times. Returns what happened to each: "sent", "retry", "failed",
    "not-claimed" or "returned" (left untried: the lease was running out)."""
    ids = list(ids)
    token = uuid.uuid4().hex
    claimed = leases.claim_many(Delivery, ids, token, lease=lease(), ready=ready())
    outcome = {pk: "not-claimed" for pk in ids}
    if not claimed:
        return outcome
    deliveries = list(
        Delivery.objects.filter(pk__in=claimed, lease_token=token)
        .select_related("event", "endpoint")
        .order_by("id")
    )
    stop_at = time.monotonic() + lease().total_seconds() - 2 * settings.HANDOFF_TIMEOUT - 5
    results: list[tuple[Delivery, int | None, str]] = []
    untried: list[int] = []
    connections = kept_open()
    connections.recheck()
    try:
        for delivery in deliveries:
            if time.monotonic() > stop_at:
                untried.append(delivery.pk)
                continue
            status, error = _attempt(delivery, connections)
            results.append((delivery, status, error))
    except BaseException:
        connections.close()  # nothing half-read is reused
        raise
    outcome.update(_record_results(results, token))
    if untried:
        leases.give_back(Delivery, untried, token)
        outcome.update({pk: "returned" for pk in untried})
    return outcome


def deliver(*, delivery_id: int) -> str:
    """Send one delivery (``deliver_many`` of one)."""
    return deliver_many(ids=[delivery_id])[delivery_id]


def _record_results(results: list[tuple[Delivery, int | None, str]], token: str) -> dict[int, str]:
    """Record a batch's attempts in one transaction: the delivered in one UPDATE per answer
    status with their audit rows in one INSERT; each failure on its own row."""
    outcome: dict[int, str] = {}
    now = timezone.now()
    delivered = [(d, status) for d, status, error in results if not error]
    with transaction.atomic():
        by_status: dict[int | None, list[int]] = {}
        for delivery, status in delivered:
            by_status.setdefault(status, []).append(delivery.pk)
        done: set[int] = set()
        for status, pks in by_status.items():
            # One UPDATE … RETURNING per answer status (one, as a rule). Whoever holds the
            # lease now: this sender did deliver it.
            fields = {**leases.done_fields(now), "response_status": status}
            done.update(leases.finish_many(Delivery, pks, fields, token=None))
        audit_rows = [
            audit_event(
                actor=None,
                action=AuditAction.SEND,
                object_type="requests.contact",
                object_id=delivery.contact_id,
                authority_id=delivery.authority_id,
                changes={
                    "event": "handoff_delivered",
                    "handoff_event": delivery.event.kind,
                    "endpoint": delivery.endpoint_id,
                },
            )
            for delivery, _ in delivered
            if delivery.pk in done
        ]
        AuditEvent.objects.bulk_create(audit_rows)
        outcome.update({d.pk: "sent" for d, _ in delivered if d.pk in done})
        # Events of the same contacts that waited for these, sent next.
        following = _following([d for d, _ in delivered if d.pk in done])
    for delivery, status, error in results:
        if error:
            final = now >= delivery.give_up_at
            _record_error(delivery, token, error, status=status, final=final)
            outcome[delivery.pk] = "failed" if final else "retry"
    if following:
        deliveries_dispatch(ids=following)
    return outcome


def _following(delivered: list[Delivery]) -> list[int]:
    """The next delivery (sequence + 1) of each delivered one's contact to the same endpoint."""
    if not delivered:
        return []
    wanted = {(d.endpoint_id, d.contact_id, d.sequence + 1) for d in delivered}
    rows = Delivery.objects.filter(
        contact_id__in={d.contact_id for d in delivered},
        endpoint_id__in={d.endpoint_id for d in delivered},
        status=OutboxStatus.PENDING,
    ).values_list("pk", "endpoint_id", "contact_id", "sequence")
    return [pk for pk, *key in rows if tuple(key) in wanted]


def _audit_contact(delivery: Delivery, event: str, actor: Actor = None, **more: object) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.SEND if event == "handoff_delivered" else AuditAction.UPDATE,
        object_type="requests.contact",
        object_id=delivery.contact_id,
        authority_id=delivery.authority_id,
        changes={
            "event": event,
            "handoff_event": delivery.event.kind,
            "endpoint": delivery.endpoint_id,
            **more,
        },
    )


def _record_error(
    delivery: Delivery, token: str, error: str, *, status: int | None, final: bool
) -> None:
    fields = leases.error_fields(
        attempts=delivery.attempts,
        error=error,
        final=final,
        base_seconds=settings.HANDOFF_RETRY_SECONDS,
    )
    fields["response_status"] = status
    with transaction.atomic():
        if not leases.finish(Delivery, delivery, fields, token=token):
            return
        if final:
            log.warning("hand-off delivery %s failed: %s", delivery.pk, error[:100])
            _audit_contact(delivery, "handoff_failed")


@transaction.atomic
def delivery_resend(*, delivery: Delivery, actor: User, request: HttpRequest | None = None) -> None:
    """Send a failed delivery again: the same webhook-id, a fresh day of tries."""
    delivery = Delivery.objects.select_for_update().select_related("event").get(pk=delivery.pk)
    if delivery.status != OutboxStatus.FAILED:
        raise HandoffError("Only a delivery that failed can be sent again")
    DELIVERY.move(delivery.status, OutboxStatus.PENDING)
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=OutboxStatus.PENDING,
        status_changed_at=now,
        next_attempt_at=now,
        attempts=0,
        queued_at=None,
        give_up_at=now + dt.timedelta(hours=settings.HANDOFF_GIVE_UP_HOURS),
    )
    _audit_contact(delivery, "handoff_resent", actor=actor)
    _dispatch_on_commit([delivery.pk])


# --- receipts --------------------------------------------------------------------------------


@transaction.atomic
def receipt_record(
    *,
    contact: Contact,
    user: User,
    system: str,
    case_id: str,
    person_ids: list[dict[str, str]],
    webhook_id: str = "",
    request: HttpRequest | None = None,
) -> Receipt:
    event = (
        HandoffEvent.objects.filter(contact=contact, webhook_id=webhook_id).first()
        if webhook_id
        else None
    )
    receipt = Receipt.objects.create(
        contact=contact,
        authority_id=contact.authority_id,
        event=event,
        system=system.strip(),
        case_id=case_id.strip(),
        person_ids=person_ids,
        recorded_by=user,
    )
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        object_type="requests.contact",
        object_id=contact.pk,
        authority_id=contact.authority_id,
        request=request,
        changes={"event": "handoff_recorded", "receipt": receipt.pk},
    )
    return receipt
