"""Retention removes personal data past the authority's period; subject access exports it all."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from referral_portal.audit.models import AuditAction, AuditEvent
from referral_portal.rights.models import RecordType, RetentionPolicy
from referral_portal.rights.services import REMOVED, retention_apply
from requests.models import Child, ContactStatus, Person
from requests.services import child_match_key
from tests.factories import ContactFactory

BORN = dt.date(2016, 5, 4)


@pytest.fixture
def family(people):
    contact = ContactFactory(
        created_by=people.alice, status=ContactStatus.DECIDED, past_harm="Bruises seen on Monday"
    )
    Child.objects.create(
        contact=contact,
        first_name="Élodie",
        last_name="Fairweather",
        date_of_birth=BORN,
        match_key=child_match_key(first_name="Élodie", last_name="Fairweather", date_of_birth=BORN),
    )
    Person.objects.create(
        contact=contact,
        full_name="Fern Fairweather",
        relationship="Mother",
        parental_responsibility="yes",
    )
    return contact


def test_decided_contact_past_its_period_loses_its_personal_data_but_keeps_its_reference(
    people, family
):
    RetentionPolicy.objects.create(
        authority=people.home, record_type=RecordType.DECIDED_CONTACT, days=365
    )
    assert retention_apply(now=timezone.now() + dt.timedelta(days=364)).contacts == 0
    result = retention_apply(now=timezone.now() + dt.timedelta(days=366))
    assert result.contacts == 1
    family.refresh_from_db()
    child = family.children.get()
    assert (child.first_name, child.last_name, child.date_of_birth) == (REMOVED, REMOVED, None)
    assert family.past_harm == "" and not family.people.exists()
    assert family.reference and family.status == ContactStatus.DECIDED
    event = AuditEvent.objects.get(action=AuditAction.DELETE, object_id=str(family.pk))
    assert event.changes == {"retention": "anonymised"}
    # Safe to run twice.
    assert retention_apply(now=timezone.now() + dt.timedelta(days=400)).contacts == 0


def test_open_contacts_are_never_anonymised(people, family):
    family.status = ContactStatus.RECEIVED
    family.save()
    assert retention_apply(now=timezone.now() + dt.timedelta(days=9999)).contacts == 0


def test_manager_exports_everything_about_one_child_and_the_export_is_audited(
    client, people, family
):
    client.force_login(people.mike)
    response = client.post(
        reverse("rights:subject_access"),
        {
            "first_name": "elodie",
            "last_name": " FAIRWEATHER",
            "date_of_birth_0": "4",
            "date_of_birth_1": "5",
            "date_of_birth_2": "2016",
            "format": "json",
        },
    )
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    [exported] = data["requests_for_support"]
    [contact] = exported["about_the_child"]["requests.contact"]
    assert (
        contact["reference"] == family.reference
        and contact["past_harm"] == "Bruises seen on Monday"
    )
    assert exported["third_parties"]["requests.person"][0]["full_name"] == "Fern Fairweather"
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.changes["requests_for_support"] == [family.pk] and "Fairweather" not in json.dumps(
        event.changes
    )


def test_another_authoritys_manager_finds_nothing(client, people, family):
    client.force_login(people.mona)
    response = client.post(
        reverse("rights:subject_access"),
        {
            "first_name": "Élodie",
            "last_name": "Fairweather",
            "date_of_birth_0": "4",
            "date_of_birth_1": "5",
            "date_of_birth_2": "2016",
        },
    )
    assert (
        "Nothing is held about a child with this name and date of birth"
        in response.content.decode()
    )


@pytest.mark.parametrize("persona", ["alice", "lena", "olga", "dora", "adam"])
def test_only_managers_export(client, people, persona):
    client.force_login(getattr(people, persona))
    assert client.get(reverse("rights:subject_access")).status_code == 403


def test_a_demo_child_is_found_by_a_subject_access_request(client, db):
    from referral_portal.accounts.models import User
    from requests.demo import load_demo

    load_demo()
    client.force_login(User.objects.get(email="manager@birmingham.demo.example.org"))
    response = client.post(
        reverse("rights:subject_access"),
        {
            "first_name": "Amelia",
            "last_name": "Brightwater",
            "date_of_birth_0": "14",
            "date_of_birth_1": "3",
            "date_of_birth_2": "2015",
            "format": "json",
        },
    )
    [record] = json.loads(response.content)["requests_for_support"]
    assert record["about_the_child"]["requests.child"][0]["first_name"] == "Amelia"
    assert record["third_parties"]["requests.child"][0]["first_name"] == "Noah"


def test_the_export_is_first_a_document_a_family_can_read(client, people, family):
    client.force_login(people.mike)
    response = client.post(
        reverse("rights:subject_access"),
        {
            "first_name": "Élodie",
            "last_name": "Fairweather",
            "date_of_birth_0": "4",
            "date_of_birth_1": "5",
            "date_of_birth_2": "2016",
        },
    )
    assert response.status_code == 200 and "Content-Disposition" not in response
    page = response.content.decode()
    assert "<title>Everything held about Élodie Fairweather" in page
    assert "Requests for support (1)" in page and "Information requests (0)" in page
    assert family.reference in page and "Bruises seen on Monday" in page
    assert "Fern Fairweather" in page and "4 May 2016" in page
    # Words, not database names: record kinds are named, internal numbers left to the JSON.
    assert "requests.contact" not in page and "Request for Support" in page
    assert "Created by" not in page
    # The JSON is one button away, with the same person's details carried over.
    assert 'name="format" value="json"' in page and 'value="Fairweather"' in page
