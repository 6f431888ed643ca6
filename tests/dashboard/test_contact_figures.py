"""The dashboard's per-contact figure rows are kept current by the services that change a fact,
in the same transaction, and a rebuild from the records gives the same rows."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.db import transaction
from django.utils import timezone

from requests.dashboard import selectors
from requests.dashboard.models import ContactFigure
from requests.dashboard.rules import Period, london_today
from requests.dashboard.services import contact_figures_rebuild
from requests.services import contact_submit
from requests.triage import services
from requests.triage.models import ApprovalKind, Outcome
from tests.requests.factories import CompleteDraftFactory
from tests.triage.factories import awaiting_manager, claimed_contact

FIELDS = [
    "authority_id",
    "reference",
    "received_at",
    "agency_type",
    "withdrawn",
    "decided_at",
    "outcome",
    "decided_by_id",
    "extended_due_at",
]


def figure(contact_id: int) -> dict:
    return ContactFigure.objects.filter(contact_id=contact_id).values(*FIELDS).get()


def test_a_submitted_request_is_counted_from_its_own_transaction(people):
    draft = CompleteDraftFactory(created_by=people.alice)
    assert not ContactFigure.objects.filter(contact_id=draft.pk).exists()  # drafts never count
    with transaction.atomic():
        contact = contact_submit(contact_id=draft.pk, user=people.alice)
        row = figure(contact.pk)  # before commit: the same transaction
    assert row["reference"] == contact.reference
    assert row["received_at"] == contact.submitted_at
    assert row["agency_type"] == people.alice.agency.agency_type
    assert (row["decided_at"], row["withdrawn"], row["outcome"]) == (None, False, "")
    today = Period(london_today(timezone.now()), london_today(timezone.now()))
    figures = selectors.period_figures(authority_id=contact.authority_id, period=today)
    assert (figures.received, figures.decided) == (1, 0)


def test_agreeing_a_decision_records_when_and_by_whom(people):
    contact, decision = awaiting_manager(by=people.alice, officer=people.olga)
    assert figure(contact.pk)["decided_at"] is None  # proposed is not decided (003)
    services.decision_agree(
        manager=people.mike,
        decision=decision,
        letters_reason="No family named in this fictional test",
    )
    decision.refresh_from_db()
    row = figure(contact.pk)
    assert row["decided_at"] == decision.reviewed_at
    assert (row["outcome"], row["decided_by_id"]) == (Outcome.ADVICE, people.olga.pk)


def test_a_returned_decision_leaves_the_contact_undecided(people):
    contact, decision = awaiting_manager(by=people.alice, officer=people.olga)
    services.decision_return(manager=people.mike, decision=decision, comment="Check with school")
    assert figure(contact.pk)["decided_at"] is None


def test_an_approved_extension_is_recorded_and_a_declined_one_is_not(people):
    extended = claimed_contact(by=people.alice, officer=people.olga)
    declined = claimed_contact(by=people.alice, officer=people.olga)
    new_due = timezone.now() + dt.timedelta(days=3)
    for contact, approve in ((extended, True), (declined, False)):
        approval = services.approval_request_create(
            user=people.olga,
            contact=contact,
            kind=ApprovalKind.EXTENSION,
            reason="Waiting for health and police checks.",
            extension_reason="mash",
            new_due_at=new_due,
        )
        services.approval_decide(
            manager=people.mike, approval=approval, approve=approve, comment="" if approve else "No"
        )
    assert figure(extended.pk)["extended_due_at"] == new_due
    assert figure(declined.pk)["extended_due_at"] is None


def test_a_withdrawn_contact_is_marked_and_left_out_of_the_rate(people):
    contact = claimed_contact(by=people.alice, officer=people.olga)
    services.contact_withdraw(user=people.mike, contact=contact, reason="Sent in error")
    assert figure(contact.pk)["withdrawn"] is True
    today = Period(london_today(timezone.now()), london_today(timezone.now()))
    figures = selectors.period_figures(authority_id=contact.authority_id, period=today)
    assert (figures.received, figures.withdrawn, figures.counted) == (1, 1, 0)


def test_a_rebuild_from_the_records_gives_the_rows_the_services_kept(people):
    with time_machine.travel(timezone.now() - dt.timedelta(days=2)):
        decided, decision = awaiting_manager(by=people.alice, officer=people.olga)
        services.decision_agree(
            manager=people.mike,
            decision=decision,
            letters_reason="No family named in this fictional test",
        )
        withdrawn = claimed_contact(by=people.bob, officer=people.olga)
        services.contact_withdraw(user=people.mike, contact=withdrawn, reason="Duplicate")
    open_one = claimed_contact(by=people.alice, officer=people.olga)
    kept = {pk: figure(pk) for pk in (decided.pk, withdrawn.pk, open_one.pk)}
    ContactFigure.objects.all().delete()
    assert contact_figures_rebuild() == 3
    assert {pk: figure(pk) for pk in kept} == kept
    assert contact_figures_rebuild() == 0  # nothing changed, nothing rewritten
    # The safety net's window: only contacts received since the time given.
    ContactFigure.objects.all().delete()
    assert contact_figures_rebuild(received_from=timezone.now() - dt.timedelta(days=1)) == 1
    assert list(ContactFigure.objects.values_list("contact_id", flat=True)) == [open_one.pk]


def test_the_rollups_command_repairs_figure_rows_from_the_records(people):
    from io import StringIO

    from django.core.management import call_command

    old = timezone.now() - dt.timedelta(days=200)  # outside the hourly safety net's 90 days
    with time_machine.travel(old):
        lost = claimed_contact(by=people.alice, officer=people.olga)
        wrong = claimed_contact(by=people.bob, officer=people.olga)
    ContactFigure.objects.filter(contact_id=lost.pk).delete()
    ContactFigure.objects.filter(contact_id=wrong.pk).update(withdrawn=True)

    call_command("dashboard_rollups", stdout=StringIO())  # the last 90 days only
    assert not ContactFigure.objects.filter(contact_id=lost.pk).exists()

    out = StringIO()
    call_command("dashboard_rollups", "--contacts", stdout=out)
    assert "2 changed" in out.getvalue()
    assert figure(lost.pk)["received_at"] == lost.submitted_at
    assert figure(wrong.pk)["withdrawn"] is False
