"""Factories for the dashboard's tests: triage rows made directly, one per state that matters."""

from __future__ import annotations

import datetime as dt

import factory

from requests.dashboard.services import contact_figure_refresh
from requests.information.models import InformationRequest, Status
from requests.models import ContactStatus
from requests.triage.models import (
    ApprovalKind,
    ApprovalRequest,
    ApprovalStatus,
    Decision,
    DecisionStatus,
    Outcome,
    QueueEntry,
    Triage,
)
from requests.triage.states import TriageState
from tests.factories import ContactFactory


class ReceivedContactFactory(ContactFactory):
    """A submitted contact; ``submitted_at`` is when it was received, due 24 hours later."""

    status = ContactStatus.RECEIVED


class TriageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Triage

    contact = factory.SubFactory(ReceivedContactFactory)
    state = TriageState.RECEIVED


class DecisionFactory(factory.django.DjangoModelFactory):
    """An officer's decision, agreed by a manager at ``reviewed_at`` (the time it is decided)."""

    class Meta:
        model = Decision

    contact = factory.SubFactory(ReceivedContactFactory)
    authority = factory.LazyAttribute(lambda o: o.contact.authority)
    outcome = Outcome.ADVICE
    rationale = "Fictional rationale."
    next_steps = "Fictional next steps."
    status = DecisionStatus.AGREED
    made_by = None
    made_at = factory.LazyAttribute(lambda o: o.reviewed_at - dt.timedelta(minutes=30))
    manager = None
    reviewed_at = factory.LazyAttribute(lambda o: o.contact.submitted_at + dt.timedelta(hours=2))


class QueueEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QueueEntry

    contact = factory.SubFactory(ReceivedContactFactory)
    authority = factory.LazyAttribute(lambda o: o.contact.authority)
    received_at = factory.LazyAttribute(lambda o: o.contact.submitted_at)
    due_at = factory.LazyAttribute(lambda o: o.contact.due_at)
    state = TriageState.RECEIVED
    agency_type = factory.LazyAttribute(lambda o: o.contact.agency.agency_type)
    reference = factory.LazyAttribute(lambda o: o.contact.reference or "")


class ApprovalRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApprovalRequest

    contact = factory.SubFactory(ReceivedContactFactory)
    authority = factory.LazyAttribute(lambda o: o.contact.authority)
    kind = ApprovalKind.EXTENSION
    status = ApprovalStatus.PENDING
    reason = "Fictional: waiting for the school nurse to call back."


class InformationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InformationRequest

    authority = factory.LazyAttribute(lambda o: o.agency.authority)
    created_by = None
    agency = None
    reference = factory.Sequence(lambda n: f"IR-DASH-{n:05d}")
    level = 1
    status = Status.RECEIVED
    child_first_name = "Fictional"
    child_last_name = "Child"


def decided_contact(
    *,
    by: object,
    received: dt.datetime,
    decided: dt.datetime,
    outcome: str = Outcome.ADVICE,
    extended_due: dt.datetime | None = None,
    manager: object = None,
    **contact_fields: object,
) -> Decision:
    """A contact received at ``received`` whose decision by ``by`` a manager agreed at ``decided``."""
    contact = ReceivedContactFactory(
        submitted_at=received, status=ContactStatus.DECIDED, **contact_fields
    )
    # An extension approved in time (an hour after receipt): it counts (issue 18).
    TriageFactory(
        contact=contact,
        state=TriageState.DECIDED,
        extended_due_at=extended_due,
        extension_approved_at=received + dt.timedelta(hours=1) if extended_due else None,
        extended_from=received + dt.timedelta(hours=24) if extended_due else None,
    )
    decision = DecisionFactory(
        contact=contact, outcome=outcome, made_by=by, manager=manager, reviewed_at=decided
    )
    contact_figure_refresh(contact_id=contact.pk)  # as decision_agree does
    return decision


def open_contact(
    *,
    received: dt.datetime,
    state: str = TriageState.RECEIVED,
    held_by: object = None,
    due: dt.datetime | None = None,
    **contact_fields: object,
) -> QueueEntry:
    """A contact still in the queue, with its deadline (24 hours, or an extended one)."""
    contact = ReceivedContactFactory(submitted_at=received, **contact_fields)
    TriageFactory(contact=contact, state=state)
    contact_figure_refresh(contact_id=contact.pk)  # as queue_entry_open does
    return QueueEntryFactory(
        contact=contact, state=state, held_by=held_by, due_at=due or contact.due_at
    )
