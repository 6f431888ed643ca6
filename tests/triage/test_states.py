"""The contact's state machine: every allowed and every forbidden transition."""

from __future__ import annotations

import pytest

from referral_portal.states import MoveNotAllowed
from requests.models import ContactStatus
from requests.triage.states import (
    CONTACT_STATUS,
    TRIAGE,
    TriageAction,
    TriageState,
)

S, A = TriageState, TriageAction
OPEN = [S.RECEIVED, S.IN_TRIAGE, S.EXTENDED, S.AWAITING_MANAGER, S.RETURNED]
WORKING = [S.IN_TRIAGE, S.EXTENDED, S.RETURNED]

ALLOWED = {
    (S.RECEIVED, A.CLAIM): S.IN_TRIAGE,
    **{(s, A.CLAIM): s for s in OPEN if s != S.RECEIVED},
    **{(s, A.RELEASE): s for s in OPEN},
    **{(s, A.RECORD): s for s in WORKING},
    **{(s, A.REQUEST_APPROVAL): s for s in WORKING},
    **{(s, A.APPROVE_OVERRIDE): s for s in OPEN},
    **{(s, A.EXTEND): S.EXTENDED for s in WORKING},
    (S.AWAITING_MANAGER, A.EXTEND): S.AWAITING_MANAGER,
    **{(s, A.SUBMIT_DECISION): S.AWAITING_MANAGER for s in WORKING},
    (S.AWAITING_MANAGER, A.AGREE): S.DECIDED,
    (S.AWAITING_MANAGER, A.RETURN): S.RETURNED,
    **{(s, A.WITHDRAW): S.WITHDRAWN for s in OPEN},
    # Further enquiries (issue 18): opened only as a "further enquiries" decision is agreed.
    (S.DECIDED, A.OPEN_ENQUIRIES): S.ENQUIRIES,
    (S.ENQUIRIES, A.RECORD): S.ENQUIRIES,
    (S.ENQUIRIES, A.REQUEST_APPROVAL): S.ENQUIRIES,
    (S.ENQUIRIES, A.APPROVE_OVERRIDE): S.ENQUIRIES,
    (S.ENQUIRIES_AWAITING, A.APPROVE_OVERRIDE): S.ENQUIRIES_AWAITING,
    (S.ENQUIRIES, A.SUBMIT_DECISION): S.ENQUIRIES_AWAITING,
    (S.ENQUIRIES_AWAITING, A.AGREE): S.DECIDED,
    (S.ENQUIRIES_AWAITING, A.RETURN): S.ENQUIRIES,
}
EVERY = [(state, action) for state in TriageState for action in TriageAction]


@pytest.mark.parametrize(("state", "action"), [k for k in EVERY if k in ALLOWED])
def test_allowed_transition_gives_the_expected_state(state, action):
    assert TRIAGE.move(state, action) == ALLOWED[(state, action)]


@pytest.mark.parametrize(("state", "action"), [k for k in EVERY if k not in ALLOWED])
def test_forbidden_transition_is_refused_with_a_message(state, action):
    with pytest.raises(MoveNotAllowed) as refused:
        TRIAGE.move(state, action)
    assert str(refused.value).startswith("You cannot ")
    assert TriageState(state).label.lower() in str(refused.value)


def test_decided_and_withdrawn_contacts_allow_nothing_but_opening_further_enquiries():
    for state in (S.DECIDED, S.WITHDRAWN):
        for action in TriageAction:
            if (state, action) == (S.DECIDED, A.OPEN_ENQUIRIES):
                continue
            with pytest.raises(MoveNotAllowed):
                TRIAGE.move(state, action)


def test_every_state_maps_to_a_contact_status_the_rest_of_the_portal_knows():
    assert set(CONTACT_STATUS) == set(TriageState)
    assert CONTACT_STATUS[S.EXTENDED] == ContactStatus.IN_TRIAGE
    assert all(value in ContactStatus.values for value in CONTACT_STATUS.values())
