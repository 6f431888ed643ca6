"""How an emailed outcome letter is delivered: through the email outbox (referral_portal/outbox).

The Letter row keeps the letter's own story (held, waiting, emailed, failed, to post, posted);
its email is an outbox row written in the same transaction that makes the letter due, with the
covering text built then. The core's one sender renders the PDF (``attachments``) at send time,
and the letter follows the email's result in the transaction that records it (``on_sent``,
``on_failed``): emailed only after the SMTP server accepted it.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils import timezone

from referral_portal.accounts.models import Role
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record
from referral_portal.outbox.models import Email
from referral_portal.outbox.registry import Attachment, Kind, register
from referral_portal.outbox.services import email_cancel, email_queue
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
    return Letter.objects.select_related("contact", "authority", "decision").get(pk=email.object_id)


def _attachments(email: Email) -> Sequence[Attachment]:
    from requests.letters.rendering import letter_pdf

    letter = _letter(email)
    return [
        (f"outcome-letter-{letter.contact.reference}.pdf", letter_pdf(letter), "application/pdf")
    ]


def _sent(email: Email) -> None:
    now = timezone.now()
    letter = Letter.objects.filter(pk=email.object_id).first()
    if letter is None:
        return
    if Letter.objects.filter(
        pk=letter.pk, status__in=[LetterStatus.PENDING, LetterStatus.SENDING]
    ).update(
        status=LetterStatus.SENT,
        sent_at=email.sent_at or now,
        status_changed_at=now,
        message_id=email.message_id,
        attempts=email.attempts,
        last_error="",
    ):
        _audit(letter, "letter_sent", AuditAction.SEND, kind=letter.kind)


def _failed(email: Email) -> None:
    letter = Letter.objects.filter(pk=email.object_id).first()
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
    Letter.objects.filter(pk=email.object_id, status=LetterStatus.FAILED).update(
        status=LetterStatus.PENDING, status_changed_at=timezone.now()
    )


def _recipients_page(email: Email) -> str:
    contact_id = Letter.objects.filter(pk=email.object_id).values_list("contact_id", flat=True)
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

    count = 0
    letters = Letter.objects.select_related("contact", "authority").filter(
        pk__in=list(letter_ids), status=LetterStatus.PENDING
    )
    for letter in letters:
        door = front_door_details(letter.authority)
        email_queue(
            kind=OUTCOME_LETTER,
            key=email_key(letter.pk),
            to=letter.recipient_email,
            subject=f"Outcome letter {letter.contact.reference} from {door['name']}",
            body=email_body(letter, door["name"], door["phone"]),
            authority_id=letter.authority_id,
            obj=letter,
        )
        count += 1
    return count


def letter_email_cancel(letter: Letter) -> bool:
    """The letter is held back: its email is not sent. False when it is already being sent or
    has gone (too late to hold the email)."""
    return email_cancel(key=email_key(letter.pk))


def letter_email(letter: Letter) -> Email | None:
    return Email.objects.filter(key=email_key(letter.pk)).first()
