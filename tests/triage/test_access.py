"""Who may see and work the queue: the front door of the contact's authority only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from referral_portal.audit.models import AuditAction, AuditEvent
from tests.triage.factories import awaiting_manager, claimed_contact, received_contact

RECORD_PAGES = [
    "triage:record",
    "triage:gathering",
    "triage:pr_check",
    "triage:pr_person_add",
    "triage:professional",
    "triage:override",
    "triage:extension",
    "triage:decision",
]


@pytest.mark.parametrize("name", RECORD_PAGES)
def test_another_authoritys_officer_gets_not_found_and_the_refusal_is_audited(
    people, client_for, name
):
    contact = claimed_contact(by=people.alice, officer=people.olga)
    response = client_for(people.otto).get(reverse(name, args=[contact.pk]))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(
        actor=people.otto, action=AuditAction.DENIED, object_id=str(contact.pk)
    ).exists()


@pytest.mark.parametrize("name", ["triage:claim", "triage:release"])
def test_another_authoritys_officer_cannot_claim_or_release(people, client_for, name):
    contact = received_contact(by=people.alice)
    assert client_for(people.otto).post(reverse(name, args=[contact.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["alice", "lena", "zara", "dora", "adam"])
def test_people_outside_the_front_door_are_refused_the_queue(people, client_for, persona):
    contact = received_contact(by=people.alice)
    client = client_for(getattr(people, persona))
    assert client.get(reverse("triage:queue")).status_code == 403
    assert client.get(reverse("triage:record", args=[contact.pk])).status_code == 403
    assert client.post(reverse("triage:take_next")).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, people):
    response = client.get(reverse("triage:queue"))
    assert response.status_code == 302
    assert "sign-in" in response.url or "login" in response.url


def test_the_queue_lists_only_the_users_own_authority(people, client_for):
    home = received_contact(by=people.alice)
    away = received_contact(by=people.zara)
    page = client_for(people.otto).get(reverse("triage:queue")).content.decode()
    assert away.reference in page and home.reference not in page


def test_approvals_are_for_managers_only(people, client_for):
    assert client_for(people.olga).get(reverse("triage:approvals")).status_code == 403
    assert client_for(people.mike).get(reverse("triage:approvals")).status_code == 200


def test_another_authoritys_manager_cannot_see_or_agree_a_decision(people, client_for):
    contact, decision = awaiting_manager(by=people.alice, officer=people.olga)
    client = client_for(people.mona)
    assert contact.reference not in client.get(reverse("triage:approvals")).content.decode()
    response = client.post(
        reverse("triage:decision_review", args=[decision.pk]), {"answer": "agree"}
    )
    assert response.status_code == 404
    decision.refresh_from_db()
    assert decision.status == "awaiting_manager"


def test_a_missing_contact_is_not_found(people, client_for):
    assert client_for(people.olga).get(reverse("triage:record", args=[999999])).status_code == 404
