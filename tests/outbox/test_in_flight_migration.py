"""Emails in flight under the mechanisms before the outbox are not lost at deploy (issue 24):
the migrations that drop the old markers first write what those markers said was still to be
sent to the outbox, and the outbox sends it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from referral_portal.accounts.models import Role
from referral_portal.outbox.models import Email, EmailStatus
from referral_portal.outbox.services import email_send
from requests.letters.models import Letter, LetterStatus
from requests.models import Contact
from tests.factories import AgencyFactory, AuthorityFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("requests", "0005_person_added_by_and_alleged_harm"),
    ("information", "0003_consent_labels_as_002_words_them"),
    ("letters", "0003_no_invented_authority_addresses"),
]


def test_what_the_old_mechanisms_had_not_sent_is_sent_by_the_outbox_after_the_deploy(mailoutbox):
    authority = AuthorityFactory(slug="exampleshire", name="Exampleshire", code="EXS")
    agency = AgencyFactory(authority=authority, name="Elmwood Primary")
    brenda = UserFactory(email="brenda@elmwood.example.org", role=Role.PRACTITIONER, agency=agency)
    olga = UserFactory(email="olga@exs.example.org", role=Role.OFFICER, authority=authority)
    now = timezone.now()
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()  # every app: going back unapplies dependants
    executor.migrate(BEFORE)
    try:
        # The models as the database now is (apps that do not depend on these stay as they are).
        executor.loader.build_graph()
        apps = executor.loader.project_state(list(executor.loader.applied_migrations)).apps
        old_contact = apps.get_model("requests", "Contact")
        common = {"authority_id": authority.pk, "agency_id": agency.pk, "created_by_id": brenda.pk}
        # Received an hour ago, its acknowledgement never sent (a worker killed mid-send
        # released nothing; one whose send failed was released): due.
        waiting = old_contact.objects.create(
            **common,
            status="received",
            reference="EXS-0001",
            submitted_at=now - dt.timedelta(hours=1),
        )
        acknowledged = old_contact.objects.create(
            **common,
            status="received",
            reference="EXS-0002",
            submitted_at=now - dt.timedelta(hours=1),
            acknowledgement_sent_at=now,
        )
        # A draft whose expiry warning was recorded by the old job (sent or not, nobody knows).
        draft = old_contact.objects.create(**common, status="draft", expiry_warning_sent_at=now)
        old_request = apps.get_model("information", "InformationRequest")
        request_common = {
            "authority_id": authority.pk,
            "agency_id": agency.pk,
            "created_by_id": brenda.pk,
            "child_first_name": "Fictional",
            "child_last_name": "Child",
        }
        answered = old_request.objects.create(
            **request_common,
            reference="IR-1",
            level=1,
            status="answered",
            requester_notified_status="",
        )
        told = old_request.objects.create(
            **request_common,
            reference="IR-2",
            level=1,
            status="answered",
            requester_notified_status="answered",
        )
        routed = old_request.objects.create(
            **request_common,
            reference="IR-3",
            level=3,
            status="routed",
            routed_to_email="disclosure@exs.example.org",
        )
        old_decision = apps.get_model("triage", "Decision")
        decided = old_contact.objects.create(**common, status="decided", reference="EXS-0003")
        decision = old_decision.objects.create(
            contact_id=decided.pk,
            authority_id=authority.pk,
            outcome="single_assessment",
            made_by_id=olga.pk,
            status="agreed",
        )
        old_letter = apps.get_model("letters", "Letter")
        letter_common = {
            "decision_id": decision.pk,
            "contact_id": decided.pk,
            "authority_id": authority.pk,
            "kind": "parent",
            "recipient_address": "12 Fictional Road\nBenchtown\nBE2 2BB",
        }
        # One waiting for the old sender, one it had claimed (and given a Message-ID) when the
        # deploy stopped it.
        pending = old_letter.objects.create(
            **letter_common,
            recipient_key="p:1",
            recipient_name="Parent One",
            recipient_email="one@family.example.net",
            status="pending",
        )
        sending = old_letter.objects.create(
            **letter_common,
            recipient_key="p:2",
            recipient_name="Parent Two",
            recipient_email="two@family.example.net",
            status="sending",
            message_id="<old-sender-1@letters.referral-portal.invalid>",
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)

    emails = {e.key or f"{e.kind}:{e.object_id}": e for e in Email.objects.all()}
    assert f"acknowledgement:{waiting.pk}" in emails
    assert f"acknowledgement:{acknowledged.pk}" not in emails  # the old one said it went
    assert f"information_update:{answered.pk}" in emails
    assert f"information_update:{told.pk}" not in emails
    assert f"information:{routed.pk}:disclosure-team" in emails
    assert emails[f"letter:{pending.pk}"].maybe_duplicate is False
    reclaimed = emails[f"letter:{sending.pk}"]
    assert reclaimed.maybe_duplicate is True  # shown as "possibly sent twice"
    assert reclaimed.message_id == "<old-sender-1@letters.referral-portal.invalid>"
    # The draft is warned again through the outbox (then deleted a week after delivery).
    assert Contact.objects.get(pk=draft.pk).expiry_warning_sent_at is None

    for email in Email.objects.filter(status=EmailStatus.PENDING):
        assert email_send(email_id=email.pk) == "sent"
    received = {(m.to[0], m.subject) for m in mailoutbox}
    assert ("brenda@elmwood.example.org", "Request for Support received: EXS-0001") in received
    assert ("brenda@elmwood.example.org", "Update on your information request IR-1") in received
    assert ("disclosure@exs.example.org", "Level 3 information request IR-3") in received
    assert {m.to[0] for m in mailoutbox if m.attachments} == {
        "one@family.example.net",
        "two@family.example.net",
    }
    assert [
        m.extra_headers["Message-ID"] for m in mailoutbox if m.to == ["two@family.example.net"]
    ] == ["<old-sender-1@letters.referral-portal.invalid>"]
    assert set(
        Letter.objects.filter(pk__in=[pending.pk, sending.pk]).values_list("status", flat=True)
    ) == {LetterStatus.SENT}
