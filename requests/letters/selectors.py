"""Reads of letters, scoped to the front door of the letter's authority."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from referral_portal.accounts.access import is_authority_staff
from referral_portal.accounts.models import Role
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record
from requests.letters.models import Letter, LetterStatus, RecipientHold
from requests.letters.recipients import Recipient, recipients_for_contact
from requests.letters.services import hold_for, letter_build


def letters_for_contact(*, contact: Any) -> QuerySet[Letter]:
    """A contact's letters with their status, for the case record (newest decision first)."""
    return Letter.objects.filter(contact=contact).order_by("-decision_id", "id")


def letters_to_post(*, user: Any) -> QuerySet[Letter]:
    """The business-support post list: letters with no email address, of the user's authority."""
    return Letter.objects.filter(
        authority_id=user.authority_id, status=LetterStatus.TO_POST
    ).select_related("contact")


def get_letter_for_user(*, user: Any, pk: int, request: HttpRequest | None = None) -> Letter:
    """The letter if ``user`` is an officer or manager of its authority; 404 (audited) if not."""
    letter = Letter.objects.select_related("contact", "authority", "decision").filter(pk=pk).first()
    if letter is None or not is_authority_staff(
        user, letter.authority_id, Role.OFFICER, Role.MANAGER
    ):
        audit_record(
            actor=user,
            action=AuditAction.DENIED,
            object_type="letters.letter",
            object_id=pk,
            request=request,
        )
        raise Http404("No such letter")
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type="requests.contact",
        object_id=letter.contact_id,
        authority_id=letter.authority_id,
        request=request,
        changes={"event": "letter_viewed", "letter": letter.pk},
    )
    return letter


def decision_for_letters(*, contact: Any) -> Any | None:
    """The decision the letters are (or will be) about: the newest awaiting or agreed one."""
    from requests.triage.models import Decision, DecisionStatus

    return (
        Decision.objects.filter(
            contact=contact,
            status__in=[DecisionStatus.AWAITING_MANAGER, DecisionStatus.AGREED],
        )
        .order_by("-made_at", "-id")
        .first()
    )


def recipient_rows(*, contact: Any) -> list[dict[str, Any]]:
    """Each recipient with where the letter goes, its needs, hold and (once made) its letter."""
    holds = {hold.recipient_key: hold for hold in RecipientHold.objects.filter(contact=contact)}
    decision = decision_for_letters(contact=contact)
    letters: dict[str, Letter] = {}
    if decision is not None:
        letters = {letter.recipient_key: letter for letter in decision.letters.all()}
    rows = []
    for recipient in recipients_for_contact(contact=contact):
        reason = hold_for(recipient, holds)
        rows.append(
            {
                "recipient": recipient,
                "held_reason": reason,
                "hold": holds.get(recipient.key),
                "by_post": not recipient.email,
                "needs": recipient_needs(recipient),
                "letter": letters.get(recipient.key),
            }
        )
    return rows


def recipient_needs(recipient: Recipient) -> list[str]:
    needs = []
    if recipient.large_print:
        needs.append("Large print")
    if recipient.easy_read:
        needs.append("EasyRead")
    if recipient.interpreter_language:
        needs.append(f"Interpreter: {recipient.interpreter_language}")
    if recipient.needs_bsl:
        needs.append("British Sign Language")
    return needs


def preview_letter(*, contact: Any, recipient_key: str) -> Letter | None:
    """The letter as it is (once made) or as it would be made from the current decision."""
    decision = decision_for_letters(contact=contact)
    if decision is None:
        return None
    made = decision.letters.filter(recipient_key=recipient_key).first()
    if made is not None:
        return made
    holds = {hold.recipient_key: hold for hold in RecipientHold.objects.filter(contact=contact)}
    for recipient in recipients_for_contact(contact=contact):
        if recipient.key == recipient_key:
            return letter_build(
                decision=decision, recipient=recipient, held_reason=hold_for(recipient, holds)
            )
    return None
