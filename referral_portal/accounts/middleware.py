"""Session idle timeout for staff roles, and no caching of signed-in pages."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from referral_portal.accounts.models import STAFF_ROLES

LAST_SEEN_KEY = "portal_last_seen"


class IdleTimeoutMiddleware:
    """Signs a staff user out after ``SESSION_IDLE_TIMEOUT`` seconds without a request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.role in STAFF_ROLES:
            now = time.time()
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - float(last_seen) > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                request.session["signed_out_idle"] = True
            else:
                # Stamped on every request: a coarser stamp signed active people out up to a
                # minute early (review L5). One UPDATE of the session row per staff page.
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class NoStoreForSignedInMiddleware:
    """Pages seen by a signed-in user may hold a child's data: never store them in a cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store, private"
        return response


class TwoFactorRequiredMiddleware:
    """A user who needs two-factor sign-in reaches nothing but the two-factor pages (and
    sign-out) until they have entered a code this session. Set up first if they have none."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.TWO_FACTOR_ENFORCED
            and user is not None
            and user.is_authenticated
            and user.needs_two_factor
            and not user.is_verified()
        ):
            from referral_portal.accounts.two_factor import has_two_factor

            allowed = {
                reverse("accounts:two_factor_verify"),
                reverse("accounts:two_factor_setup"),
                reverse("accounts:logout"),
            }
            if request.path not in allowed and not request.path.startswith(settings.STATIC_URL):
                target = (
                    "accounts:two_factor_verify"
                    if has_two_factor(user)
                    else "accounts:two_factor_setup"
                )
                return HttpResponseRedirect(reverse(target))
        return self.get_response(request)
