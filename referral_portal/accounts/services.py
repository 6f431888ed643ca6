"""Changes to people: registration, confirmation, approval. Each writes an audit event."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from referral_portal.accounts.models import Agency, Role, User, UserStatus
from referral_portal.accounts.tokens import email_confirmation_token
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record


class RegistrationError(Exception):
    """A registration cannot be made or changed; the message is for the person."""


def _absolute(path: str) -> str:
    return f"{settings.PORTAL_BASE_URL}{path}"


def confirmation_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = email_confirmation_token.make_token(user)
    return _absolute(reverse("accounts:confirm_email", args=[uid, token]))


@transaction.atomic
def practitioner_register(
    *, full_name: str, email: str, agency: Agency, job_title: str, password: str
) -> User:
    """Register a practitioner. A verified agency domain gets a confirmation link and is active
    once confirmed; any other address waits for the authority administrator's approval."""
    email = email.strip().lower()
    verified = agency.has_verified_domain(email)
    user = User.objects.create_user(
        email,
        password,
        full_name=full_name.strip(),
        job_title=job_title.strip(),
        agency=agency,
        role=Role.PRACTITIONER,
        status=UserStatus.AWAITING_CONFIRMATION if verified else UserStatus.AWAITING_APPROVAL,
    )
    audit_record(
        actor=None,
        action=AuditAction.CREATE,
        obj=user,
        changes={"registration": "verified_domain" if verified else "needs_approval"},
    )
    if verified:
        link = confirmation_link(user)
        transaction.on_commit(
            lambda: send_mail(
                "Confirm your email address for the referral portal",
                f"Hello {user.full_name},\n\nConfirm your email address to start using the "
                f"referral portal:\n\n{link}\n\nThe link works once and expires in an hour. "
                "If you did not register, ignore this email.",
                None,
                [user.email],
            )
        )
    return user


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


def _pending_for(actor: User, user: User) -> None:
    if actor.role != Role.ADMIN or actor.authority_id != user.authority_id:
        raise RegistrationError("You cannot decide registrations for another authority")
    if user.status != UserStatus.AWAITING_APPROVAL:
        raise RegistrationError("This registration has already been decided")


@transaction.atomic
def registration_approve(*, actor: User, user: User, request: Any = None) -> None:
    _pending_for(actor, user)
    user.status = UserStatus.ACTIVE
    user.email_confirmed_at = timezone.now()
    user.save(update_fields=["status", "email_confirmed_at"])
    audit_record(actor=actor, action=AuditAction.APPROVE, obj=user, request=request)
    sign_in = _absolute(reverse("accounts:login"))
    transaction.on_commit(
        lambda: send_mail(
            "Your referral portal account is approved",
            f"Hello {user.full_name},\n\nYour account has been approved. Sign in at {sign_in}",
            None,
            [user.email],
        )
    )


@transaction.atomic
def registration_refuse(*, actor: User, user: User, reason: str, request: Any = None) -> None:
    _pending_for(actor, user)
    user.status = UserStatus.REFUSED
    user.refused_reason = reason.strip()
    user.save(update_fields=["status", "refused_reason"])
    audit_record(actor=actor, action=AuditAction.REFUSE, obj=user, request=request)
    transaction.on_commit(
        lambda: send_mail(
            "Your referral portal registration was not approved",
            f"Hello {user.full_name},\n\nYour registration was not approved, for this reason:"
            f"\n\n{user.refused_reason}\n\nIf you think this is wrong, contact your agency's "
            "safeguarding lead.",
            None,
            [user.email],
        )
    )


def password_set_link(user: User) -> str:
    """A single-use link to choose a password (Django's reset token: spent once it is used)."""
    from django.contrib.auth.tokens import default_token_generator

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return _absolute(reverse("accounts:password_reset_confirm", args=[uid, token]))


@transaction.atomic
def staff_create(
    *, actor: User, full_name: str, email: str, role: str, request: Any = None
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
    link = password_set_link(user)
    transaction.on_commit(
        lambda: send_mail(
            "You have been added to the referral portal",
            f"Hello {user.full_name},\n\n{actor.full_name} has added you to the referral portal "
            f"as {Role(role).label.lower()}. Choose your password here:\n\n{link}\n\n"
            "The link works once and expires in an hour.",
            None,
            [user.email],
        )
    )
    return user


@transaction.atomic
def staff_deactivate(*, actor: User, user: User, request: Any = None) -> None:
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
def sign_out_everywhere(*, user: User, request: Any = None) -> None:
    """End every session of ``user``, on every device, this one included."""
    User.objects.filter(pk=user.pk).update(session_epoch=models.F("session_epoch") + 1)
    audit_record(
        actor=user,
        action=AuditAction.SIGN_OUT,
        obj=user,
        request=request,
        changes={"everywhere": True},
    )
