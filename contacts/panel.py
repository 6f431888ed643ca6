"""The "who to call now" panel on every page, for the authority being looked at.

The context processor calls ``call_now_panel`` on every page. It reads the authority's
directory from the cache (no query on a hit) and works the answer out for this minute, so
the panel never shows a stale "open" after closing time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from contacts import hours
from contacts.models import ServiceKind
from contacts.selectors import Directory, directory_for
from referral_portal.accounts.models import Authority

EMERGENCY = "999"


def call_now_panel(authority: Authority, at: dt.datetime | None = None) -> dict[str, Any] | None:
    """What to ring now: None when the authority has no front door in the directory."""
    return panel_for_directory(directory_for(authority), at or timezone.now())


# The last answer per authority: it holds from the moment it was worked out until the next
# change (that is what "next change" means), for the same directory snapshot. Instants are
# POSIX timestamps: aware datetimes in one zone compare by wall time, wrong in the repeated
# autumn hour.
_answers: dict[str, tuple[Directory, float, float | None, dict[str, Any]]] = {}


def panel_for_directory(directory: Directory, at: dt.datetime) -> dict[str, Any] | None:
    at = hours.as_london(at)
    instant = at.timestamp()
    memo = _answers.get(directory.slug)
    if memo is not None:
        snapshot, since, until, remembered = memo
        if snapshot is directory and since <= instant and (until is None or instant < until):
            return {**remembered, "at": at}
    panel = _work_out(directory, at)
    if panel is not None:
        change = panel["next_change"]
        until = change.timestamp() if change is not None else None
        _answers[directory.slug] = (directory, instant, until, panel)
    return panel


def forget_answers() -> None:
    _answers.clear()


def _work_out(directory: Directory, at: dt.datetime) -> dict[str, Any] | None:
    front_door = directory.of_kind(ServiceKind.FRONT_DOOR)
    if front_door is None:
        return None
    out_of_hours = directory.of_kind(ServiceKind.OUT_OF_HOURS)
    answer = hours.who_to_call(
        at,
        front_door=front_door.contact,
        front_door_hours=front_door.schedule,
        out_of_hours=out_of_hours.contact if out_of_hours else None,
    )
    return {
        "authority": directory.slug,
        "at": answer.at,
        "sentence": answer.sentence,
        "lead": answer.lead,
        "front_door_open": answer.front_door_open,
        "name": answer.call.name,
        "short_name": answer.call.short_name,
        "phone": answer.call.phone,
        "phone_href": "tel:" + "".join(c for c in answer.call.phone if c.isdigit() or c == "+"),
        "kind": answer.kind,
        "next_change": answer.next_change,
        "next_change_text": answer.next_change_text,
        "front_door_name": front_door.label,
        "emergency": EMERGENCY,
    }
