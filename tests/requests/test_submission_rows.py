"""The submission's one-statement write (PostgreSQL) and its one-ORM-call-at-a-time way
(SQLite, a first run) leave the same rows: contact, triage record, queue entry, dashboard
figure, audit row and possible-match links."""

from __future__ import annotations

import datetime as dt
import functools

import pytest
import time_machine
from django.forms.models import model_to_dict

from referral_portal import rows
from referral_portal.audit.models import AuditEvent
from requests.dashboard.models import ContactFigure
from requests.models import Child, Contact, PossibleMatch
from requests.services import contact_submit
from requests.triage.models import QueueEntry, Triage
from tests.requests.factories import CompleteDraftFactory, SentFactory

pytestmark = pytest.mark.django_db

IGNORED = {"id", "contact", "reference", "created_at", "updated_at", "object_id"}


def _draft_with_child(people, first):
    draft = CompleteDraftFactory(created_by=people.alice, family=False)
    child = Child.objects.create(
        contact=draft,
        first_name=first,
        last_name="Testchild",
        date_of_birth=dt.date(2016, 5, 4),
        match_key=f"{first.lower()}|testchild|2016-05-04",
    )
    mother = draft.people.create(full_name="Grace Testparent", relationship="Mother")
    # Parental responsibility declared for the child, as the person page asks.
    mother.declared_pr.create(child=child, parental_responsibility="yes")
    return draft


def _rows_of(contact_id):
    contact = Contact.objects.get(pk=contact_id)
    child = contact.children.get()

    def fields(obj):
        return {k: v for k, v in model_to_dict(obj).items() if k not in IGNORED}

    return {
        "contact": fields(contact),
        "triage": fields(Triage.objects.get(contact_id=contact_id)),
        "entry": {
            k: v
            for k, v in fields(QueueEntry.objects.get(contact_id=contact_id)).items()
            if k != "child_names"
        },
        "names": QueueEntry.objects.get(contact_id=contact_id).child_names.split(" ")[1:],
        "figure": {
            k: v
            for k, v in fields(ContactFigure.objects.get(contact_id=contact_id)).items()
            if k != "reference"
        },
        "figure_reference": ContactFigure.objects.get(contact_id=contact_id).reference
        == contact.reference,
        "audit": [
            (e.action, e.actor_id, e.authority_id, e.changes)
            for e in AuditEvent.objects.filter(
                object_type="requests.contact", object_id=str(contact_id)
            )
        ],
        "links": PossibleMatch.objects.filter(child=child).count(),
        "links_back": PossibleMatch.objects.filter(matched_child=child).count(),
    }


@time_machine.travel(dt.datetime(2026, 11, 23, 10, 30, tzinfo=dt.UTC), tick=False)
def test_one_statement_and_one_call_at_a_time_leave_the_same_rows(people, monkeypatch):
    for first in ("Ada", "Bea"):  # an open contact each new child is a possible match of
        SentFactory(created_by=people.bob).children.create(
            first_name=first,
            last_name="TESTCHILD",
            date_of_birth=dt.date(2016, 5, 4),
            match_key=f"{first.lower()}|testchild|2016-05-04",
        )
    one = _draft_with_child(people, "Ada")
    by_call = _draft_with_child(people, "Bea")

    contact_submit(contact_id=one.pk, user=people.alice)
    write = rows.write
    monkeypatch.setattr(rows, "write", functools.partial(write, one_statement=False))
    contact_submit(contact_id=by_call.pk, user=people.alice)

    first, second = _rows_of(one.pk), _rows_of(by_call.pk)
    assert first["links"] == first["links_back"] == 1  # the match, both ways
    assert first["figure_reference"] and second["figure_reference"]
    assert first["contact"]["status"] == "received" and first["triage"]["state"] == "received"
    assert first == second
