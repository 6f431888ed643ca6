"""Triage rules: deadlines, urgency, consent to gather information (seed 003)."""

from __future__ import annotations

import datetime as dt

import pytest

from requests.triage import rules

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def test_without_a_response_aim_there_is_no_deadline_and_the_queue_takes_the_oldest_first():
    # The due time is set at submission from the authority's response aim (its procedure row);
    # with none, the contact has no deadline and its receipt is its place in the queue.
    assert rules.due_at_for(received_at=T0, due_at=None, extended_due_at=None) == T0
    assert not rules.has_deadline(due_at=None, extended_due_at=None)
    assert rules.has_deadline(due_at=T0 + dt.timedelta(hours=24), extended_due_at=None)


def test_an_approved_extension_replaces_the_24_hour_deadline():
    later = T0 + dt.timedelta(hours=72)
    assert (
        rules.due_at_for(received_at=T0, due_at=T0 + dt.timedelta(hours=24), extended_due_at=later)
        == later
    )


@pytest.mark.parametrize(
    ("left", "tag"),
    [
        (dt.timedelta(hours=-1), "overdue"),
        (dt.timedelta(0), "overdue"),
        (dt.timedelta(minutes=1), "due_soon"),
        (dt.timedelta(hours=1, minutes=59), "due_soon"),
        (dt.timedelta(hours=2), ""),
        (dt.timedelta(hours=20), ""),
    ],
)
def test_due_tags(left, tag):
    assert rules.due_tag(due_at=T0 + left, now=T0) == tag


@pytest.mark.parametrize(
    ("danger", "action", "urgent"),
    [(False, False, False), (True, False, True), (False, True, True), (True, True, True)],
)
def test_immediate_danger_or_immediate_action_makes_a_contact_urgent(danger, action, urgent):
    assert rules.is_urgent(immediate_danger=danger, immediate_action_needed=action) is urgent


@pytest.mark.parametrize(
    ("consent", "override", "allowed"),
    [
        ("given", False, True),
        ("refused", False, False),
        ("not_sought", False, False),
        ("", False, False),
        ("refused", True, True),
        ("not_sought", True, True),
    ],
)
def test_information_is_gathered_with_consent_or_a_managers_override(consent, override, allowed):
    assert rules.may_gather(consent=consent, override_approved=override) is allowed


@pytest.mark.parametrize(
    ("consent", "may_ask"), [("given", False), ("refused", True), ("not_sought", True), ("", False)]
)
def test_an_override_is_asked_for_only_where_consent_is_not_given(consent, may_ask):
    assert rules.override_may_be_requested(consent=consent) is may_ask
