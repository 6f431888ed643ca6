"""Reads of letters, scoped to the front door of the letter's authority."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import HttpRequest

from referral_portal.accounts.access import get_for_user, is_authority_staff
from referral_portal.accounts.models import Role
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record
from requests.letters.models import Letter, LetterKind, LetterStatus, RecipientHold
from requests.letters.recipients import Recipient, recipients_for_contact
from requests.letters.services import hold_for, letter_build

if TYPE_CHECKING:
    from referral_portal.accounts.models import User
    from requests.models import Contact
    from requests.triage.models import Decision


def letters_for_contact(*, contact: Contact) -> QuerySet[Letter]:
    """A contact's letters with their status, for the case record (newest decision first)."""
    return Letter.objects.filter(contact=contact).order_by("-decision_id", "id")


def letters_to_post(*, user: User) -> QuerySet[Letter]:
    """The business-support post list: letters with no email address, of the user's authority."""
    return Letter.objects.filter(
        authority_id=user.authority_id or 0, status=LetterStatus.TO_POST
    ).select_related("contact")


def get_letter_for_user(*, user: User, pk: int, request: HttpRequest | None = None) -> Letter:
    """The letter if ``user`` is an officer or manager of its authority; 404 (audited) if not."""

    def audit_view(letter: Letter) -> None:
        # Seeing a letter is seeing the contact's record: audited against the contact.
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            object_type="requests.contact",
            object_id=letter.contact_id,
            authority_id=letter.authority_id,
            request=request,
            changes={"event": "letter_viewed", "letter": letter.pk},
        )

    return get_for_user(
        Letter.objects.select_related("contact", "authority", "decision").filter(pk=pk),
        user=user,
        object_id=pk,
        may_see=lambda letter: is_authority_staff(
            user, letter.authority_id, Role.OFFICER, Role.MANAGER
        ),
        request=request,
        not_found="No such letter",
        audit_view=audit_view,
    )


def decision_for_letters(*, contact: Contact) -> Decision | None:
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


def letters_to_post_count(*, user: User | AnonymousUser) -> int:
    """How many letters wait to be posted (the navigation's count)."""
    if (
        isinstance(user, AnonymousUser)
        or user.role not in (Role.OFFICER, Role.MANAGER)
        or not user.authority_id
    ):
        return 0
    return Letter.objects.filter(
        authority_id=user.authority_id, status=LetterStatus.TO_POST
    ).count()


def referrer_consent(*, contact: Contact) -> list[tuple[str, str]]:
    """The referrer's consent answer and reasons (004 §4), shown beside the letters."""
    if not contact.consent:
        return [("The referrer's consent answer", "Not given")]
    rows = [("The referrer's consent answer", contact.get_consent_display())]
    if contact.consent_refused_details:
        rows.append(("What the family said", contact.consent_refused_details))
    if contact.consent_not_sought_reason:
        rows.append(("Why it was not sought", contact.get_consent_not_sought_reason_display()))
    if contact.consent_not_sought_details:
        rows.append(("Explanation", contact.consent_not_sought_details))
    return rows


def _outcome(decision: Decision | None) -> str | None:
    return decision.outcome if decision is not None else None


def agreement_warnings(*, contact: Contact, decision: Decision) -> list[str]:
    """What a duty manager must know, and confirm with a reason, before agreeing (issue 17
    points 2, 3 and 5): PR not known or not checked, a child about whom no PR holder will be
    written to, a letter that cannot be delivered, an EasyRead reader with no EasyRead text.
    None where the authority's procedures give no outcome letters (no letter is written)."""
    from referral_portal.procedures.models import Kind
    from referral_portal.procedures.selectors import offers
    from requests.triage.pr import pr_gaps, pr_record

    if not offers(authority=contact.authority_id, kind=Kind.OUTCOME_LETTERS):
        return []

    record = pr_record(contact=contact)
    warnings = pr_gaps(record)
    holds = {hold.recipient_key: hold for hold in RecipientHold.objects.filter(contact=contact)}
    recipients = recipients_for_contact(contact=contact, outcome=_outcome(decision), record=record)
    going = [r for r in recipients if r.kind == LetterKind.PARENT and not hold_for(r, holds)]
    held = [r for r in recipients if r.kind == LetterKind.PARENT and hold_for(r, holds)]
    written_about = {name for r in going for name in r.children}
    confirmed_about = {name for r in recipients for name in r.children}
    for child in contact.children.all():
        name = " ".join(f"{child.first_name} {child.last_name}".split())
        if name in written_about:
            continue
        if name in confirmed_about:
            warnings.append(
                f"No letter will be sent now to anyone with parental responsibility for {name}: "
                "their letters are held back."
            )
        else:
            warnings.append(
                f"Nobody is confirmed to hold parental responsibility for {name}, so no "
                "outcome letter goes to anyone with parental responsibility for them."
            )
    for r in recipients:
        if not r.deliverable:
            warnings.append(
                f"The letter to {r.name} ({r.kind_label.lower()}) cannot be delivered: there is "
                "no email or postal address. It will be held until one is recorded."
            )
    if decision is not None and not decision.family_text_easy_read.strip():
        for r in going + held:
            if r.easy_read:
                warnings.append(
                    f"{r.name} needs EasyRead, and the decision has no EasyRead text: their "
                    "letter would use the standard EasyRead wording for the outcome. Return the "
                    "decision to the officer to add it."
                )
    return warnings


def recipient_rows(*, contact: Contact) -> list[dict[str, Any]]:
    """Each recipient with where the letter goes, its needs, hold and (once made) its letter."""
    holds = {hold.recipient_key: hold for hold in RecipientHold.objects.filter(contact=contact)}
    decision = decision_for_letters(contact=contact)
    letters: dict[str, Letter] = {}
    if decision is not None:
        letters = {letter.recipient_key: letter for letter in decision.letters.all()}
    rows = []
    for recipient in recipients_for_contact(contact=contact, outcome=_outcome(decision)):
        reason = hold_for(recipient, holds)
        rows.append(
            {
                "recipient": recipient,
                "held_reason": reason,
                "hold": holds.get(recipient.key),
                "by_post": not recipient.email,
                "children": recipient.children,
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


def preview_letter(*, contact: Contact, recipient_key: str) -> Letter | None:
    """The letter as it is (once made) or as it would be made from the current decision."""
    decision = decision_for_letters(contact=contact)
    if decision is None:
        return None
    made = decision.letters.filter(recipient_key=recipient_key).first()
    if made is not None:
        return made
    holds = {hold.recipient_key: hold for hold in RecipientHold.objects.filter(contact=contact)}
    for recipient in recipients_for_contact(contact=contact, outcome=decision.outcome):
        if recipient.key == recipient_key:
            return letter_build(
                decision=decision, recipient=recipient, held_reason=hold_for(recipient, holds)
            )
    return None
