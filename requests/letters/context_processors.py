"""The navigation's "Letters to post (N)" for officers and managers (issue 17 point 7): business
support find the post from every page, not only by typing the URL."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from referral_portal.accounts.models import Role


def letters_to_post(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if (
        user is None
        or not user.is_authenticated
        or user.role not in (Role.OFFICER, Role.MANAGER)
        or not user.authority_id
    ):
        return {}

    def label() -> str:
        # Counted only when a page shows the navigation (one indexed COUNT).
        from requests.letters.selectors import letters_to_post_count

        return f"Letters to post ({letters_to_post_count(user=user)})"

    return {"letters_to_post_label": label}
