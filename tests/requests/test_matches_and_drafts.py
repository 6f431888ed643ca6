"""Possible matches for officers, the acknowledgement sent once, and the 30-day draft clean-up."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from referral_portal.outbox.models import Email, EmailStatus
from referral_portal.outbox.services import email_send, outbox_sweep
from requests.models import Child, Contact, ContactStatus, PossibleMatch
from requests.services import (
    child_match_key,
    contact_submit,
    drafts_expire,
)
from tests.requests.factories import CompleteDraftFactory, DraftFactory, SentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("first", "last"),
    [("Ada", "Testchild"), ("ADA", "testchild"), ("Adá", "Test Child"), (" ada ", "Test-child")],
)
def test_names_match_ignoring_case_accents_and_spacing(first, last):
    assert (
        child_match_key(first_name=first, last_name=last, date_of_birth=dt.date(2016, 5, 4))
        == "ada|testchild|2016-05-04"
    )


def _existing(authority_people, status=ContactStatus.RECEIVED, **kwargs):
    contact = SentFactory(created_by=authority_people, status=status, **kwargs)
    return Child.objects.create(
        contact=contact,
        first_name="Adá",
        last_name="TESTCHILD",
        date_of_birth=dt.date(2016, 5, 4),
        match_key="ada|testchild|2016-05-04",
    )


def test_open_contacts_in_the_same_authority_are_linked_for_officers_only(
    client, people, in_process
):
    open_match = _existing(people.bob)
    _existing(people.bob, status=ContactStatus.DECIDED)  # closed: not linked
    _existing(people.zara)  # another authority: not linked
    draft = CompleteDraftFactory(created_by=people.alice)
    contact_submit(contact_id=draft.pk, user=people.alice)
    new_child = draft.children.get()
    assert list(
        PossibleMatch.objects.filter(child=new_child).values_list("matched_child", flat=True)
    ) == [open_match.pk]
    url = f"/requests-for-support/{draft.pk}/status/"
    client.force_login(people.olga)
    assert "Possible matches" in client.get(url).content.decode()
    client.force_login(people.alice)
    page = client.get(url).content.decode()
    assert "Possible matches" not in page and open_match.contact.reference not in page


def test_the_acknowledgement_is_written_with_the_submission_and_sent_once(people):
    draft = CompleteDraftFactory(created_by=people.alice)
    contact = contact_submit(contact_id=draft.pk, user=people.alice)  # not committed yet
    email = Email.objects.get(kind="acknowledgement", object_id=contact.pk)
    assert (email.to, email.authority_id) == (people.alice.email, contact.authority_id)
    assert [email_send(email_id=email.pk) for _ in range(2)] == ["sent", "not-claimed"]
    assert len(mail.outbox) == 1 and contact.reference in mail.outbox[0].body
    assert contact_submit(contact_id=draft.pk, user=people.alice)  # submitted again: no 2nd
    assert Email.objects.filter(kind="acknowledgement").count() == 1


def test_the_status_page_shows_the_clock_and_an_extension_in_plain_words(client, people):
    contact = SentFactory(
        created_by=people.alice,
        due_at=dt.datetime(2026, 11, 24, 10, 30, tzinfo=dt.UTC),
        due_extended_reason="Further enquiries through the MASH.",
    )
    client.force_login(people.alice)
    page = client.get(f"/requests-for-support/{contact.pk}/status/").content.decode()
    assert "Received" in page and "Extended to" in page
    assert "24 November 2026, 10:30am" in page and "Further enquiries through the MASH." in page


def _expire():
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return drafts_expire()


def test_drafts_untouched_for_23_days_are_warned_once_then_deleted_at_30(people, in_process):
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        old = DraftFactory(created_by=people.alice)
        sent = SentFactory(created_by=people.alice)
    with time_machine.travel(dt.datetime(2026, 10, 20, 9, 0, tzinfo=dt.UTC), tick=False):
        fresh = DraftFactory(created_by=people.alice)
    with time_machine.travel(dt.datetime(2026, 10, 24, 10, 0, tzinfo=dt.UTC), tick=False):
        assert _expire() == (1, 0)
        assert _expire() == (0, 0)  # a second run sends nothing more
    assert len(mail.outbox) == 1
    assert "will be deleted" in mail.outbox[0].subject
    assert "on or after 31 October 2026" in mail.outbox[0].body
    with time_machine.travel(dt.datetime(2026, 10, 31, 10, 0, tzinfo=dt.UTC), tick=False):
        assert _expire() == (0, 1)
    assert not Contact.objects.filter(pk=old.pk).exists()
    assert Contact.objects.filter(pk__in=[fresh.pk, sent.pk]).count() == 2


def test_a_warning_that_was_not_delivered_postpones_the_deletion_until_a_week_after_it_is(
    people, in_process, smtp_server, settings, client
):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    smtp_server.mode = "refuse"
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        draft = DraftFactory(created_by=people.alice)
    with time_machine.travel(dt.datetime(2026, 10, 24, 10, 0, tzinfo=dt.UTC), tick=False):
        assert _expire() == (1, 0)
    with time_machine.travel(dt.datetime(2026, 10, 25, 9, 0, tzinfo=dt.UTC), tick=False):
        outbox_sweep()  # the second and last try: failed, shown to the administrator
    warning = Email.objects.get(kind="draft_warning")
    assert warning.status == EmailStatus.FAILED and "451" in warning.last_error
    with time_machine.travel(dt.datetime(2026, 11, 5, 9, 0, tzinfo=dt.UTC), tick=False):
        assert _expire() == (0, 0)  # 35 days untouched, but never warned: kept
        client.force_login(people.adam)
        assert people.alice.email in client.get(reverse("outbox:failed")).content.decode()
        smtp_server.mode = "accept"
        client.post(reverse("outbox:resend", args=[warning.pk]))
        assert email_send(email_id=warning.pk) == "sent"
    with time_machine.travel(dt.datetime(2026, 11, 11, 9, 0, tzinfo=dt.UTC), tick=False):
        assert _expire() == (0, 0)  # delivered 6 days ago
    with time_machine.travel(dt.datetime(2026, 11, 12, 9, 0, tzinfo=dt.UTC), tick=False):
        assert _expire() == (0, 1)
    assert not Contact.objects.filter(pk=draft.pk).exists()


def test_editing_a_draft_restarts_its_clock_and_cancels_a_waiting_warning(client, people):
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        draft = DraftFactory(created_by=people.alice)
    with time_machine.travel(dt.datetime(2026, 10, 25, 9, 0, tzinfo=dt.UTC), tick=False):
        drafts_expire()  # the warning is written (not sent: nothing committed here)
        client.force_login(people.alice)
        client.post(f"/requests-for-support/{draft.pk}/next-steps/", {"needs_to_happen": "x"})
    draft.refresh_from_db()
    assert draft.expiry_warning_sent_at is None
    assert Email.objects.get(kind="draft_warning").status == EmailStatus.CANCELLED
    with time_machine.travel(dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        assert drafts_expire() == (0, 0)
    assert Contact.objects.filter(pk=draft.pk).exists()


def test_an_approved_extension_shows_its_new_deadline_and_reason(client, people):
    triage_models = pytest.importorskip("requests.triage.models")
    contact = SentFactory(
        created_by=people.alice, due_at=dt.datetime(2026, 11, 24, 10, 30, tzinfo=dt.UTC)
    )
    new_due = dt.datetime(2026, 11, 26, 17, 0, tzinfo=dt.UTC)
    triage_models.Triage.objects.create(contact=contact, extended_due_at=new_due)
    triage_models.ApprovalRequest.objects.create(
        contact=contact,
        authority=people.home,
        kind="extension",
        status="approved",
        reason="Waiting for the MASH partners",
        extension_reason=triage_models.ExtensionReason.values[-1],
        new_due_at=new_due,
        requested_by=people.olga,
    )
    client.force_login(people.alice)
    page = client.get(f"/requests-for-support/{contact.pk}/status/").content.decode()
    assert "Extended to" in page and "26 November 2026, 5pm" in page
    assert str(triage_models.ExtensionReason.choices[-1][1]).replace("'", "&#x27;") in page


def test_a_child_matching_several_open_contacts_is_linked_to_each(people, in_process):
    first, second = _existing(people.bob), _existing(people.bob, status=ContactStatus.IN_TRIAGE)
    draft = CompleteDraftFactory(created_by=people.alice)
    contact_submit(contact_id=draft.pk, user=people.alice)
    new_child = draft.children.get()
    linked = PossibleMatch.objects.filter(child=new_child).values_list("matched_child", flat=True)
    assert sorted(linked) == sorted([first.pk, second.pk])
    back = PossibleMatch.objects.filter(matched_child=new_child).values_list("child", flat=True)
    assert sorted(back) == sorted([first.pk, second.pk])
