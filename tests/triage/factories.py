"""Contacts in each triage state, built through the services so their records are consistent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from requests.triage import services
from requests.triage.models import ConsentToGather, Decision, Outcome, Triage
from tests.factories import ChildFactory, ContactFactory


def received_contact(
    *, by: Any, received_at: dt.datetime | None = None, children: int = 1, **fields: Any
) -> Any:
    """A submitted contact in its authority's queue, as the submission service leaves it."""
    received_at = received_at or timezone.now()
    contact = ContactFactory(
        created_by=by,
        submitted_at=received_at,
        due_at=received_at + dt.timedelta(hours=24),
        **fields,
    )
    for _ in range(children):
        ChildFactory(contact=contact)
    services.queue_entry_open(contact=contact)
    return contact


def claimed_contact(*, by: Any, officer: Any, **fields: Any) -> Any:
    contact = received_contact(by=by, **fields)
    services.contact_claim(user=officer, contact=contact)
    return contact


def consented_contact(*, by: Any, officer: Any, consent: str = ConsentToGather.GIVEN) -> Any:
    contact = claimed_contact(by=by, officer=officer)
    services.triage_update(
        user=officer,
        contact=contact,
        version=Triage.objects.get(contact=contact).version,
        consent_to_gather=consent,
        consent_notes="",
        mash="",
        mash_summary="",
        immediate_action_needed=False,
        immediate_action_taken="",
    )
    return contact


def awaiting_manager(*, by: Any, officer: Any) -> tuple[Any, Decision]:
    contact = claimed_contact(by=by, officer=officer)
    decision = services.decision_propose(
        user=officer,
        contact=contact,
        outcome=Outcome.ADVICE,
        rationale="Worries are about housing; no safeguarding concern found.",
        next_steps="The family is given the housing advice line.",
    )
    return contact, decision
