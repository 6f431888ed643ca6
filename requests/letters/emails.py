"""How an emailed outcome letter is delivered: through the email outbox (referral_portal/outbox).

The Letter row keeps the letter's own story (held, waiting, emailed, failed, to post, posted);
its email is an outbox row written in the same transaction that makes the letter due, with the
covering text built then. The core's one sender renders the PDF (``attachments``) at send time,
and the letter follows the email's result in the transaction that records it (``on_sent``,
``on_failed``): emailed only after the SMTP server accepted it.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from referral_portal import rows
from referral_portal.accounts.models import Role
from referral_portal.audit.models import AuditAction, AuditEvent
from referral_portal.audit.services import audit_record
from referral_portal.outbox.models import Email
from referral_portal.outbox.registry import Attachment, Kind, register
from referral_portal.outbox.services import email_build, email_cancel, emails_queue
from requests.letters.models import Letter, LetterStatus

OUTCOME_LETTER = "outcome_letter"


def email_key(letter_id: int) -> str:
    return f"letter:{letter_id}"


def _audit(letter: Letter, event: str, action: str = AuditAction.UPDATE, **details: object) -> None:
    # Ids and statuses only, against the contact (the case timeline shows each letter's steps).
    audit_record(
        actor=None,
        action=action,
        object_type="requests.contact",
        object_id=letter.contact_id,
        authority_id=letter.authority_id,
        changes={"event": event, "letter": letter.pk, **details},
    )


def _letter(email: Email) -> Letter:
    return Letter.objects.select_related("contact__agency", "authority", "decision").get(
        pk=email.object_id or 0
    )


def _attachments(email: Email) -> Sequence[Attachment]:
    from requests.letters.rendering import letter_pdf

    letter = _letter(email)
    return [
        (f"outcome-letter-{letter.contact.reference}.pdf", letter_pdf(letter), "application/pdf")
    ]


@functools.cache
def _sent_sql(with_audit: bool) -> str:
    table = connection.ops.quote_name(Letter._meta.db_table)
    # Only names from the models' _meta go into the text; every value is a parameter.
    update = (  # nosec B608
        f"UPDATE {table} SET status = %s, sent_at = %s, status_changed_at = %s, "  # noqa: S608  # nosec B608 - names from _meta only
        "message_id = %s, attempts = %s, last_error = '' "
        "WHERE id = %s AND status IN (%s, %s) RETURNING contact_id, authority_id, kind"
    )
    if not with_audit:
        return update
    audit = connection.ops.quote_name(AuditEvent._meta.db_table)
    # PostgreSQL: the audit row (as ``_audit`` writes it) in the same statement, only if the
    # letter was updated, from the row the UPDATE returns.
    return (  # nosec B608
        f"WITH sent AS ({update}) "  # noqa: S608  # nosec B608 - names from _meta only
        f"INSERT INTO {audit} (at, actor_id, actor_label, action, object_type, object_id, "
        "authority_id, ip, path, changes) "
        "SELECT %s::timestamptz, NULL, '', %s::text, 'requests.contact', sent.contact_id::text, "
        "sent.authority_id, NULL, '', jsonb_build_object('event', 'letter_sent', "
        "'letter', %s::integer, 'kind', sent.kind) FROM sent RETURNING id"
    )


def _sent(email: Email) -> None:
    """The letter is emailed: on PostgreSQL one statement with its audit row (this runs for
    every letter sent); elsewhere the update, then the audit row."""
    adapt = connection.ops.adapt_datetimefield_value
    now = timezone.now()
    params = [
        LetterStatus.SENT.value,
        adapt(email.sent_at or now),
        adapt(now),
        email.message_id,
        email.attempts,
        email.object_id,
        LetterStatus.PENDING.value,
        LetterStatus.SENDING.value,
    ]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            rows.execute(
                cursor,
                _sent_sql(True),
                [*params, adapt(now), AuditAction.SEND.value, email.object_id],
            )
        return
    with connection.cursor() as cursor:
        rows.execute(cursor, _sent_sql(False), params)
        row = cursor.fetchone()
    if row is not None:
        contact_id, authority_id, kind = row
        letter = Letter(
            pk=email.object_id or 0, contact_id=contact_id, authority_id=authority_id, kind=kind
        )
        _audit(letter, "letter_sent", AuditAction.SEND, kind=kind)


def _failed(email: Email) -> None:
    letter = Letter.objects.filter(pk=email.object_id or 0).first()
    if letter is None:
        return
    if Letter.objects.filter(
        pk=letter.pk, status__in=[LetterStatus.PENDING, LetterStatus.SENDING]
    ).update(
        status=LetterStatus.FAILED,
        status_changed_at=timezone.now(),
        attempts=email.attempts,
        last_error=email.last_error,
    ):
        _audit(letter, "letter_failed")


def _resent(email: Email) -> None:
    """Sent again from "Emails that failed to send": the letter waits for its email again."""
    Letter.objects.filter(pk=email.object_id or 0, status=LetterStatus.FAILED).update(
        status=LetterStatus.PENDING, status_changed_at=timezone.now()
    )


def _recipients_page(email: Email) -> str:
    contact_id = Letter.objects.filter(pk=email.object_id or 0).values_list("contact_id", flat=True)
    return reverse("letters:recipients", args=[contact_id.first() or 0])


def register_kinds() -> None:
    # A letter that failed is the duty manager's to send again (as on the letters page).
    register(
        Kind(
            name=OUTCOME_LETTER,
            label="Outcome letter",
            responsible=frozenset({Role.MANAGER}),
            attachments=_attachments,
            on_sent=_sent,
            on_failed=_failed,
            on_resend=_resent,
            link=_recipients_page,
            audit_sent=False,  # the letter audits its own "letter_sent"
        )
    )


def letters_email(*, letter_ids: Sequence[int]) -> int:
    """Write the email of each waiting letter to the outbox, in the caller's transaction (sent
    once it commits). A letter whose email was cancelled (held back) gets it back, with the same
    Message-ID. Returns how many were written or brought back."""
    from requests.letters.rendering import front_door_details
    from requests.letters.services import email_body

    letters = Letter.objects.select_related("contact", "authority").filter(
        pk__in=list(letter_ids), status=LetterStatus.PENDING
    )
    doors: dict[int, dict[str, object]] = {}
    emails = []
    for letter in letters:
        if letter.authority_id not in doors:
            doors[letter.authority_id] = front_door_details(letter.authority)
        door = doors[letter.authority_id]
        emails.append(
            email_build(
                kind=OUTCOME_LETTER,
                key=email_key(letter.pk),
                to=letter.recipient_email,
                subject=f"Outcome letter {letter.contact.reference} from {door['name']}",
                body=email_body(letter, str(door["name"]), str(door["phone"])),
                authority_id=letter.authority_id,
                obj=letter,
            )
        )
    emails_queue(emails)
    return len(emails)


def letter_email_cancel(letter: Letter) -> bool:
    """The letter is held back: its email is not sent. False when it is already being sent or
    has gone (too late to hold the email)."""
    return email_cancel(key=email_key(letter.pk))


def letter_email(letter: Letter) -> Email | None:
    return Email.objects.filter(key=email_key(letter.pk)).first()
