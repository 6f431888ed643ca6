"""Pure triage rules from seed 003: the 24-hour aim, urgency and consent to gather information."""

from __future__ import annotations

import datetime as dt

# 003: "We aim to respond to all initial contacts within 24 hours."
RESPONSE_AIM = dt.timedelta(hours=24)
# The queue warns when less than this is left.
DUE_SOON = dt.timedelta(hours=2)


def due_at_for(
    *, received_at: dt.datetime, due_at: dt.datetime | None, extended_due_at: dt.datetime | None
) -> dt.datetime:
    """The deadline: an approved extension, else the contact's own due time, else receipt + 24 h.

    003: "this time can sometimes be extended to allow for further investigation".
    """
    if extended_due_at is not None:
        return extended_due_at
    if due_at is not None:
        return due_at
    return received_at + RESPONSE_AIM


def due_tag(*, due_at: dt.datetime, now: dt.datetime) -> str:
    """ "overdue", "due_soon" (under 2 hours left) or "" for the queue's tags."""
    if due_at <= now:
        return "overdue"
    if due_at - now < DUE_SOON:
        return "due_soon"
    return ""


def is_urgent(*, immediate_danger: bool, immediate_action_needed: bool) -> bool:
    """Immediate danger (said by the referrer) or immediate action (found by the officer) first.

    003: "If a safeguarding issue is identified, immediate action will be taken."
    """
    return immediate_danger or immediate_action_needed


def may_gather(*, consent: str, override_approved: bool) -> bool:
    """Information may be gathered with the family's agreement or a duty manager's override.

    003: "You will usually be asked to give your agreement before information gathering is
    carried out. However, there will be times when the need for agreement is overridden by the
    Duty Manager."
    """
    return consent == "given" or override_approved


def override_may_be_requested(*, consent: str) -> bool:
    """An override is asked for only where consent was refused or not sought."""
    return consent in {"refused", "not_sought"}
