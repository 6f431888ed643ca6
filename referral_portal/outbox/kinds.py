"""The core's own kinds of email: account emails, answered for by the authority administrator."""

from __future__ import annotations

from django.urls import reverse

from referral_portal.accounts.models import Role
from referral_portal.outbox.models import Email
from referral_portal.outbox.registry import Kind, register

ADMINISTRATOR = frozenset({Role.ADMIN})


def _new_link(email: Email) -> None:
    """A failed email with a link is sent again with a new link: the old one may have expired."""
    from referral_portal.accounts.emails import fresh_body

    body = fresh_body(email)
    if body is not None:
        Email.objects.filter(pk=email.pk).update(body=body)
        email.body = body


def _people(email: Email) -> str:
    return reverse("accounts:people")


def _account(name: str, label: str, *, secret: bool = False) -> Kind:
    return register(
        Kind(
            name=name,
            label=label,
            responsible=ADMINISTRATOR,
            secret=secret,
            on_resend=_new_link if secret else None,
            link=_people,
        )
    )


REGISTRATION_CONFIRMATION = _account(
    "registration_confirmation", "Registration: confirm email address", secret=True
)
PASSWORD_RESET = _account("password_reset", "Password reset", secret=True)
STAFF_ADDED = _account("staff_added", "Added to the portal: choose a password", secret=True)
REGISTRATION_APPROVED = _account("registration_approved", "Registration approved")
REGISTRATION_REFUSED = _account("registration_refused", "Registration not approved")
# Security review M6 and L4 (referral_portal/accounts/sign_in_limits.py, two_factor.py).
SIGN_IN_LOCKED = _account("sign_in_locked", "Sign-in locked: link to unlock", secret=True)
TWO_FACTOR_CHANGED = _account("two_factor_changed", "Two-factor sign-in changed")
ALREADY_REGISTERED = _account(
    "already_registered", "Registration with an address that has an account"
)
