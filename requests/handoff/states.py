"""A delivery's states are the outbox's (``referral_portal.outbox.states.ALLOWED``): the same
moves, worded for a hand-off."""

from __future__ import annotations

from referral_portal.outbox.models import OutboxStatus as S
from referral_portal.outbox.states import ALLOWED
from referral_portal.states import StateMachine

DELIVERY = StateMachine.of_statuses(
    "hand-off delivery",
    ALLOWED,
    lambda current, new: (
        f"A hand-off that is {S(current).label.lower()} cannot become {S(new).label.lower()}"
    ),
)
