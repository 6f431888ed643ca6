"""Changes to people: registration, confirmation, approval. Each writes an audit event."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from referral_portal.accounts import emails
from referral_portal.accounts.api_tokens import api_tokens_revoke_all
from referral_portal.accounts.models import Agency, Role, User, UserStatus
from referral_portal.accounts.tokens import email_confirmation_token
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record
from referral_portal.errors import DomainError


class RegistrationError(DomainError):
    """A registration cannot be made or changed; the message is for the person."""


@transaction.atomic
def practitioner_register(
    *, full_name: str, email: str, agency: Agency, job_title: str, password: str
) -> User:
    """Register a practitioner. A verified agency domain gets a confirmation link and is active
    once confirmed; any other address waits for the authority administrator's approval."""
    email = email.strip().lower()
    verified = agency.has_verified_domain(email)
    status = UserStatus.AWAITING_CONFIRMATION if verified else UserStatus.AWAITING_APPROVAL
    # A refused registration may be made again (the form allows it): the refused row is
    # reused, as an address can belong to one account only.
    user = User.objects.select_for_update().filter(email=email, status=UserStatus.REFUSED).first()
    if user is None:
        user = User.objects.create_user(
            email,
            password,
            full_name=full_name.strip(),
            job_title=job_title.strip(),
            agency=agency,
            role=Role.PRACTITIONER,
            status=status,
        )
    else:
        user.full_name, user.job_title = full_name.strip(), job_title.strip()
        user.agency, user.role, user.status, user.refused_reason = (
            agency,
            Role.PRACTITIONER,
            status,
            "",
        )
        user.set_password(password)
        user.save()
    audit_record(
        actor=None,
        action=AuditAction.CREATE,
        obj=user,
        changes={"registration": "verified_domain" if verified else "needs_approval"},
    )
    if verified:
        emails.confirmation_email(user)
    return user


def account_exists(*, email: str) -> bool:
    """An account holds this address (a refused registration may be made again)."""
    return (
        User.objects.filter(email=email.strip().lower()).exclude(status=UserStatus.REFUSED).exists()
    )


@transaction.atomic
def registration_for_existing_account(*, email: str, password: str) -> None:
    """Someone registered with an address that has an account: its owner is emailed, and the
    work a new registration does (hashing the password) is done too, so neither the page nor
    its timing says the account exists (review L6)."""
    make_password(password)
    user = User.objects.filter(email=email.strip().lower()).first()
    if user is not None:
        emails.already_registered_email(user)


@transaction.atomic
def practitioner_confirm_email(*, user: User, token: str) -> bool:
    """Activate ``user`` if ``token`` is their current single-use confirmation token."""
    if user.status != UserStatus.AWAITING_CONFIRMATION:
        return False
    if not email_confirmation_token.check_token(user, token):
        return False
    user.status = UserStatus.ACTIVE
    user.email_confirmed_at = timezone.now()
    user.save(update_fields=["status", "email_confirmed_at"])
    audit_record(actor=user, action=AuditAction.UPDATE, obj=user, changes={"status": "active"})
    return True


# "Send me a new link" at most this many times an hour per account (nobody can use the page to
# flood a mailbox); the page answers the same either way.
CONFIRMATION_LINKS_PER_HOUR = 5


def confirmation_resend(*, email: str) -> bool:
    """Send a new confirmation link to an account still waiting for its email to be
    confirmed. Returns whether one was queued; the page says the same whatever the answer, so
    that nobody learns which addresses have accounts."""
    from referral_portal.outbox.models import Email

    email = email.strip().lower()
    with transaction.atomic():
        user = (
            User.objects.select_for_update()
            .filter(email=email, status=UserStatus.AWAITING_CONFIRMATION)
            .first()
        )
        if user is None:
            return False
        recent = Email.objects.filter(
            kind="registration_confirmation",
            object_type="accounts.user",
            object_id=user.pk,
            created_at__gt=timezone.now() - dt.timedelta(hours=1),
        )
        if recent.count() >= CONFIRMATION_LINKS_PER_HOUR:
            return False
        emails.confirmation_email(user)
        audit_record(actor=None, action=AuditAction.UPDATE, obj=user, changes={"email": "new_link"})
        return True


class LinkState(StrEnum):
    CONFIRMED = "confirmed"  # this click confirmed the address
    ALREADY = "already"  # the address was confirmed before: sign in
    EXPIRED = "expired"  # a real link, more than an hour old: ask for a new one
    INVALID = "invalid"  # not a link we made (or for an account that is gone)


def confirmation_state(*, user: User | None, token: str) -> LinkState:
    """Confirm ``user``'s address with ``token`` if it is good, else say why it is not."""
    if user is None:
        return LinkState.INVALID
    if user.status == UserStatus.ACTIVE and user.email_confirmed_at is not None:
        return LinkState.ALREADY
    if practitioner_confirm_email(user=user, token=token):
        return LinkState.CONFIRMED
    if user.status == UserStatus.AWAITING_CONFIRMATION and email_confirmation_token.made_for(
        user, token
    ):
        return LinkState.EXPIRED
    return LinkState.INVALID


def _pending_for(actor: User, user: User) -> None:
    if actor.role != Role.ADMIN or actor.authority_id != user.authority_id:
        raise RegistrationError("You cannot decide registrations for another authority")
    if user.status != UserStatus.AWAITING_APPROVAL:
        raise RegistrationError("This registration has already been decided")


@transaction.atomic
def registration_approve(*, actor: User, user: User, request: HttpRequest | None = None) -> None:
    _pending_for(actor, user)
    user.status = UserStatus.ACTIVE
    user.email_confirmed_at = timezone.now()
    user.save(update_fields=["status", "email_confirmed_at"])
    audit_record(actor=actor, action=AuditAction.APPROVE, obj=user, request=request)
    emails.approved_email(user)


@transaction.atomic
def registration_refuse(
    *, actor: User, user: User, reason: str, request: HttpRequest | None = None
) -> None:
    _pending_for(actor, user)
    user.status = UserStatus.REFUSED
    user.refused_reason = reason.strip()
    user.save(update_fields=["status", "refused_reason"])
    audit_record(actor=actor, action=AuditAction.REFUSE, obj=user, request=request)
    emails.refused_email(user)


@transaction.atomic
def staff_create(
    *, actor: User, full_name: str, email: str, role: str, request: HttpRequest | None = None
) -> User:
    """An authority administrator adds an officer, manager, Disclosure Team member or
    administrator to their own authority. They choose their password from an emailed link."""
    if actor.role != Role.ADMIN or actor.authority_id is None:
        raise RegistrationError("Only an authority administrator can add staff")
    if role not in {Role.OFFICER, Role.MANAGER, Role.DISCLOSURE, Role.ADMIN}:
        raise RegistrationError("Choose a staff role")
    user = User.objects.create_user(
        email.strip().lower(),
        None,
        full_name=full_name.strip(),
        role=role,
        authority_id=actor.authority_id,
        status=UserStatus.ACTIVE,
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=user, request=request, changes={"role": role}
    )
    emails.staff_added_email(user, added_by=actor.full_name)
    return user


@transaction.atomic
def staff_deactivate(*, actor: User, user: User, request: HttpRequest | None = None) -> None:
    if actor.role != Role.ADMIN or actor.authority_id != user.authority_id:
        raise RegistrationError("You cannot change people of another authority")
    if user.pk == actor.pk:
        raise RegistrationError("You cannot deactivate your own account")
    user.status = UserStatus.DEACTIVATED
    user.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=user,
        request=request,
        changes={"status": "deactivated"},
    )


@transaction.atomic
def sign_out_everywhere(*, user: User, request: HttpRequest | None = None) -> None:
    """End every session of ``user``, on every device, this one included."""
    User.objects.filter(pk=user.pk).update(session_epoch=models.F("session_epoch") + 1)
    # The epoch is part of every API key's check too; revoking them also clears the list.
    api_tokens_revoke_all(user=user)
    audit_record(
        actor=user,
        action=AuditAction.SIGN_OUT,
        obj=user,
        request=request,
        changes={"everywhere": True},
    )
