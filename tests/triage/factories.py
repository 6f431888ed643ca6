"""Contacts in each triage state, built through the services so their records are consistent."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils import timezone

from requests import attachments as files
from requests.models import Attachment, Person
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


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def full_submission(people: Any) -> Any:
    """A claimed contact with every field of the Request for Support filled in."""
    contact = claimed_contact(
        by=people.alice,
        officer=people.olga,
        children=0,
        categories=["neglect", "domestic_abuse"],
        past_harm="Arrives hungry most mornings.",
        future_danger="Worried the younger child is left alone.",
        complicating_factors="Recent house move.",
        existing_strengths="Grandmother visits weekly.",
        existing_safety="Breakfast club place offered.",
        needs_to_happen="A conversation with mother about support.",
        safety_scale=4,
        safety_scale_reason="Some food at home but not reliably.",
        child_words="I make my own tea.",
        child_heard_how="Talked with the class teacher at break time.",
        level_of_need=3,
        level_reason="Needs are complex and more than one agency is involved.",
        assessment_snapshot={
            "level": 3,
            "framework_version": "1",
            "indicators": [{"text": "Persistent missed health appointments", "level": 3}],
        },
        consent="refused",
        consent_refused_details="Mother said she did not want social services involved.",
    )
    ChildFactory(
        contact=contact,
        first_name="Mia",
        last_name="Example",
        date_of_birth=dt.date(2017, 5, 4),
        sex="female",
        ethnicity="White British",
        address="1 Example Road\nExampletown",
        school="Example Primary",
        first_language="Polish",
        additional_needs="Uses a hearing aid.",
    )
    Person.objects.create(
        contact=contact,
        full_name="Jo Example",
        relationship="Mother",
        parental_responsibility="yes",
        lives_with_child=False,
        address="9 Hidden Lane\nElsewhere",
        address_unsafe=True,
        email="jo@example.org",
        phone="07700 900123",
        interpreter_language="Polish",
        needs_easy_read=True,
        needs_large_print=True,
    )
    stored = files.attachment_store(io.BytesIO(PNG))
    Attachment.objects.create(
        contact=contact,
        name="drawing.png",
        stored_name=stored,
        content_type="image/png",
        size=len(PNG),
        uploaded_by=people.alice,
    )
    return contact
