"""The outbox's machinery for any channel (``models.OutboxItem``): claim a row with a lease,
renew it, record the end of an attempt, back off, find what the sweep must hand over, publish.

Emails (``services.py``) and the hand-off's webhook deliveries (``requests.handoff``) both go
through these functions, so they share one state machine (``states.py``), one lease rule and
one sweep rule. ``ready`` narrows what may be claimed or swept (a delivery waits for the
earlier deliveries of the same contact).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import random
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from referral_portal import rows
from referral_portal.outbox.models import OutboxItem, OutboxStatus

log = logging.getLogger(__name__)

Item = TypeVar("Item", bound=OutboxItem)

# A task was published for a pending row this long ago and nothing came of it (a lost
# message, a worker down): the sweep publishes it again. Copies are harmless (the claim).
REQUEUE_AFTER = dt.timedelta(seconds=60)


def claim(
    model: type[OutboxItem], pk: int, token: str, *, lease: dt.timedelta, ready: Q | None = None
) -> bool:
    """Take the row for one sender: a due waiting row, or one whose sender's lease ran out
    (then flagged ``maybe_duplicate``: the dead sender may have delivered it)."""
    now = timezone.now()
    fields: dict[str, Any] = {
        "status": OutboxStatus.SENDING,
        "status_changed_at": now,
        "lease_until": now + lease,
        "lease_token": token,
        "attempts": F("attempts") + 1,
    }
    rows = model._default_manager.filter(pk=pk)
    if ready is not None:
        rows = rows.filter(ready)
    if rows.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now).update(**fields):
        return True
    return bool(
        rows.filter(status=OutboxStatus.SENDING, lease_until__lt=now).update(
            maybe_duplicate=True, **fields
        )
    )


@functools.cache
def _claim_read_sql(model: type[OutboxItem]) -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in model._meta.concrete_fields)
    # Only names from the model's _meta go into the text; every value is a parameter. In SET,
    # ``status`` is the row's status before this UPDATE (SQL), as in PostgreSQL and SQLite.
    return (  # nosec B608
        f"UPDATE {quote(model._meta.db_table)} SET status = %s, status_changed_at = %s, "  # noqa: S608  # nosec B608 - names from _meta only
        "lease_until = %s, lease_token = %s, attempts = attempts + 1, "
        "maybe_duplicate = (maybe_duplicate OR status = %s) "
        "WHERE id = %s AND ((status = %s AND next_attempt_at <= %s) "
        "OR (status = %s AND lease_until < %s)) "
        f"RETURNING {columns}"
    )


def claim_read(model: type[Item], pk: int, token: str, *, lease: dt.timedelta) -> Item | None:
    """:func:`claim` (without ``ready``) and the row as claimed, in ONE statement (``UPDATE …
    RETURNING``, prepared once per connection): the hot path of every email sent. None when
    the row is not this sender's to send (done, not due, another sender's, gone)."""
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    at, until = adapt(now), adapt(now + lease)
    sending, pending = OutboxStatus.SENDING.value, OutboxStatus.PENDING.value
    with connection.cursor() as cursor:
        rows.execute(
            cursor,
            _claim_read_sql(model),
            [sending, at, until, token, sending, pk, pending, at, sending, at],
        )
        row = cursor.fetchone()
    return None if row is None else rows.from_row(model, row)


def claim_many(
    model: type[OutboxItem],
    pks: Iterable[int],
    token: str,
    *,
    lease: dt.timedelta,
    ready: Q | None = None,
) -> list[int]:
    """``claim`` for several rows at once, all under one token, in ONE statement (``UPDATE …
    RETURNING``) whatever their number: due waiting rows, and rows whose sender's lease ran out
    (flagged ``maybe_duplicate``). Returns the rows claimed.

    ``ready`` (about OTHER rows: "no earlier one still to go") narrows the candidates in a
    sub-query; the row's own state is tested in the UPDATE's own WHERE, which PostgreSQL
    tests again on the newest version of a row another sender changed meanwhile (READ
    COMMITTED): two senders never both claim a row."""
    pks = list(pks)
    if not pks:
        return []
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    at, until = adapt(now), adapt(now + lease)
    sending, pending = OutboxStatus.SENDING.value, OutboxStatus.PENDING.value
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    candidates = model._default_manager.filter(pk__in=pks)
    if ready is not None:
        candidates = candidates.filter(ready)
    inner, inner_params = candidates.values("pk").query.sql_with_params()
    # Only names from the model's _meta and Django's compiled sub-query go into the text;
    # every value is a parameter.
    sql = (  # nosec B608
        f"UPDATE {table} SET status = %s, status_changed_at = %s, "  # noqa: S608  # nosec B608 - names from _meta only
        "lease_until = %s, lease_token = %s, attempts = attempts + 1, "
        "maybe_duplicate = (maybe_duplicate OR status = %s) "
        f"WHERE {pk} IN ({inner}) AND ((status = %s AND next_attempt_at <= %s) "
        "OR (status = %s AND lease_until < %s)) "
        f"RETURNING {pk}"
    )
    params = [sending, at, until, token, sending, *inner_params, pending, at, sending, at]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return sorted(row[0] for row in cursor.fetchall())


def finish_many(
    model: type[OutboxItem], pks: Iterable[int], fields: dict[str, Any], *, token: str | None
) -> list[int]:
    """:func:`finish` for several rows with the same end, in ONE statement (``UPDATE …
    RETURNING``): the rows still being sent (by this sender when ``token`` is given) get
    ``fields`` (plain values, no expressions). Returns the rows written."""
    pks = list(pks)
    if not pks:
        return []
    quote = connection.ops.quote_name
    meta = model._meta
    concrete = {f.name: f for f in meta.concrete_fields}
    sets: list[str] = []
    params: list[Any] = []
    for name, value in fields.items():
        field = concrete[name]
        sets.append(f"{quote(field.column)} = %s")
        params.append(field.get_db_prep_save(value, connection))
    where = f"{quote(meta.pk.column)} IN ({', '.join(['%s'] * len(pks))}) AND status = %s"
    params += [*pks, OutboxStatus.SENDING.value]
    if token is not None:
        where += " AND lease_token = %s"
        params.append(token)
    sql = (  # nosec B608 - names from _meta only; every value is a parameter
        f"UPDATE {quote(meta.db_table)} SET {', '.join(sets)} WHERE {where} "  # noqa: S608  # nosec B608 - names from _meta only
        f"RETURNING {quote(meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return sorted(row[0] for row in cursor.fetchall())


def give_back(model: type[OutboxItem], pks: Iterable[int], token: str) -> int:
    """Rows claimed under ``token`` and not tried: waiting again, the claim's try not counted."""
    return model._default_manager.filter(
        pk__in=list(pks), status=OutboxStatus.SENDING, lease_token=token
    ).update(
        status=OutboxStatus.PENDING,
        status_changed_at=timezone.now(),
        lease_until=None,
        lease_token="",  # nosec B105 B106 - clears the lease, not a password
        attempts=F("attempts") - 1,
        queued_at=None,
    )


def renew(model: type[OutboxItem], pk: int, token: str, *, lease: dt.timedelta) -> bool:
    """Start the lease again (after building what is sent); False if the lease was lost."""
    return bool(
        model._default_manager.filter(pk=pk, status=OutboxStatus.SENDING, lease_token=token).update(
            lease_until=timezone.now() + lease
        )
    )


def done_fields(now: dt.datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    return {
        "status": OutboxStatus.SENT,
        "status_changed_at": now,
        "sent_at": now,
        "lease_until": None,
        "lease_token": "",  # nosec B105 - clears the lease, not a password
        "last_error": "",
    }


def error_fields(
    *, attempts: int, error: str, final: bool, base_seconds: int, now: dt.datetime | None = None
) -> dict[str, Any]:
    """The end of a failed attempt: FAILED if ``final``, else PENDING after a back-off."""
    now = now or timezone.now()
    fields: dict[str, Any] = {
        "status_changed_at": now,
        "lease_until": None,
        "lease_token": "",  # nosec B105 - clears the lease, not a password
        "last_error": error,
    }
    if final:
        fields["status"] = OutboxStatus.FAILED
    else:
        fields.update(
            status=OutboxStatus.PENDING,
            next_attempt_at=now + retry_delay(attempts, base_seconds=base_seconds),
            queued_at=None,
        )
    return fields


def finish(
    model: type[OutboxItem], item: OutboxItem, fields: dict[str, Any], *, token: str | None
) -> bool:
    """Write the end of an attempt if the row is still being sent (by this sender, when
    ``token`` is given: a taker of an expired lease decides for itself). Call inside the
    transaction that also records the channel's own consequences."""
    rows = model._default_manager.filter(pk=item.pk, status=OutboxStatus.SENDING)
    if token is not None:
        rows = rows.filter(lease_token=token)
    if not rows.update(**fields):
        return False
    for name, value in fields.items():
        setattr(item, name, value)
    return True


def retry_delay(attempts: int, *, base_seconds: int) -> dt.timedelta:
    """Back-off after the ``attempts``-th try: doubling from ``base_seconds``, at most 30
    minutes, with jitter so that a crowd of rows does not come back at once."""
    base = base_seconds * 2 ** max(attempts - 1, 0)
    capped = min(base, 30 * 60)
    return dt.timedelta(seconds=capped * random.uniform(0.5, 1.0))  # noqa: S311  # nosec B311 - back-off jitter, not security


def due_ids(
    model: type[OutboxItem],
    *,
    now: dt.datetime | None = None,
    limit: int = 500,
    ready: Q | None = None,
) -> list[int]:
    """Rows the sweep hands over: waiting and past their back-off, or claimed by a sender
    whose lease ran out; in both cases with no task published in the last minute."""
    now = now or timezone.now()
    stale = Q(queued_at__isnull=True) | Q(queued_at__lt=now - REQUEUE_AFTER)
    rows = model._default_manager.filter(
        (Q(status=OutboxStatus.PENDING, next_attempt_at__lte=now) & stale)
        | (Q(status=OutboxStatus.SENDING, lease_until__lt=now) & stale)
    )
    if ready is not None:
        rows = rows.filter(ready)
    return list(rows.order_by("next_attempt_at").values_list("pk", flat=True)[:limit])


# After a failed publish, this process leaves publishing to the sweep for a few seconds: a
# transaction that writes many rows while Redis is down waits for the broker once, not once
# per row (each attempt can take CELERY_BROKER_CONNECTION_TIMEOUT). One broker, one pause.
BROKER_PAUSE_SECONDS = 5.0
_broker_down_until = 0.0


def broker_paused() -> bool:
    return time.monotonic() < _broker_down_until


def publish(model: type[OutboxItem], task: Any, ids: Iterable[int], *, batch: int = 0) -> int:
    """Publish ``task(pk)`` for each row (or, with ``batch``, ``task([pk, ...])`` for each
    ``batch`` rows); the rows published are marked ``queued_at``. A broker failure is logged,
    never raised: the sweep publishes the rest later."""
    global _broker_down_until
    ids = list(ids)
    if broker_paused():
        return 0
    published: list[int] = []
    try:
        if batch:
            for start in range(0, len(ids), batch):
                chunk = ids[start : start + batch]
                task.apply_async(args=[chunk], retry=False)
                published.extend(chunk)
        else:
            for pk in ids:
                task.apply_async(args=[pk], retry=False)
                published.append(pk)
    except Exception:  # noqa: BLE001 - any broker failure: the sweep publishes it later
        _broker_down_until = time.monotonic() + BROKER_PAUSE_SECONDS
        log.warning("%s %s not queued: broker unavailable; the sweep will", model.__name__, ids)
    finally:  # those published are marked, even if the broker failed part way
        if published:
            model._default_manager.filter(pk__in=published).update(queued_at=timezone.now())
    return len(published)


def in_process(task: Any) -> bool:
    """No broker (a first run, no REDIS_URL): rows are sent in the process that wrote them."""
    return bool(task.app.conf.task_always_eager)


def dispatch(
    model: type[OutboxItem],
    task: Any,
    ids: Iterable[int],
    send: Callable[[list[int]], object],
    *,
    batch: int = 0,
) -> int:
    """Hand rows to their sender: ``send([pk])`` here when there is no broker, else one
    ``task`` per row (:func:`publish`). With ``batch``, ``batch`` rows at a time:
    ``send([pk, ...])`` here, or ``task([pk, ...])``. Nothing raised here reaches the caller:
    the row records a failure, and the sweep hands over whatever this could not."""
    ids = list(ids)
    if not in_process(task):
        return publish(model, task, ids, batch=batch)
    step = batch or 1
    for start in range(0, len(ids), step):
        chunk = ids[start : start + step]
        try:
            send(chunk)
        except Exception:  # noqa: BLE001 - the row records the failure; never a 500
            log.exception("%s %s: sending in process failed", model.__name__, chunk)
    return len(ids)


# Rows written in one transaction (the events of many decisions, a bulk action) are handed
# over together at its commit, ``batch`` at a time. Ids of a transaction that rolled back are
# handed over with the next commit's and find no row: harmless (the claim).
_pending = threading.local()


def dispatch_on_commit(
    model: type[OutboxItem],
    task: Any,
    ids: Iterable[int],
    send: Callable[[list[int]], object],
    *,
    batch: int = 0,
) -> None:
    """The one way background work is queued after commit: rows written in the caller's
    transaction are handed over (:func:`dispatch`) once it commits, never before; those of
    several calls in one transaction together."""
    ids = list(ids)
    if not ids:
        return
    waiting: dict[type[OutboxItem], list[int]] | None = getattr(_pending, "ids", None)
    if waiting is None:
        waiting = _pending.ids = {}
    waiting.setdefault(model, []).extend(ids)

    def flush() -> None:
        gathered = waiting.pop(model, [])
        if gathered:
            dispatch(model, task, gathered, send, batch=batch)

    transaction.on_commit(flush)
