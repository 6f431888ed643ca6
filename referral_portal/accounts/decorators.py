"""View decorators: sign-in and role checks that answer 403 (signed in) or redirect (not)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

# A page, a file, or a streamed CSV export.
View = Callable[..., HttpResponseBase]


def role_required(*roles: str) -> Callable[[View], View]:
    """Signed-in users with one of ``roles``; others get 403, anonymous users the sign-in page."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            # login_required above: the user is signed in, not AnonymousUser.
            if request.user.role not in roles:  # type: ignore[union-attr]  # see the comment above
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
