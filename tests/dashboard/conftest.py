"""A fixed week around the spring clock change, worked out by hand (see ``scenario``).

The clocks went forward at 01:00 UTC on Sunday 29 March 2026. All times below are UTC; the
London time is in the comment. "Now" is Thursday 2 April 2026, 12:00 BST (11:00 UTC).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from referral_portal.accounts.models import Role
from requests.dashboard.services import contact_figure_refresh
from requests.models import ContactStatus
from requests.triage.models import ApprovalKind, DecisionStatus, Outcome
from requests.triage.states import TriageState
from tests.dashboard.factories import (
    ApprovalRequestFactory,
    DecisionFactory,
    InformationRequestFactory,
    ReceivedContactFactory,
    TriageFactory,
    decided_contact,
    open_contact,
)
from tests.factories import UserFactory

UTC = dt.UTC
NOW = dt.datetime(2026, 4, 2, 11, 0, tzinfo=UTC)


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=UTC)


@pytest.fixture
def scenario(people: Any) -> SimpleNamespace:
    """Home authority, 28 March to 2 April 2026 (London days). School = alice, health = bob.

    received  decided      elapsed   rule                 contact
    A 28/3 23:30 GMT  29/3 23:45 BST  23 h 15  within 24 hours     school, advice, olga
    B 30/3 09:00 BST  31/3 15:00 BST  30 h 00  within extension    health, MASH,   olga
                      (extended to 1/4 09:00 BST)
    C 30/3 10:00 BST  31/3 12:00 BST  26 h 00  late                school, NFA,    pat
    D 31/3 08:00 BST  open, held by olga, due 1/4 08:00 BST: overdue; a returned decision
    G 31/3 10:00 BST  withdrawn                                    school
    E  1/4 09:00 BST   1/4 17:00 BST   8 h 00  within 24 hours     school, advice, olga
    H  1/4 12:30 BST  open, unclaimed, due 2/4 12:30 BST: due within 2 hours   health
    K  2/4 08:00 BST  open, held by pat, awaiting manager agreement             school
    Away: one decided and one overdue contact that must never show at home.
    """
    p = people
    pat = UserFactory(
        email="pat@home.example.org",
        full_name="Pat Officer",
        role=Role.OFFICER,
        authority=p.home,
        agency=None,
    )
    p.olga.full_name = "Olga Officer"
    p.olga.save()
    school = {"created_by": p.alice}
    health = {"created_by": p.bob}
    a = decided_contact(
        by=p.olga,
        manager=p.mike,
        received=utc(2026, 3, 28, 23, 30),
        decided=utc(2026, 3, 29, 22, 45),
        **school,
    )
    b = decided_contact(
        by=p.olga,
        manager=p.mike,
        received=utc(2026, 3, 30, 8, 0),
        decided=utc(2026, 3, 31, 14, 0),
        extended_due=utc(2026, 4, 1, 8, 0),
        outcome=Outcome.FURTHER_ENQUIRIES,
        **health,
    )
    c = decided_contact(
        by=pat,
        manager=p.mike,
        received=utc(2026, 3, 30, 9, 0),
        decided=utc(2026, 3, 31, 11, 0),
        outcome=Outcome.NO_FURTHER_ACTION,
        **school,
    )
    d = open_contact(
        received=utc(2026, 3, 31, 7, 0),
        state=TriageState.RETURNED,
        held_by=p.olga,
        **health,
    )
    # A decision the manager sent back is not a decision: D stays undecided.
    DecisionFactory(
        contact=d.contact,
        made_by=p.olga,
        status=DecisionStatus.RETURNED,
        reviewed_at=utc(2026, 4, 1, 6, 0),
    )
    ApprovalRequestFactory(contact=d.contact, kind=ApprovalKind.EXTENSION, requested_by=p.olga)
    g = ReceivedContactFactory(
        submitted_at=utc(2026, 3, 31, 9, 0), status=ContactStatus.WITHDRAWN, **school
    )
    TriageFactory(contact=g, state=TriageState.WITHDRAWN)
    contact_figure_refresh(contact_id=g.pk)  # as contact_withdraw does
    e = decided_contact(
        by=p.olga,
        manager=p.mike,
        received=utc(2026, 4, 1, 8, 0),
        decided=utc(2026, 4, 1, 16, 0),
        **school,
    )
    h = open_contact(received=utc(2026, 4, 1, 11, 30), **health)
    k = open_contact(
        received=utc(2026, 4, 2, 7, 0),
        state=TriageState.AWAITING_MANAGER,
        held_by=pat,
        **school,
    )
    DecisionFactory(
        contact=k.contact,
        made_by=pat,
        status=DecisionStatus.AWAITING_MANAGER,
        reviewed_at=None,
        made_at=utc(2026, 4, 2, 9, 0),
    )
    # Another authority's contacts: never in the home figures.
    decided_contact(
        by=p.otto,
        received=utc(2026, 3, 30, 8, 0),
        decided=utc(2026, 3, 30, 9, 0),
        created_by=p.zara,
    )
    open_contact(received=utc(2026, 3, 30, 8, 0), created_by=p.zara)
    # Information requests: two at Level 1, one at Level 3 in the period, one before it.
    for level, created in [
        (1, utc(2026, 3, 30, 10, 0)),
        (1, utc(2026, 4, 2, 9, 0)),
        (3, utc(2026, 3, 31, 10, 0)),
        (2, utc(2026, 3, 27, 10, 0)),
    ]:
        InformationRequestFactory(
            agency=p.school, created_by=p.alice, level=level, created_at=created
        )
    InformationRequestFactory(
        agency=p.away_agency, created_by=p.zara, level=2, created_at=utc(2026, 3, 30, 10, 0)
    )
    return SimpleNamespace(people=p, pat=pat, a=a, b=b, c=c, d=d, e=e, g=g, h=h, k=k)
