"""The outbox's state machine: which status may follow which, in one place."""

from __future__ import annotations

from referral_portal.outbox.models import EmailStatus as S
from referral_portal.states import StateMachine

ALLOWED: dict[str, frozenset[str]] = {
    # claimed by a sender; given up after the last try; no longer wanted (a letter held back)
    S.PENDING: frozenset({S.SENDING, S.FAILED, S.CANCELLED}),
    # the server accepted it; a temporary error (tried again later); a permanent one or the
    # last try; a lease that ran out is claimed again (SENDING -> SENDING, by another sender)
    S.SENDING: frozenset({S.SENT, S.PENDING, S.FAILED, S.SENDING}),
    S.SENT: frozenset(),
    # a person sends it again (same Message-ID), or it is no longer wanted
    S.FAILED: frozenset({S.PENDING, S.CANCELLED}),
    # wanted again (a held letter released)
    S.CANCELLED: frozenset({S.PENDING}),
}


EMAIL = StateMachine.of_statuses(
    "email",
    ALLOWED,
    lambda current, new: (
        f"An email that is {S(current).label.lower()} cannot become {S(new).label.lower()}"
    ),
)
