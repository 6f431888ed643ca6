"""The contact's state machine after submission, in one place (issue 8, seed 003).

received -> in triage -> awaiting manager -> decided, with returned (a manager sends a decision
back), extended (an approved longer deadline) and withdrawn. ``TRIAGE.move()`` (the portal's one
state-machine style, referral_portal/states.py) is the only rule for what is allowed; services
call it before every change, and a refusal is a message (pages) or 409 (API). Nothing else
writes ``Contact.status`` once a contact is submitted.
"""

from __future__ import annotations

from django.db import models

from referral_portal.states import StateMachine
from requests.models import ContactStatus


class TriageState(models.TextChoices):
    RECEIVED = "received", "Received"
    IN_TRIAGE = "in_triage", "Being looked at"
    EXTENDED = "extended", "Deadline extended"
    AWAITING_MANAGER = "awaiting_manager", "Awaiting manager agreement"
    RETURNED = "returned", "Returned by manager"
    DECIDED = "decided", "Decision made"
    WITHDRAWN = "withdrawn", "Withdrawn"
    # After a "further enquiries (MASH)" decision is agreed: the follow-up stays open until its
    # own final outcome is agreed (003: "Further enquiries or information gathering may be
    # undertaken"; professionals contacted during them are sent an outcomes letter).
    ENQUIRIES = "enquiries", "Further enquiries under way"
    ENQUIRIES_AWAITING = "enquiries_awaiting", "Final outcome awaiting manager agreement"


class TriageAction(models.TextChoices):
    CLAIM = "claim", "claim"
    RELEASE = "release", "release"
    RECORD = "record", "record information on"
    REQUEST_APPROVAL = "request_approval", "ask a manager about"
    APPROVE_OVERRIDE = "approve_override", "decide on a consent override for"
    EXTEND = "extend", "extend the deadline of"
    SUBMIT_DECISION = "submit_decision", "propose a decision for"
    AGREE = "agree", "agree the decision for"
    RETURN = "return", "return the decision for"
    WITHDRAW = "withdraw", "withdraw"
    OPEN_ENQUIRIES = "open_enquiries", "open further enquiries on"


S = TriageState
A = TriageAction

OPEN_STATES = frozenset({S.RECEIVED, S.IN_TRIAGE, S.EXTENDED, S.AWAITING_MANAGER, S.RETURNED})
WORKING_STATES = frozenset({S.IN_TRIAGE, S.EXTENDED, S.RETURNED})

# (state, action) -> the state after it. Anything absent is not allowed.
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.RECEIVED, A.CLAIM): S.IN_TRIAGE,
    **{(s, A.CLAIM): s for s in OPEN_STATES - {S.RECEIVED}},
    **{(s, A.RELEASE): s for s in OPEN_STATES},
    **{(s, A.RECORD): s for s in WORKING_STATES},
    **{(s, A.REQUEST_APPROVAL): s for s in WORKING_STATES},
    **{(s, A.APPROVE_OVERRIDE): s for s in OPEN_STATES},
    **{(s, A.EXTEND): S.EXTENDED for s in WORKING_STATES},
    (S.AWAITING_MANAGER, A.EXTEND): S.AWAITING_MANAGER,
    **{(s, A.SUBMIT_DECISION): S.AWAITING_MANAGER for s in WORKING_STATES},
    (S.AWAITING_MANAGER, A.AGREE): S.DECIDED,
    (S.AWAITING_MANAGER, A.RETURN): S.RETURNED,
    **{(s, A.WITHDRAW): S.WITHDRAWN for s in OPEN_STATES},
    # The follow-up of a "further enquiries" outcome: record, ask for an override, propose the
    # final outcome (which a duty manager agrees or returns, as any decision).
    (S.DECIDED, A.OPEN_ENQUIRIES): S.ENQUIRIES,
    (S.ENQUIRIES, A.RECORD): S.ENQUIRIES,
    (S.ENQUIRIES, A.REQUEST_APPROVAL): S.ENQUIRIES,
    (S.ENQUIRIES, A.APPROVE_OVERRIDE): S.ENQUIRIES,
    (S.ENQUIRIES_AWAITING, A.APPROVE_OVERRIDE): S.ENQUIRIES_AWAITING,
    (S.ENQUIRIES, A.SUBMIT_DECISION): S.ENQUIRIES_AWAITING,
    (S.ENQUIRIES_AWAITING, A.AGREE): S.DECIDED,
    (S.ENQUIRIES_AWAITING, A.RETURN): S.ENQUIRIES,
}
# Follow-ups of further enquiries: no longer in the 24-hour queue, not yet finished.
FOLLOW_UP_STATES = frozenset({S.ENQUIRIES, S.ENQUIRIES_AWAITING})

# What the rest of the portal (the referrer's status page, the dashboard) sees.
CONTACT_STATUS: dict[str, str] = {
    S.RECEIVED: ContactStatus.RECEIVED,
    S.IN_TRIAGE: ContactStatus.IN_TRIAGE,
    S.EXTENDED: ContactStatus.IN_TRIAGE,
    S.AWAITING_MANAGER: ContactStatus.AWAITING_MANAGER,
    S.RETURNED: ContactStatus.RETURNED,
    S.DECIDED: ContactStatus.DECIDED,
    S.WITHDRAWN: ContactStatus.WITHDRAWN,
    # The initial contact is decided (its letters went); the follow-up is the front door's.
    S.ENQUIRIES: ContactStatus.DECIDED,
    S.ENQUIRIES_AWAITING: ContactStatus.DECIDED,
}


def _refusal(state: str, action: str) -> str:
    return (
        f"You cannot {TriageAction(action).label} a contact that is "
        f"“{TriageState(state).label.lower()}”"
    )


TRIAGE = StateMachine("triage", TRANSITIONS, _refusal, frozenset(TriageState))
