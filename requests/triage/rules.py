"""Pure triage rules: deadlines (the authority's response aim is its procedure row, read by the
services), urgency and consent to gather information (seed 003)."""

from __future__ import annotations

import datetime as dt

# The queue warns when less than this is left.
DUE_SOON = dt.timedelta(hours=2)


def due_at_for(
    *, received_at: dt.datetime, due_at: dt.datetime | None, extended_due_at: dt.datetime | None
) -> dt.datetime:
    """The queue's order key: an approved extension, else the contact's own due time (set at
    submission by the authority's response aim), else its receipt.

    A contact has no due time only where its authority has no response aim: no deadline is
    promised or shown (``has_deadline``), and the queue takes such contacts oldest first.
    """
    if extended_due_at is not None:
        return extended_due_at
    if due_at is not None:
        return due_at
    return received_at


def has_deadline(*, due_at: dt.datetime | None, extended_due_at: dt.datetime | None) -> bool:
    """Whether the contact has a deadline at all (its authority's response aim, or an extension)."""
    return due_at is not None or extended_due_at is not None


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


def consent_before(*, recorded: str, referrer: str) -> str:
    """The consent answer already on the record: the officer's, else the referrer's.

    The referrer's answer on the Request for Support counts: an officer may not start from a
    blank answer to lift a refusal the referrer already reported.
    """
    return recorded or referrer


def consent_change_needs_evidence(*, before: str, after: str) -> bool:
    """Consent recorded as given when the record said it was not (refused, not sought or any
    other answer short of given) needs who gave it, when and how, and goes to a duty manager.

    003: "You will usually be asked to give your agreement before information gathering is
    carried out. However, there will be times when the need for agreement is overridden by the
    Duty Manager."
    """
    return after == "given" and before not in {"", "given"}


def immediate_action_required(*, immediate_danger: bool, immediate_action_needed: bool) -> bool:
    """A contact sent with "immediate danger" or flagged "immediate action needed" needs the
    action taken recorded before any decision is proposed.

    003: "If a safeguarding issue is identified, immediate action will be taken."
    """
    return immediate_danger or immediate_action_needed


def immediate_action_recorded(*, taken: str, by: str, at: dt.datetime | None) -> bool:
    """What was done, by whom and when: all three."""
    return bool(taken.strip() and by.strip() and at is not None)


def extension_may_be_asked(*, due_at: dt.datetime, now: dt.datetime) -> bool:
    """An extension is asked for, and approved, only while the deadline it extends is still
    ahead. 003: "this time can sometimes be extended": the time allowed is extended before it
    runs out, not after.
    """
    return now < due_at


def overdue_by(*, due_at: dt.datetime, now: dt.datetime) -> str:
    """ "3 h 05 min" past the deadline; "" when it is not past."""
    if now <= due_at:
        return ""
    minutes = int((now - due_at).total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    text = f"{hours} h {minutes:02d} min"
    return f"{days} d {text}" if days else text


# This portal's standard for a letter that is posted: at least two lines (for example the
# building and street, then the town and postcode), so it can reach them (issue 17 point 5).
POSTAL_ADDRESS_SHORT = (
    "Enter their full postal address, with the building and street, the town and the "
    "postcode on separate lines: the outcome letter is posted to it"
)


def postal_address_full(address: str) -> bool:
    """Whether ``address`` has at least two lines (or comma-separated parts)."""
    parts = [p for line in (address or "").splitlines() for p in line.split(",") if p.strip()]
    return len(parts) >= 2
