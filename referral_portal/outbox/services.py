"""The one sender of every email: queue (in the caller's transaction), claim, send, record.

Life of an email (``states.py``): PENDING -> SENDING (claimed with a lease) -> SENT once the
SMTP server has accepted it; a temporary failure goes back to PENDING with a later
``next_attempt_at`` (back-off); a permanent one, or the last try, makes it FAILED, shown to the
people responsible with "Send again". Nothing is marked sent before the server's 250.

Duplicates: a claim is a lease longer than a send can take (``OUTBOX_LEASE_SECONDS``, more
than the send task's hard time limit and more than every SMTP timeout of one send together),
so an email is only claimed again when its sender is certainly dead. The one window left is a
sender that dies after the server accepted the message and before "sent" commits; the email
then goes again, with the same Message-ID, flagged ``maybe_duplicate`` (docs/email.md).
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import time
import uuid
from collections.abc import Iterable
from email.utils import make_msgid, parseaddr

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone

from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import Actor, audit_record
from referral_portal.errors import DomainError
from referral_portal.outbox import leases, smtp
from referral_portal.outbox.models import Email, EmailStatus
from referral_portal.outbox.registry import Kind, kind_for
from referral_portal.outbox.states import EMAIL

log = logging.getLogger(__name__)

REQUEUE_AFTER = leases.REQUEUE_AFTER


class OutboxError(DomainError):
    """A change to an email that its state does not allow; the message is for the person."""


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)


def message_id_new() -> str:
    """A Message-ID on the domain we send from (fixed for the life of the email)."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return make_msgid(domain=domain)


def _object(obj: Model | None, object_type: str, object_id: int | None) -> tuple[str, int | None]:
    if obj is not None:
        return obj._meta.label_lower, int(obj.pk)
    return object_type, object_id


def email_build(
    *,
    kind: str,
    to: str,
    subject: str,
    body: str,
    key: str | None = None,
    authority_id: int | None = None,
    obj: Model | None = None,
    object_type: str = "",
    object_id: int | None = None,
) -> Email:
    """The unsaved row: for a caller that writes it with its own rows in one statement
    (``referral_portal.rows.write``); it must then call :func:`emails_dispatch_on_commit`."""
    if kind_for(kind) is None:
        raise ValueError(f"email kind {kind!r} is not registered")
    object_type, object_id = _object(obj, object_type, object_id)
    now = timezone.now()
    return Email(
        kind=kind,
        key=key,
        authority_id=authority_id,
        object_type=object_type,
        object_id=object_id,
        to=to,
        subject=subject[:300],
        body=body,
        message_id=message_id_new(),
        created_at=now,
        status_changed_at=now,
        next_attempt_at=now,
    )


def email_queue(
    *,
    kind: str,
    to: str,
    subject: str,
    body: str,
    key: str | None = None,
    authority_id: int | None = None,
    obj: Model | None = None,
    object_type: str = "",
    object_id: int | None = None,
) -> Email:
    """Write the email in the caller's transaction; it is sent once that commits.

    With ``key``, queueing is idempotent: an email with that key already waiting, sending or
    sent is returned as it is; one cancelled earlier is wanted again (same Message-ID, the
    address and words given now).
    """
    with transaction.atomic():
        if key is not None:
            existing = Email.objects.select_for_update().filter(key=key).first()
            if existing is not None:
                if existing.status == EmailStatus.CANCELLED:
                    # It never went: it goes now as it would be written now.
                    _move(
                        existing,
                        EmailStatus.PENDING,
                        next_attempt_at=timezone.now(),
                        to=to,
                        subject=subject[:300],
                        body=body,
                    )
                    emails_dispatch_on_commit(ids=[existing.pk])
                return existing
        email = email_build(
            kind=kind,
            to=to,
            subject=subject,
            body=body,
            key=key,
            authority_id=authority_id,
            obj=obj,
            object_type=object_type,
            object_id=object_id,
        )
        email.save(force_insert=True)
        emails_dispatch_on_commit(ids=[email.pk])
    return email


def emails_queue(emails: Iterable[Email]) -> list[Email]:
    """:func:`email_queue` for many emails built by :func:`email_build`, each with a key, in
    few statements (one read of the keys, one INSERT): an email already waiting, sending or
    sent under its key is left as it is; one cancelled is wanted again as written now."""
    emails = list(emails)
    if any(email.key is None for email in emails):
        raise ValueError("emails_queue needs a key on every email")
    with transaction.atomic():
        existing = {
            e.key: e
            for e in Email.objects.select_for_update().filter(key__in=[e.key for e in emails])
        }
        again: list[int] = []
        for email in emails:
            found = existing.get(email.key)
            if found is not None and found.status == EmailStatus.CANCELLED:
                _move(
                    found,
                    EmailStatus.PENDING,
                    next_attempt_at=timezone.now(),
                    to=email.to,
                    subject=email.subject,
                    body=email.body,
                )
                again.append(found.pk)
        new = Email.objects.bulk_create([e for e in emails if e.key not in existing])
        emails_dispatch_on_commit(ids=again + [e.pk for e in new])
    return [existing.get(e.key) or e for e in emails]


def _move(email: Email, new: str, **fields: object) -> None:
    EMAIL.move(email.status, new)
    now = timezone.now()
    Email.objects.filter(pk=email.pk, status=email.status).update(
        status=new, status_changed_at=now, **fields
    )
    email.status = new
    email.status_changed_at = now
    for name, value in fields.items():
        setattr(email, name, value)


# --- handing emails to the sender --------------------------------------------------------------


def in_process() -> bool:
    """No broker (a first run): emails are sent in the process that wrote them."""
    from referral_portal.outbox.tasks import send_email

    return leases.in_process(send_email)


def emails_dispatch_on_commit(*, ids: Iterable[int] = (), keys: Iterable[str] = ()) -> None:
    """Once the caller's transaction commits: send in this process (no broker), or publish
    one task per email. Nothing raised here reaches the caller: the rows are the outbox, and
    the sweep sends whatever this could not hand over."""
    ids, keys = list(ids), list(keys)
    # The ids of emails written by one statement with their keys are read after commit.
    transaction.on_commit(lambda: emails_dispatch(ids=ids, keys=keys))


def emails_dispatch(*, ids: Iterable[int] = (), keys: Iterable[str] = ()) -> int:
    from referral_portal.outbox.tasks import send_email

    ids = list(ids)
    if keys:
        ids += list(Email.objects.filter(key__in=list(keys)).values_list("pk", flat=True))
    return leases.dispatch(Email, send_email, ids, lambda pks: email_send(email_id=pks[0]))


def outbox_sweep(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Beat, every few seconds: hand over every email that is due and not in a sender's hands.

    Due: waiting and past its back-off, with no task published in the last minute; or claimed
    by a sender whose lease ran out (the sender died). Returns how many were handed over.
    """
    ids = leases.due_ids(Email, now=now, limit=limit)
    if not ids:
        return 0
    return emails_dispatch(ids=ids)


def outbox_prune(*, now: dt.datetime | None = None) -> int:
    """Daily: delete emails sent or cancelled more than OUTBOX_KEEP_DAYS ago (the audit trail
    keeps that each was sent; the feature's own row keeps what it needs, e.g. a letter's
    Message-ID). Failed and waiting emails stay until a person has dealt with them."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.OUTBOX_KEEP_DAYS)
    deleted, _ = Email.objects.filter(
        status__in=[EmailStatus.SENT, EmailStatus.CANCELLED], status_changed_at__lt=cutoff
    ).delete()
    return deleted


# --- sending -------------------------------------------------------------------------------------


def _claim(email_id: int, token: str) -> Email | None:
    """Claim the email and read it, in one statement (``leases.claim_read``). A lease that ran
    out: its sender is dead (the lease outlasts any send). It may have been accepted by the
    server just before the sender died: flagged, and sent with the same Message-ID."""
    return leases.claim_read(Email, email_id, token, lease=lease())


def _message(email: Email, kind: Kind) -> EmailMessage:
    message = EmailMessage(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={"Message-ID": email.message_id},
    )
    if kind.attachments is not None:
        for name, content, mimetype in kind.attachments(email):
            message.attach(name, content, mimetype)
    return message


def is_permanent(error: BaseException) -> bool:
    """A refusal that will not change by trying again (5xx), or an error of ours; temporary
    refusals (4xx), lost connections and timeouts are tried again."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return not isinstance(error, (smtplib.SMTPException, OSError, SoftTimeLimitExceeded))


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {str(error)[:300]}"


def retry_delay(attempts: int) -> dt.timedelta:
    """Back-off after the ``attempts``-th try (``leases.retry_delay``)."""
    return leases.retry_delay(attempts, base_seconds=settings.OUTBOX_RETRY_SECONDS)


def email_send(*, email_id: int) -> str:
    """Send one email if it is due and nobody else has it. Safe to call any number of times.

    Returns what happened: "sent", "retry", "failed", "not-claimed" or "lease-lost".
    """
    token = uuid.uuid4().hex
    claimed_at = time.monotonic()
    email = _claim(email_id, token)
    if email is None:
        return "not-claimed"  # sent, failed, cancelled, not due, gone, or another sender's
    kind = kind_for(email.kind)
    try:
        if kind is None:
            raise LookupError(f"unknown kind {email.kind!r}")
        message = _message(email, kind)
    except Exception as error:  # noqa: BLE001 - stored and shown; never retried blindly
        log.exception("email %s could not be built", email_id)
        _record_error(email, token, f"could not build the email: {_describe(error)}", final=True)
        return "failed"
    # The lease must outlast the SMTP conversation (at most OUTBOX_SEND_TIME_LIMIT). It does
    # unless building (an outcome letter's PDF) took longer than the lease's margin over that
    # bound: then the lease starts again now, so building never eats into the send's time.
    margin = settings.OUTBOX_LEASE_SECONDS - settings.OUTBOX_SEND_TIME_LIMIT
    if time.monotonic() - claimed_at > margin / 2 and not leases.renew(
        Email, email_id, token, lease=lease()
    ):
        return "lease-lost"
    try:
        # Over this process's open connection (``smtp.py``: a dropped one is replaced and the
        # message sent again only if none of it had gone).
        smtp.send(message)
    except Exception as error:  # noqa: BLE001 - recorded on the row; the caller never fails
        final = is_permanent(error) or email.attempts >= settings.OUTBOX_MAX_ATTEMPTS
        _record_error(email, token, _describe(error), final=final)
        return "failed" if final else "retry"
    _record_sent(email, kind)
    return "sent"


def _record_sent(email: Email, kind: Kind) -> None:
    fields = leases.done_fields()
    if kind.secret:
        fields["body"] = ""  # the link or code is not kept once it has gone
    with transaction.atomic():
        # Whoever holds the lease now: this sender did send it.
        if not leases.finish(Email, email, fields, token=None):
            return
        if kind.on_sent is not None:
            kind.on_sent(email)
        if kind.audit_sent:
            audit_record(
                actor=None,
                action=AuditAction.SEND,
                object_type=email.object_type or "outbox.email",
                object_id=email.object_id or email.pk,
                authority_id=email.authority_id,
                changes={"email": email.kind},
            )


def _record_error(email: Email, token: str, error: str, *, final: bool) -> None:
    fields = leases.error_fields(
        attempts=email.attempts,
        error=error,
        final=final,
        base_seconds=settings.OUTBOX_RETRY_SECONDS,
    )
    with transaction.atomic():
        # Only while this sender still holds the lease; if it was taken, the taker decides.
        if not leases.finish(Email, email, fields, token=token):
            return
        kind = kind_for(email.kind)
        if final:
            log.warning("email %s (%s) failed: %s", email.pk, email.kind, error)
            if kind is not None and kind.on_failed is not None:
                kind.on_failed(email)


# --- people act on an email ----------------------------------------------------------------------


@transaction.atomic
def email_resend(*, email: Email, actor: Actor, request: HttpRequest | None = None) -> Email:
    """Send a failed email again, with the same Message-ID and a fresh set of tries."""
    email = Email.objects.select_for_update().get(pk=email.pk)
    if email.status != EmailStatus.FAILED:
        raise OutboxError("Only an email that failed to send can be sent again")
    _move(email, EmailStatus.PENDING, next_attempt_at=timezone.now(), attempts=0, queued_at=None)
    kind = kind_for(email.kind)
    if kind is not None and kind.on_resend is not None:
        kind.on_resend(email)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type=email.object_type or "outbox.email",
        object_id=email.object_id or email.pk,
        authority_id=email.authority_id,
        request=request,
        changes={"email": email.kind, "event": "resent", "outbox": email.pk},
    )
    emails_dispatch_on_commit(ids=[email.pk])
    return email


def email_cancel(*, key: str) -> bool:
    """The email named ``key`` is no longer wanted (a letter held back, a draft deleted).
    True if it will not be sent; False if it is already being sent or has been."""
    with transaction.atomic():
        email = Email.objects.select_for_update().filter(key=key).first()
        if email is None or email.status == EmailStatus.CANCELLED:
            return True
        if email.status not in (EmailStatus.PENDING, EmailStatus.FAILED):
            return False
        _move(email, EmailStatus.CANCELLED)
        return True


def emails_cancel(*, kind: str, obj: Model) -> int:
    """Emails of ``kind`` about ``obj`` still waiting (or failed) are no longer wanted (a draft
    saved again or deleted before its warning went). Returns how many."""
    object_type, object_id = _object(obj, "", None)
    return Email.objects.filter(
        kind=kind,
        object_type=object_type,
        object_id=object_id,
        status__in=[EmailStatus.PENDING, EmailStatus.FAILED],
    ).update(status=EmailStatus.CANCELLED, status_changed_at=timezone.now())
