"""Writes of outcome letters: creating them when a decision is agreed, holds, sending, posting.

Every change is one function here, audited against the contact (``requests.contact``) so the
case timeline shows each letter's progress. An emailed letter is delivered by the email outbox
(``requests/letters/emails.py``): its email is written in the transaction that makes it due.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from referral_portal.accounts.models import Role
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import Actor, audit_record
from referral_portal.errors import DomainError
from referral_portal.outbox.models import EmailStatus
from referral_portal.outbox.services import email_resend
from referral_portal.procedures.models import Kind
from referral_portal.procedures.selectors import offers
from requests.letters.emails import letter_email, letter_email_cancel, letters_email
from requests.letters.models import Letter, LetterStatus, RecipientHold
from requests.letters.recipients import (
    NO_ADDRESS_REASON,
    Recipient,
    one_line,
    recipients_for_contact,
)
from requests.letters.states import LETTER

if TYPE_CHECKING:
    from referral_portal.accounts.models import User
    from requests.models import Contact
    from requests.triage.models import Decision

logger = logging.getLogger(__name__)


class LetterError(DomainError):
    """A request that breaks a letter rule; the message is shown to the user as it is."""


def _audit(
    *,
    actor: Actor,
    contact_id: int,
    authority_id: int,
    event: str,
    action: str = AuditAction.UPDATE,
    request: HttpRequest | None = None,
    **details: object,
) -> None:
    # Ids and statuses only: never a name or an address (they are a child's family's data).
    audit_record(
        actor=actor,
        action=action,
        object_type="requests.contact",
        object_id=contact_id,
        authority_id=authority_id,
        request=request,
        changes={"event": event, **details},
    )


def _require_front_door(user: User, contact: Contact, *, manager: bool = False) -> None:
    roles = {Role.MANAGER} if manager else {Role.OFFICER, Role.MANAGER}
    if not (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role in roles
        and user.authority_id == contact.authority_id
    ):
        raise PermissionDenied("Only the front door of this contact's authority may do this")


def hold_for(recipient: Recipient, holds: dict[str, RecipientHold]) -> str:
    """The reason a recipient's letter is held, or "" when it may go (point 5)."""
    hold = holds.get(recipient.key)
    if hold is not None:
        return hold.reason if hold.held else ""
    return recipient.default_hold_reason


def letter_build(*, decision: Decision, recipient: Recipient, held_reason: str = "") -> Letter:
    """An unsaved Letter for ``recipient``: what would be created (and what a preview shows)."""
    contact = decision.contact
    if not recipient.deliverable:
        # Never a "to post" letter with nowhere to post it (issue 17 point 5).
        held_reason = held_reason or NO_ADDRESS_REASON
    if held_reason:
        status = LetterStatus.HELD
    elif recipient.email:
        status = LetterStatus.PENDING
    else:
        status = LetterStatus.TO_POST
    return Letter(
        decision=decision,
        contact=contact,
        authority_id=contact.authority_id,
        kind=recipient.kind,
        recipient_key=recipient.key,
        recipient_name=one_line(recipient.name),
        recipient_email=recipient.email,
        recipient_address=recipient.address,
        recipient_agency=recipient.agency,
        large_print=recipient.large_print,
        easy_read=recipient.easy_read,
        interpreter_language=recipient.interpreter_language,
        needs_bsl=recipient.needs_bsl,
        children=list(recipient.children),
        status=status,
        held_reason=held_reason,
    )


def letters_create_for_decision(*, decision: Decision) -> list[Letter]:
    """One Letter per recipient (003), in the caller's transaction; queued after it commits.

    Idempotent: a second call for the same decision finds the letters already made (the
    unique (decision, recipient_key) constraint) and queues nothing new.

    Only where the authority's procedures give outcome letters (its procedure row): none is
    written for an authority without.
    """
    contact = decision.contact
    if not offers(authority=contact.authority_id, kind=Kind.OUTCOME_LETTERS):
        return []
    holds = {hold.recipient_key: hold for hold in RecipientHold.objects.filter(contact=contact)}
    existing = {letter.recipient_key: letter for letter in decision.letters.all()}
    letters: list[Letter] = []
    created: list[Letter] = []
    for recipient in recipients_for_contact(contact=contact, outcome=decision.outcome):
        letter = existing.get(recipient.key)
        if letter is None:
            letter = letter_build(
                decision=decision, recipient=recipient, held_reason=hold_for(recipient, holds)
            )
            letter.save()
            created.append(letter)
        letters.append(letter)
    if created:
        _audit(
            actor=None,
            contact_id=contact.pk,
            authority_id=contact.authority_id,
            event="letters_created",
            action=AuditAction.CREATE,
            decision=decision.pk,
            letters={str(letter.pk): letter.status for letter in created},
        )
    to_queue = [letter.pk for letter in created if letter.status == LetterStatus.PENDING]
    if to_queue:
        letters_email(letter_ids=to_queue)  # written now, sent once this commits
    return letters


@transaction.atomic
def recipient_hold_set(
    *,
    user: User,
    contact: Contact,
    recipient_key: str,
    held: bool,
    reason: str,
    request: HttpRequest | None = None,
) -> RecipientHold:
    """A duty manager holds a recipient back (with the reason) or releases them, before agreeing.

    Once letters exist (the decision is agreed), their status follows: a held letter that was
    still waiting is held; releasing a held letter sends or lists it for posting.
    """
    _require_front_door(user, contact, manager=True)
    reason = reason.strip()
    if not reason:
        raise LetterError(
            "Give the reason for holding this letter back"
            if held
            else "Give the reason it is now safe to send this letter"
        )
    current = {r.key: r for r in recipients_for_contact(contact=contact)}
    recipient = current.get(recipient_key)
    if recipient is None:
        raise LetterError("That recipient is not on this contact")
    if not held and not recipient.deliverable:
        raise LetterError(
            "This letter cannot be sent: there is no email or postal address. "
            "Record one first, then release it."
        )
    hold, _ = RecipientHold.objects.update_or_create(
        contact=contact,
        recipient_key=recipient_key,
        defaults={"held": held, "reason": reason, "decided_by": user, "decided_at": timezone.now()},
    )
    now = timezone.now()
    to_queue: list[int] = []
    for letter in Letter.objects.select_for_update().filter(
        contact=contact, recipient_key=recipient_key
    ):
        if held and letter.status in (LetterStatus.PENDING, LetterStatus.TO_POST):
            if letter.status == LetterStatus.PENDING and not letter_email_cancel(letter):
                continue  # its email is already with the mail server: too late to hold
            new = LetterStatus.HELD
        elif not held and letter.status == LetterStatus.HELD:
            if not (letter.recipient_email or letter.recipient_address.strip()):
                # Held for want of an address: it goes where the record now says.
                letter.recipient_email = recipient.email
                letter.recipient_address = recipient.address
            new = LetterStatus.PENDING if letter.recipient_email else LetterStatus.TO_POST
        else:
            continue
        LETTER.move(letter.status, new)
        Letter.objects.filter(pk=letter.pk, status=letter.status).update(
            status=new,
            held_reason=reason if held else "",
            status_changed_at=now,
            recipient_email=letter.recipient_email,
            recipient_address=letter.recipient_address,
        )
        if new == LetterStatus.PENDING:
            to_queue.append(letter.pk)
    _audit(
        actor=user,
        contact_id=contact.pk,
        authority_id=contact.authority_id,
        event="letter_recipient_held" if held else "letter_recipient_released",
        request=request,
        recipient=recipient_key,
    )
    if to_queue:
        letters_email(letter_ids=to_queue)
    return hold


def email_body(letter: Letter, front_door_name: str, phone: str) -> str:
    """The covering email: names the recipient and the reference, never a child."""
    lines = [
        f"Dear {letter.recipient_name},",
        "",
        f"Please find attached an outcome letter from {front_door_name} "
        f"({letter.authority.name}), reference {letter.contact.reference}.",
        "",
        "The letter is a PDF. If you cannot open it, or need it in another format "
        "(large print, EasyRead, or with an interpreter), contact us"
        + (f" on {phone}" if phone else "")
        + " quoting the reference.",
        "",
        "If a child is in immediate danger, call 999.",
    ]
    return "\n".join(lines)


def _require_letter_staff(user: User, letter: Letter, *, manager: bool = False) -> None:
    _require_front_door(user, letter.contact, manager=manager)


@transaction.atomic
def letter_mark_posted(*, user: User, letter: Letter, request: HttpRequest | None = None) -> Letter:
    """Business support has put the printed letter in the post."""
    _require_letter_staff(user, letter)
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.status != LetterStatus.TO_POST:
        raise LetterError(f"This letter is {letter.get_status_display().lower()}, not to post")
    LETTER.move(letter.status, LetterStatus.POSTED)
    now = timezone.now()
    letter.status = LetterStatus.POSTED
    letter.posted_at = now
    letter.posted_by = user
    letter.status_changed_at = now
    letter.save()
    _audit(
        actor=user,
        contact_id=letter.contact_id,
        authority_id=letter.authority_id,
        event="letter_posted",
        action=AuditAction.SEND,
        request=request,
        letter=letter.pk,
    )
    return letter


@transaction.atomic
def letter_resend(*, user: User, letter: Letter, request: HttpRequest | None = None) -> Letter:
    """A duty manager sends a failed letter again (or lists it for posting if no email)."""
    _require_letter_staff(user, letter, manager=True)
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.status != LetterStatus.FAILED:
        raise LetterError("Only a letter that failed to send can be sent again")
    new = LetterStatus.PENDING if letter.recipient_email else LetterStatus.TO_POST
    LETTER.move(letter.status, new)
    letter.status = new
    letter.status_changed_at = timezone.now()
    letter.save()
    _audit(
        actor=user,
        contact_id=letter.contact_id,
        authority_id=letter.authority_id,
        event="letter_resent",
        request=request,
        letter=letter.pk,
    )
    if new == LetterStatus.PENDING:
        email = letter_email(letter)
        if email is not None and email.status == EmailStatus.FAILED:
            # The same email again: same Message-ID, a fresh set of tries.
            email_resend(email=email, actor=user, request=request)
        else:
            letters_email(letter_ids=[letter.pk])
    return letter
