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
import time
import uuid
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest
from django.utils import timezone

from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record
from referral_portal.errors import DomainError
from referral_portal.outbox import leases
from referral_portal.outbox.models import OutboxStatus
from requests.handoff import addresses, signing
from requests.handoff import document as documents
from requests.handoff.models import Delivery, Endpoint, HandoffEvent, Receipt, Section
from requests.handoff.states import DELIVERY

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
    endpoint: Endpoint, *, actor: Any, request: HttpRequest | None, event: str, **more: Any
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
    actor: Any,
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
    actor: Any,
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
    *, endpoint: Endpoint, actor: Any, request: HttpRequest | None = None
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
    ids = [d.pk for d in deliveries]
    if ids:
        transaction.on_commit(lambda: deliveries_dispatch(ids=ids))
    return deliveries


def ready() -> Q:
    """No earlier delivery of the same contact to the same endpoint is still to go."""
    earlier = Delivery.objects.filter(
        endpoint_id=OuterRef("endpoint_id"),
        contact_id=OuterRef("contact_id"),
        sequence__lt=OuterRef("sequence"),
    ).exclude(status__in=[OutboxStatus.SENT, OutboxStatus.CANCELLED])
    return Q(~Exists(earlier))


def in_process() -> bool:
    from requests.handoff.tasks import deliver as deliver_task

    return bool(deliver_task.app.conf.task_always_eager)


def deliveries_dispatch(*, ids: Iterable[int]) -> int:
    ids = list(ids)
    if in_process():
        for pk in ids:
            try:
                deliver(delivery_id=pk)
            except Exception:  # noqa: BLE001 - the row records the failure; never a 500
                log.exception("hand-off delivery %s: sending in process failed", pk)
        return len(ids)
    from requests.handoff.tasks import deliver as deliver_task

    return leases.publish(Delivery, deliver_task, ids)


def handoff_sweep(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Beat, every few seconds: hand over deliveries that are due and in order."""
    ids = leases.due_ids(Delivery, now=now, limit=limit, ready=ready())
    if not ids:
        return 0
    return deliveries_dispatch(ids=ids)


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    """POST once; never follows a redirect. Returns the status and the start of the answer."""
    addresses.check(url)
    parts = urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(
        parts.hostname or "", parts.port, timeout=settings.HANDOFF_TIMEOUT
    )
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        answer = response.read(500).decode("utf-8", "replace")
        return response.status, answer
    finally:
        connection.close()


def deliver(*, delivery_id: int) -> str:
    """Send one delivery if it is due, in order, and nobody else has it. Safe to call any
    number of times. Returns "sent", "retry", "failed", "not-claimed" or "lease-lost"."""
    token = uuid.uuid4().hex
    if not leases.claim(Delivery, delivery_id, token, lease=lease(), ready=ready()):
        return "not-claimed"
    delivery = Delivery.objects.select_related("event", "endpoint").get(pk=delivery_id)
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
    status: int | None = None
    try:
        status, answer = _post(endpoint.url, body, headers)
    except addresses.UnsafeURL as error:
        error_text = f"Address refused: {error}"
    except (OSError, http.client.HTTPException) as error:
        error_text = f"{type(error).__name__}: {str(error)[:200]}"
    else:
        if 200 <= status < 300:
            _record_sent(delivery, status)
            return "sent"
        error_text = f"HTTP {status}: {answer[:200]}"
    final = timezone.now() >= delivery.give_up_at
    _record_error(delivery, token, error_text, status=status, final=final)
    return "failed" if final else "retry"


def _audit_contact(delivery: Delivery, event: str, actor: Any = None, **more: Any) -> None:
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


def _record_sent(delivery: Delivery, status: int) -> None:
    fields = leases.done_fields()
    fields["response_status"] = status
    with transaction.atomic():
        if not leases.finish(Delivery, delivery, fields, token=None):
            return
        _audit_contact(delivery, "handoff_delivered")
    # The next event of this contact to this endpoint waited for this one.
    following = list(
        Delivery.objects.filter(
            endpoint_id=delivery.endpoint_id,
            contact_id=delivery.contact_id,
            sequence__gt=delivery.sequence,
            status=OutboxStatus.PENDING,
        )
        .order_by("sequence")
        .values_list("pk", flat=True)[:1]
    )
    if following:
        deliveries_dispatch(ids=following)


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
def delivery_resend(*, delivery: Delivery, actor: Any, request: HttpRequest | None = None) -> None:
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
    transaction.on_commit(lambda: deliveries_dispatch(ids=[delivery.pk]))


# --- receipts --------------------------------------------------------------------------------


@transaction.atomic
def receipt_record(
    *,
    contact: Any,
    user: Any,
    system: str,
    case_id: str,
    person_ids: list[dict[str, Any]],
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
