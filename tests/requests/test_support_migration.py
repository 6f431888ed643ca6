"""A draft saved before issue 20 (the old consent answers, no needs questions, level 2) is
migrated, then completed and sent through the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from referral_portal.accounts.models import Role
from requests.models import Contact, ContactStatus
from tests.factories import AgencyFactory, AuthorityFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("requests", "0005_person_added_by_and_alleged_harm")]

OLD_ANSWERS = {
    "status": "draft",
    "referrer_role": "Class teacher",
    "referrer_phone": "0121 496 0000",
    "referrer_email": "brenda@elmwood.example.org",
    "categories": ["neglect"],
    "past_harm": "Arrives hungry.",
    "future_danger": "Health will suffer.",
    "existing_strengths": "Gran.",
    "existing_safety": "Breakfast club.",
    "needs_to_happen": "Support for the family.",
    "safety_scale": 5,
    "safety_scale_reason": "Some safety.",
    "child_words": "I am hungry.",
    "child_heard_how": "Told her teacher.",
    "level_of_need": 2,
    "level_reason": "Additional needs.",
}


@pytest.fixture
def old_drafts():
    """Two drafts written by the models as they were before the change, then migrated."""
    birmingham = AuthorityFactory(slug="birmingham", name="Birmingham Children's Trust", code="BHM")
    # Its procedures from its own sources (the Early Help route among them), whether or not an
    # earlier transactional test flushed the rows the migrations loaded.
    from referral_portal.procedures.models import Procedure
    from referral_portal.procedures.sources import PROCEDURES

    for kind, values in PROCEDURES["birmingham"].items():
        Procedure.objects.update_or_create(authority=birmingham, kind=kind, defaults=values)
    agency = AgencyFactory(authority=birmingham, name="Elmwood Primary")
    brenda = UserFactory(email="brenda@elmwood.example.org", role=Role.PRACTITIONER, agency=agency)
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()  # every app: going back unapplies dependants
    executor.migrate(BEFORE)
    try:
        apps = executor.loader.project_state(BEFORE).apps
        old_contact, old_child, old_person = (
            apps.get_model("requests", name) for name in ("Contact", "Child", "Person")
        )
        drafts = {}
        for consent, extra in (
            ("given", {}),
            (
                "not_sought",
                {
                    "consent_not_sought_reason": "significant_harm",
                    "consent_not_sought_details": "Father is violent when challenged.",
                },
            ),
        ):
            draft = old_contact.objects.create(
                authority_id=birmingham.pk,
                agency_id=agency.pk,
                created_by_id=brenda.pk,
                consent=consent,
                **OLD_ANSWERS,
                **extra,
            )
            old_child.objects.create(
                contact=draft,
                first_name="Ada",
                last_name="Testchild",
                date_of_birth=dt.date(2016, 5, 4),
                sex="female",
                address="1 Example Road",
                additional_needs="Speaks little English.",
            )
            old_person.objects.create(
                contact=draft,
                full_name="Grace Testparent",
                relationship="Mother",
                parental_responsibility="yes",
            )
            drafts[consent] = draft.pk
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)
    client = Client()
    client.force_login(brenda)
    return client, drafts


def test_an_old_not_sought_answer_covers_the_childs_consent_too(old_drafts):
    _, drafts = old_drafts
    contact = Contact.objects.get(pk=drafts["not_sought"])
    assert contact.child_consent == "not_sought"
    assert contact.child_consent_details == "Father is violent when challenged."
    assert Contact.objects.get(pk=drafts["given"]).child_consent == ""


def test_a_draft_saved_before_the_change_can_still_be_completed_and_sent(old_drafts):
    client, drafts = old_drafts
    pk = drafts["given"]
    base = f"/requests-for-support/{pk}/"
    tasks = client.get(base).content.decode()
    # What was answered is kept; the new questions show what is left to do.
    assert "You have completed 8 of 11 sections" in tasks
    page = client.post(base + "check/", {"declaration": "on"}).content.decode()
    assert "What the request is about, Level of need, Consent" in page
    concerns = {
        "categories": ["neglect"],
        "discussed_with_lead": "yes",
        "early_help_in_place": "no",
    }
    assert client.post(base + "concerns/", concerns).status_code == 302
    assert client.post(base + "early-help/", {"early_help_confirmed": "on"}).status_code == 302
    consent = client.get(base + "consent/").content.decode()
    assert 'value="given" checked' in consent  # the old answer is still chosen
    response = client.post(base + "consent/", {"consent": "given", "child_consent": "given"})
    assert response.status_code == 302
    response = client.post(base + "check/", {"declaration": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    contact = Contact.objects.get(pk=pk)
    assert contact.status == ContactStatus.RECEIVED and contact.reference.startswith("BHM-")
    assert contact.past_harm == "Arrives hungry." and contact.consent == "given"
