"""One state-machine style for every record that has a status (issue 16).

A machine is its states, the moves allowed between them and one ``move()``: given the state a
record is in and the move asked for, it answers the state after it, or raises
:class:`MoveNotAllowed` (a 409 in the API, a message on the page) worded for the person. A move
is named by an action ("claim", "agree": the triage of a contact) or, where the status alone
says what happened, by the status it leads to (:meth:`StateMachine.of_statuses`: letters,
emails, information requests). Services call ``move()`` before they write, and write the
state it returns in the same conditional UPDATE or locked save as the change itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from referral_portal.errors import Conflict


class MoveNotAllowed(Conflict):
    """A move that the record's current state does not allow; the message is for the person."""

    def __init__(self, message: str, *, state: str, action: str) -> None:
        self.state = state
        self.action = action
        super().__init__(message)


@dataclass(frozen=True)
class StateMachine:
    """``moves`` maps (state, action) to the state after it; anything absent is refused with
    ``refusal(state, action)``."""

    name: str
    moves: Mapping[tuple[str, str], str]
    refusal: Callable[[str, str], str]
    states: frozenset[str] = field(default=frozenset())

    @classmethod
    def of_statuses(
        cls,
        name: str,
        allowed: Mapping[str, Iterable[str]],
        refusal: Callable[[str, str], str],
    ) -> StateMachine:
        """A machine whose moves are named by the status they lead to: ``allowed`` maps each
        status to those that may follow it."""
        moves = {(state, new): new for state, news in allowed.items() for new in news}
        return cls(name, moves, refusal, frozenset(allowed))

    def allows(self, state: str, action: str) -> bool:
        return (state, action) in self.moves

    def move(self, state: str, action: str) -> str:
        """The state after ``action``, or :class:`MoveNotAllowed` with the reason in words."""
        try:
            return self.moves[(state, action)]
        except KeyError:
            raise MoveNotAllowed(self.refusal(state, action), state=state, action=action) from None

    def following(self, state: str) -> frozenset[str]:
        """The states a record in ``state`` may move to."""
        return frozenset(new for (current, _), new in self.moves.items() if current == state)
