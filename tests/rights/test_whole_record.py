"""Retention and subject access cover every row the front door adds to a Request for Support:
triage notes, PR checks, professionals contacted, approvals, decisions, letters and holds, and
the attachments' files (the gap issue 16 names)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from referral_portal.rights.services import REMOVED, retention_apply
from requests.attachments import attachment_root
from requests.letters.models import Letter, LetterKind, RecipientHold
from requests.models import Attachment, Child, ContactStatus, Person
from requests.services import child_match_key
from requests.triage.models import (
    ApprovalKind,
    ApprovalRequest,
    Decision,
    DecisionStatus,
    Outcome,
    PRCheck,
    ProfessionalContacted,
    Triage,
)
from tests.factories import ContactFactory
from tests.rights.test_registry import _project_models

BORN = dt.date(2016, 5, 4)
# Every personal value below contains this word, so a scan of the database can find any left.
SECRET = "Zephyrine"


def _child(contact, first, born):
    return Child.objects.create(
        contact=contact,
        first_name=first,
        last_name=f"{SECRET}ton",
        date_of_birth=born,
        address=f"1 {SECRET} Road",
        match_key=child_match_key(first_name=first, last_name=f"{SECRET}ton", date_of_birth=born),
    )


@pytest.fixture
def whole_record(people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    contact = ContactFactory(
        created_by=people.alice,
        status=ContactStatus.DECIDED,
        past_harm=f"{SECRET} was hurt",
        referrer_email=f"{SECRET.lower()}@school.example.org",
    )
    _child(contact, "Ada", BORN)
    _child(contact, "Bo", dt.date(2019, 1, 2))  # a sibling: a third party in Ada's export
    mother = Person.objects.create(
        contact=contact,
        full_name=f"Fern {SECRET}ton",
        relationship="Mother",
        parental_responsibility="yes",
        address=f"1 {SECRET} Road",
    )
    attachment_root().mkdir(parents=True, exist_ok=True)
    (attachment_root() / "abc123").write_bytes(b"%PDF- a report")
    Attachment.objects.create(
        contact=contact,
        name=f"{SECRET} report.pdf",
        stored_name="abc123",
        content_type="application/pdf",
        size=14,
        uploaded_by=people.alice,
    )
    Triage.objects.create(
        contact=contact, consent_notes=f"Mother {SECRET} agreed", mash_summary=f"{SECRET} known"
    )
    PRCheck.objects.create(
        contact=contact,
        person_name=f"Fern {SECRET}ton",
        holds_pr="yes",
        how_checked=f"Birth certificate of {SECRET}",
        recorded_by=people.olga,
    )
    professional = ProfessionalContacted.objects.create(
        contact=contact,
        name=f"Dr {SECRET}",
        agency="Lakeside GP",
        email=f"dr.{SECRET.lower()}@gp.example.org",
        contacted_at=timezone.now(),
        asked=f"Is {SECRET} registered?",
        said=f"{SECRET} seen last week",
        recorded_by=people.olga,
    )
    ApprovalRequest.objects.create(
        contact=contact,
        authority=people.home,
        kind=ApprovalKind.CONSENT_OVERRIDE,
        reason=f"{SECRET}'s father is violent",
        requested_by=people.olga,
    )
    decision = Decision.objects.create(
        contact=contact,
        authority=people.home,
        outcome=Outcome.ADVICE,
        rationale=f"{SECRET} is safe at home",
        next_steps=f"{SECRET} goes to the youth club",
        status=DecisionStatus.AGREED,
        made_by=people.olga,
        manager=people.mike,
        manager_comment=f"Agreed for {SECRET}",
    )
    for kind, key, name, email, address in [
        (LetterKind.PARENT, f"person:{mother.pk}", mother.full_name, "", mother.address),
        (
            LetterKind.PROFESSIONAL,
            f"professional:{professional.pk}",
            professional.name,
            professional.email,
            "",
        ),
    ]:
        Letter.objects.create(
            decision=decision,
            contact=contact,
            authority=people.home,
            kind=kind,
            recipient_key=key,
            recipient_name=name,
            recipient_email=email,
            recipient_address=address,
            last_error=f"550 no mailbox {SECRET.lower()}@x.example.org",
        )
    RecipientHold.objects.create(
        contact=contact,
        recipient_key=f"person:{mother.pk}",
        reason=f"{SECRET}'s father lives there",
        decided_by=people.mike,
    )
    _gathering(people, contact)
    return contact


def _gathering(people, contact):
    """A request for information answered with a file, and its disclosure (issue 22)."""
    from requests.gathering.models import (
        GatheringAnswer,
        GatheringAttachment,
        GatheringDisclosure,
        GatheringRequest,
    )

    gathering = GatheringRequest.objects.create(
        contact=contact,
        authority=people.home,
        agency=people.school,
        agency_type="school",
        recipient_name=f"Ms {SECRET}ley",
        recipient_email=f"{SECRET.lower()}ley@schoola.example.org",
        passed_on_by=f"Lead <{SECRET.lower()}lead@schoola.example.org>",
        questions=[f"Is {SECRET} attending?"],
        disclosed=["child_name"],
        basis="consent",
        reply_by=timezone.now(),
        sent_by=people.olga,
        link_nonce="n" * 32,
        draft={"answers": [{"text": f"{SECRET} draft"}]},
        closed_reason=f"{SECRET} moved away",
    )
    answer = GatheringAnswer.objects.create(
        request=gathering,
        answers=[{"question": "Q", "kind": "answer", "text": f"{SECRET} attends well"}],
        answered_by_name=f"Ms {SECRET}ley",
        answered_by_email=f"{SECRET.lower()}ley@schoola.example.org",
        verified_how=f"One-time code sent to {SECRET.lower()}ley@schoola.example.org",
    )
    (attachment_root() / ("d" * 32)).write_bytes(b"%PDF- attendance")
    GatheringAttachment.objects.create(
        request=gathering,
        answer=answer,
        name=f"{SECRET} attendance.pdf",
        stored_name="d" * 32,
        content_type="application/pdf",
        size=16,
        uploaded_by_email=f"{SECRET.lower()}ley@schoola.example.org",
    )
    GatheringDisclosure.objects.create(
        request=gathering,
        authority=people.home,
        to_name=f"Ms {SECRET}ley",
        to_email=f"{SECRET.lower()}ley@schoola.example.org",
        to_agency="School A",
        fields=["child_name"],
        basis="consent",
        by_label=people.olga.email,
    )


def _values_left(word):
    """Every project row's value that still contains ``word``: what retention left behind."""
    left = []
    for model in _project_models():
        fields = model._meta.concrete_fields
        for row in model._default_manager.all():
            for field in fields:
                value = getattr(row, field.attname)
                if value is not None and word.lower() in json.dumps(value, default=str).lower():
                    left.append(f"{model._meta.label}.{field.name}")
    return sorted(set(left))


def test_retention_erases_every_personal_value_of_the_record_and_its_files(people, whole_record):
    assert _values_left(SECRET)  # the scan finds what is there
    result = retention_apply(now=timezone.now() + dt.timedelta(days=7 * 365))
    assert result.contacts == 1
    assert _values_left(SECRET) == []
    assert not (attachment_root() / "abc123").exists()
    assert not (attachment_root() / ("d" * 32)).exists()  # a file sent with an answer (issue 22)
    # What the record still says: its reference, outcome, who decided, how many letters.
    whole_record.refresh_from_db()
    assert whole_record.reference and whole_record.status == ContactStatus.DECIDED
    decision = whole_record.decisions.get()
    assert (decision.outcome, decision.rationale) == (Outcome.ADVICE, REMOVED)
    assert whole_record.letters.count() == 2
    assert set(whole_record.letters.values_list("recipient_name", flat=True)) == {REMOVED}
    assert not whole_record.people.exists() and not whole_record.attachments.exists()


def _export(client, people, first="Ada"):
    client.force_login(people.mike)
    response = client.post(
        reverse("rights:subject_access"),
        {
            "first_name": first,
            "last_name": f"{SECRET}ton",
            "date_of_birth_0": "4",
            "date_of_birth_1": "5",
            "date_of_birth_2": "2016",
            "format": "json",
        },
    )
    assert response.status_code == 200, response.content[:500]
    return json.loads(response.content)


def test_export_holds_triage_decisions_and_letters_and_sets_third_parties_apart(
    client, people, whole_record
):
    [record] = _export(client, people)["requests_for_support"]
    child = record["about_the_child"]
    assert [c["first_name"] for c in child["requests.child"]] == ["Ada"]
    assert child["triage.triage"][0]["mash_summary"] == f"{SECRET} known"
    assert child["triage.decision"][0]["rationale"] == f"{SECRET} is safe at home"
    assert child["triage.approvalrequest"][0]["reason"] == f"{SECRET}'s father is violent"
    assert child["triage.professionalcontacted"][0]["said"] == f"{SECRET} seen last week"
    assert child["requests.contact"][0]["past_harm"] == f"{SECRET} was hurt"
    assert child["requests.contact"][0]["reference"] == whole_record.reference

    others = record["third_parties"]
    assert [c["first_name"] for c in others["requests.child"]] == ["Bo"]
    assert others["requests.person"][0]["full_name"] == f"Fern {SECRET}ton"
    assert others["triage.prcheck"][0]["person_name"] == f"Fern {SECRET}ton"
    assert others["triage.professionalcontacted"][0]["name"] == f"Dr {SECRET}"
    assert {x["recipient_name"] for x in others["letters.letter"]} == {
        f"Fern {SECRET}ton",
        f"Dr {SECRET}",
    }
    # Information gathering (issue 22): the answers are about the child, the professional not.
    assert child["gathering.gatheringanswer"][0]["answers"][0]["text"] == f"{SECRET} attends well"
    assert child["gathering.gatheringrequest"][0]["questions"] == [f"Is {SECRET} attending?"]
    assert others["gathering.gatheringrequest"][0]["recipient_name"] == f"Ms {SECRET}ley"
    assert others["gathering.gatheringdisclosure"][0]["to_email"].startswith(SECRET.lower())
    assert "d" * 32 not in json.dumps(record)
    assert "referrer_email" in record["referrer"]["requests.contact"][0]
    assert "referrer_email" not in child["requests.contact"][0]
    # Bookkeeping that says nothing about the child stays out.
    assert "match_key" not in json.dumps(record) and "abc123" not in json.dumps(record)


def test_export_history_leaves_out_who_looked_or_was_refused(client, people, whole_record):
    from referral_portal.audit.models import AuditAction
    from referral_portal.audit.services import audit_record

    audit_record(actor=people.otto, action=AuditAction.DENIED, obj=whole_record)
    audit_record(actor=people.olga, action=AuditAction.VIEW, obj=whole_record)
    audit_record(actor=people.olga, action=AuditAction.UPDATE, obj=whole_record)
    [record] = _export(client, people)["requests_for_support"]
    assert [e["action"] for e in record["history"]] == [AuditAction.UPDATE]


def test_the_sibling_exported_alone_is_about_the_child_in_their_own_export(
    client, people, whole_record
):
    client.force_login(people.mike)
    response = client.post(
        reverse("rights:subject_access"),
        {
            "first_name": "Bo",
            "last_name": f"{SECRET}ton",
            "date_of_birth_0": "2",
            "date_of_birth_1": "1",
            "date_of_birth_2": "2019",
            "format": "json",
        },
    )
    [record] = json.loads(response.content)["requests_for_support"]
    assert [c["first_name"] for c in record["about_the_child"]["requests.child"]] == ["Bo"]
    assert [c["first_name"] for c in record["third_parties"]["requests.child"]] == ["Ada"]


def test_files_are_removed_only_for_the_record_past_its_period(people, whole_record, tmp_path):
    other = ContactFactory(created_by=people.alice, status=ContactStatus.RECEIVED)
    (attachment_root() / "keep1").write_bytes(b"x")
    Attachment.objects.create(
        contact=other,
        name="keep.pdf",
        stored_name="keep1",
        content_type="application/pdf",
        size=1,
        uploaded_by=people.alice,
    )
    retention_apply(now=timezone.now() + dt.timedelta(days=7 * 365))
    assert Path(attachment_root() / "keep1").exists()


def test_a_closed_information_request_keeps_what_was_disclosed_but_not_the_values(
    people, settings, tmp_path
):
    from requests.information.models import Disclosure, InformationRequest, Status

    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "evidence").mkdir()
    (tmp_path / "evidence" / "e1.pdf").write_bytes(b"%PDF- consent form")
    item = InformationRequest.objects.create(
        authority=people.home,
        agency=people.school,
        created_by=people.alice,
        reference="HOM-IR-000001",
        level=2,
        status=Status.ANSWERED,
        child_first_name="Ada",
        child_last_name=f"{SECRET}ton",
        child_date_of_birth=BORN,
        purpose=f"{SECRET} missed school",
        consent_given_by=f"Fern {SECRET}ton",
        evidence_path="evidence/e1.pdf",
        evidence_name=f"{SECRET} consent.pdf",
    )
    Disclosure.objects.create(
        request=item,
        authority=people.home,
        level=2,
        disclosed={"known": f"Yes, {SECRET} is known", "allocated_worker": "A. Worker"},
        recipient=people.alice,
        recipient_email=people.alice.email,
        recipient_agency="School A",
        basis="consent",
        officer=people.olga,
    )
    assert retention_apply(now=timezone.now() + dt.timedelta(days=3 * 365)).information_requests
    assert _values_left(SECRET) == []
    assert not (tmp_path / "evidence" / "e1.pdf").exists()
    item.refresh_from_db()
    assert (item.child_first_name, item.child_date_of_birth, item.reference) == (
        REMOVED,
        None,
        "HOM-IR-000001",
    )
    # The disclosure log still says which fields were disclosed.
    assert set(item.disclosure.disclosed) == {"known", "allocated_worker"}
