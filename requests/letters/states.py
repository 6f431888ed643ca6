"""The letter's state machine: which status may follow which, in one place."""

from __future__ import annotations

from referral_portal.states import StateMachine
from requests.letters.models import LetterStatus as S

ALLOWED: dict[str, frozenset[str]] = {
    S.HELD: frozenset({S.PENDING, S.TO_POST}),  # a manager releases it
    S.PENDING: frozenset({S.SENDING, S.FAILED, S.HELD}),
    # back to pending after an SMTP error (retried) or by the sweep when its worker died
    S.SENDING: frozenset({S.SENT, S.PENDING, S.FAILED}),
    S.SENT: frozenset(),
    S.FAILED: frozenset({S.PENDING, S.TO_POST}),  # the manager resends, or posts it
    S.TO_POST: frozenset({S.POSTED, S.HELD}),
    S.POSTED: frozenset(),
}


LETTER = StateMachine.of_statuses(
    "letter",
    ALLOWED,
    lambda current, new: (
        f"A letter that is {S(current).label.lower()} cannot become {S(new).label.lower()}"
    ),
)
