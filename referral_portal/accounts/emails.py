"""Account emails: what each says. They all leave through the outbox (referral_portal/outbox).

A link in an email is made when the email is written and made again when a person sends a
failed one again (a link is short-lived: an old one would not work).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from referral_portal.accounts.models import Role, User
from referral_portal.accounts.tokens import email_confirmation_token
from referral_portal.outbox.models import Email
from referral_portal.outbox.services import email_queue


def _absolute(path: str) -> str:
    return f"{settings.PORTAL_BASE_URL}{path}"


def _uid(user: User) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def confirmation_link(user: User) -> str:
    token = email_confirmation_token.make_token(user)
    return _absolute(reverse("accounts:confirm_email", args=[_uid(user), token]))


def password_set_link(user: User) -> str:
    """A single-use link to choose a password (Django's reset token: spent once it is used)."""
    token = default_token_generator.make_token(user)
    return _absolute(reverse("accounts:password_reset_confirm", args=[_uid(user), token]))


def _confirmation_body(user: User) -> str:
    return (
        f"Hello {user.full_name},\n\nConfirm your email address to start using the "
        f"referral portal:\n\n{confirmation_link(user)}\n\nThe link works once and expires in an "
        "hour. If it has expired, ask for a new one on the sign-in page. "
        "If you did not register, ignore this email."
    )


def _staff_added_body(user: User, added_by: str) -> str:
    role = Role(user.role).label.lower()
    by = f"{added_by} has added you" if added_by else "You have been added"
    return (
        f"Hello {user.full_name},\n\n{by} to the referral portal as {role}. "
        f"Choose your password here:\n\n{password_set_link(user)}\n\n"
        "The link works once and expires in an hour. If it has expired, use "
        f'"Forgotten your password?" on the sign-in page: {_absolute(reverse("accounts:login"))}'
    )


def _password_reset_body(user: User) -> str:
    return render_to_string(
        "accounts/password_reset_email.txt",
        {"user": user, "link": password_set_link(user)},
    )


def _queue(kind: str, user: User, subject: str, body: str) -> Email:
    return email_queue(
        kind=kind,
        to=user.email,
        subject=subject,
        body=body,
        authority_id=user.authority_id,
        obj=user,
    )


def confirmation_email(user: User) -> Email:
    return _queue(
        "registration_confirmation",
        user,
        "Confirm your email address for the referral portal",
        _confirmation_body(user),
    )


def password_reset_email(user: User) -> Email:
    return _queue(
        "password_reset",
        user,
        render_to_string("accounts/password_reset_subject.txt").strip(),
        _password_reset_body(user),
    )


def staff_added_email(user: User, *, added_by: str) -> Email:
    return _queue(
        "staff_added",
        user,
        "You have been added to the referral portal",
        _staff_added_body(user, added_by),
    )


def approved_email(user: User) -> Email:
    sign_in = _absolute(reverse("accounts:login"))
    return _queue(
        "registration_approved",
        user,
        "Your referral portal account is approved",
        f"Hello {user.full_name},\n\nYour account has been approved. Sign in at {sign_in}",
    )


def refused_email(user: User) -> Email:
    return _queue(
        "registration_refused",
        user,
        "Your referral portal registration was not approved",
        f"Hello {user.full_name},\n\nYour registration was not approved, for this reason:"
        f"\n\n{user.refused_reason}\n\nIf you think this is wrong, contact your agency's "
        "safeguarding lead.",
    )


def already_registered_email(user: User) -> Email:
    """Review L6: registering with an address that has an account tells its owner, not the
    person registering."""
    return _queue(
        "already_registered",
        user,
        "Someone tried to register with your email address",
        f"Hello {user.full_name},\n\nSomeone tried to register for the referral portal with "
        "this email address, which already has an account. If it was you, sign in at "
        f"{_absolute(reverse('accounts:login'))}, or reset your password there. If it was not "
        "you, you need do nothing.",
    )


def sign_in_locked_email(user: User, *, unlock_url: str, failures: int) -> Email:
    """Security review M6: the owner of a locked account is told, with the link that lifts
    the lock (sign_in_limits.py)."""
    return _queue(
        "sign_in_locked",
        user,
        "Your referral portal sign-in is locked",
        f"Hello {user.full_name},\n\nSign-in to your referral portal account was locked after "
        f"{failures} failed attempts with a wrong password.\n\nIf this was you, unlock it with "
        f"this link (it works for 24 hours), then sign in or reset your password:\n\n"
        f"{unlock_url}\n\nIf it was not you, someone may be trying to guess your password: "
        "unlock it when you need to sign in, and tell your duty manager. A duty manager or "
        "administrator can also unlock it.",
    )


def two_factor_changed_email(user: User) -> Email:
    """Security review L4: the person is told when their authenticator app is replaced."""
    return _queue(
        "two_factor_changed",
        user,
        "Your referral portal two-factor sign-in was changed",
        f"Hello {user.full_name},\n\nThe authenticator app for your referral portal account "
        "was replaced, and new backup codes were made. If this was not you, tell your duty "
        "manager or administrator now: they can reset your two-factor sign-in.",
    )


def fresh_body(email: Email) -> str | None:
    """The body of a failed account email about to be sent again, with a new link; None
    when the email has no link (it goes as it was)."""
    if email.object_id is None:
        return None
    user = User.objects.filter(pk=email.object_id).first()
    if user is None:
        return None
    if email.kind == "registration_confirmation":
        return _confirmation_body(user)
    if email.kind == "password_reset":
        return _password_reset_body(user)
    if email.kind == "staff_added":
        return _staff_added_body(user, "")
    return None
