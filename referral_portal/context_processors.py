"""What every page needs: the authority being looked at (the "who to call now" panel is
``contacts.context_processors.call_now``)."""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest

from referral_portal.accounts.models import Authority

AUTHORITY_COOKIE = "portal_authority"
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,50}")


def is_slug(value: str) -> bool:
    return bool(_SLUG.fullmatch(value))


def current_authority(request: HttpRequest) -> Authority | None:
    """The signed-in user's authority, or the one a visitor chose (remembered in a cookie)."""
    if hasattr(request, "_portal_authority"):
        cached: Authority | None = request._portal_authority
        return cached
    authority = None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.authority_id:
        authority = user.authority
    else:
        slug = request.COOKIES.get(AUTHORITY_COOKIE)
        # A cookie is the visitor's to write: only a slug-shaped value reaches the query (a
        # NUL, which http.cookies unquotes from "\000", gave a 500: review L1).
        if slug and is_slug(slug):
            authority = Authority.objects.filter(slug=slug).first()
    # A memo for the rest of this request, which the stubs do not know of.
    request._portal_authority = authority  # type: ignore[attr-defined]  # see the comment above
    return authority


def portal(request: HttpRequest) -> dict[str, Any]:
    authority = current_authority(request)
    from django.conf import settings

    from referral_portal.accounts.models import STAFF_ROLES

    return {
        "current_authority": authority,
        "idle_timeout": settings.SESSION_IDLE_TIMEOUT,
        "idle_timeout_roles": STAFF_ROLES,
    }
