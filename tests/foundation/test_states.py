"""The one state-machine style: states, the moves allowed, one move() that refuses in words."""

from __future__ import annotations

import pytest

from referral_portal.api import exception_handler
from referral_portal.outbox.models import EmailStatus
from referral_portal.outbox.states import EMAIL
from referral_portal.states import MoveNotAllowed, StateMachine
from requests.information.models import Status
from requests.information.services import INFORMATION_REQUEST

DOOR = StateMachine(
    "door",
    {("shut", "open"): "open", ("open", "shut"): "shut", ("open", "wedge"): "open"},
    lambda state, action: f"You cannot {action} a door that is {state}",
)


def test_move_answers_the_state_after_an_allowed_action():
    assert DOOR.move("shut", "open") == "open"
    assert DOOR.move("open", "wedge") == "open"  # an action may leave the state as it is


def test_a_move_not_allowed_is_refused_in_words_and_says_where_it_was():
    with pytest.raises(MoveNotAllowed) as refused:
        DOOR.move("shut", "wedge")
    assert str(refused.value) == "You cannot wedge a door that is shut"
    assert (refused.value.state, refused.value.action) == ("shut", "wedge")


def test_allows_and_following_read_the_same_moves():
    assert DOOR.allows("open", "shut") and not DOOR.allows("shut", "shut")
    assert DOOR.following("open") == {"shut", "open"}
    assert DOOR.following("nowhere") == frozenset()


def test_a_status_machine_names_each_move_by_the_status_it_leads_to():
    machine = StateMachine.of_statuses(
        "light", {"off": ["on"], "on": ["off"]}, lambda s, n: f"{s} cannot become {n}"
    )
    assert machine.move("off", "on") == "on"
    assert machine.states == {"off", "on"}
    with pytest.raises(MoveNotAllowed, match="on cannot become on"):
        machine.move("on", "on")


def test_the_api_answers_a_refused_move_with_409():
    response = exception_handler(MoveNotAllowed("No", state="a", action="b"), {})
    assert response.status_code == 409 and response.data == {"error": "No"}


def test_a_sent_email_stays_sent():
    for status in EmailStatus:
        assert not EMAIL.allows(EmailStatus.SENT, status)
    with pytest.raises(
        MoveNotAllowed, match="An email that is sent cannot become waiting to be sent"
    ):
        EMAIL.move(EmailStatus.SENT, EmailStatus.PENDING)


@pytest.mark.parametrize("final", [Status.ANSWERED, Status.REFUSED, Status.VERIFICATION_FAILED])
def test_an_answered_refused_or_unverified_information_request_moves_no_more(final):
    assert INFORMATION_REQUEST.following(final) == frozenset()
    with pytest.raises(MoveNotAllowed, match=r"it cannot be received now"):
        INFORMATION_REQUEST.move(final, Status.RECEIVED)
