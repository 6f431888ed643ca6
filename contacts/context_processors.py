"""The "who to call now" panel on every page, for the authority being looked at."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from contacts.panel import call_now_panel
from referral_portal.context_processors import current_authority


def call_now(request: HttpRequest) -> dict[str, Any]:
    authority = current_authority(request)
    return {"call_now": call_now_panel(authority) if authority is not None else None}
