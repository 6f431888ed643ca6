"""The request a signed-in user's view receives, typed (django-stubs' documented pattern)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from referral_portal.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request behind ``login_required`` or ``role_required``: ``user`` is a real user."""

    user: User


def staff_authority_id(user: User) -> int:
    """The authority of a signed-in member of staff. Every staff role belongs to one (the user
    model refuses otherwise); an account without one sees nothing of anyone's."""
    if user.authority_id is None:
        raise PermissionDenied
    return user.authority_id
