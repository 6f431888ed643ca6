"""Parental responsibility declared once per person, before it was asked per child, is applied to
every child of the contact (issue 17 point 1); people the front door added get no declaration."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from referral_portal.accounts.models import Role
from requests.models import Contact
from requests.triage.pr import pr_record
from tests.factories import AgencyFactory, AuthorityFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("requests", "0008_merge_outbox_and_support_rules")]


def test_an_old_per_person_answer_is_applied_to_every_child():
    authority = AuthorityFactory(slug="exampleshire", name="Exampleshire", code="EXS")
    agency = AgencyFactory(authority=authority, name="Elmwood Primary")
    brenda = UserFactory(email="brenda@elmwood.example.org", role=Role.PRACTITIONER, agency=agency)
    olga = UserFactory(email="olga@exs.example.org", role=Role.OFFICER)
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()  # every app: going back unapplies dependants
    executor.migrate(BEFORE)
    try:
        apps = executor.loader.project_state(BEFORE).apps
        old_contact, old_child, old_person = (
            apps.get_model("requests", name) for name in ("Contact", "Child", "Person")
        )
        contact = old_contact.objects.create(
            authority_id=authority.pk, agency_id=agency.pk, created_by_id=brenda.pk
        )
        for name in ("Ada", "Bo"):
            old_child.objects.create(
                contact=contact,
                first_name=name,
                last_name="Testchild",
                date_of_birth=dt.date(2016, 5, 4),
            )
        old_person.objects.create(
            contact=contact,
            full_name="Tom Father",
            relationship="Father",
            parental_responsibility="no",
        )
        old_person.objects.create(
            contact=contact,
            full_name="Grace Mother",
            relationship="Mother",
            parental_responsibility="yes",
        )
        old_person.objects.create(
            contact=contact,
            full_name="Jane Grand",
            relationship="Grandmother",
            parental_responsibility="not_known",
            added_by_id=olga.pk,
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)
    record = {
        entry.person.full_name: [(a.child.first_name, a.declared) for a in entry.answers]
        for entry in pr_record(contact=Contact.objects.get(pk=contact.pk))
    }
    assert record == {
        "Tom Father": [("Ada", "no"), ("Bo", "no")],
        "Grace Mother": [("Ada", "yes"), ("Bo", "yes")],
        # Added by the front door: the referrer declared nothing for them.
        "Jane Grand": [("Ada", ""), ("Bo", "")],
    }
