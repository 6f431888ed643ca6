"""Level 2 (consent evidence, exemptions, Probation) and Level 3 (the Disclosure Team)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from referral_portal.audit.models import AuditAction, AuditEvent
from requests.information.models import Disclosure, InformationRequest, Status
from tests.information.conftest import PDF_BYTES
from tests.information.factories import (
    Level2VerbalConsentFactory,
    Level2WrittenConsentFactory,
    Level3Factory,
    ProbationOverrideFactory,
)

# "confirm": the check-your-answers page's "Send" (D16); these tests are about what is sent.
CHILD = {
    "confirm": "1",
    "child_first_name": "Noah",
    "child_last_name": "Brightwater",
    "child_date_of_birth_0": "2",
    "child_date_of_birth_1": "9",
    "child_date_of_birth_2": "2018",
    "purpose": "Planning support in school",
}
CONSENT_DATE = {"consent_date_0": "1", "consent_date_1": "11", "consent_date_2": "2026"}
LEVEL2_ANSWER = {
    "action": "answer",
    "confirm": "1",
    "answer-involvement_dates": "March 2019 to January 2021",
    "answer-involvement_reasons": "Neglect",
    "answer-child_protection_plan": "no",
    "answer-child_in_need_plan": "yes",
    "answer-section_47": "no",
    "answer-early_help": "yes",
    "answer-been_in_care": "no",
}


def test_school_sends_written_consent_and_it_is_stored_under_a_random_name(client, people):
    client.force_login(people.alice)
    upload = SimpleUploadedFile("letter from mum.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(
        "/information-requests/new/2/",
        {**CHILD, **CONSENT_DATE, "consent": "written", "evidence": upload},
    )
    info = InformationRequest.objects.get()
    assert response["Location"] == f"/information-requests/{info.pk}/"
    assert info.status == Status.RECEIVED
    assert "letter" not in info.evidence_path
    assert info.evidence_path.endswith(".pdf")
    assert info.evidence_name == "letter from mum.pdf"


def test_consent_evidence_type_is_checked_from_its_bytes(client, people):
    client.force_login(people.alice)
    upload = SimpleUploadedFile("letter.pdf", b"<html>not a pdf</html>", "application/pdf")
    response = client.post(
        "/information-requests/new/2/",
        {**CHILD, **CONSENT_DATE, "consent": "written", "evidence": upload},
    )
    assert "must be a PDF, JPG or PNG" in response.content.decode()
    assert not InformationRequest.objects.exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"consent": "written", **CONSENT_DATE}, "Upload the signed letter or email"),
        (
            {"consent": "verbal_confirmed", "consent_date_0": "1", "consent_date_1": "11"},
            "Date consent was given must include a year",
        ),
        ({"consent": "not_sought"}, "Give evidence of consent from the child or young person"),
        ({"consent": "refused"}, "Consent was refused"),
        ({}, "Give evidence of consent"),
    ],
)
def test_level_2_without_usable_consent_shows_why_and_keeps_what_was_typed(
    client, people, extra, message
):
    client.force_login(people.alice)
    response = client.post("/information-requests/new/2/", {**CHILD, **extra})
    page = response.content.decode()
    assert message in page
    assert "govuk-error-summary" in page
    assert 'value="Noah"' in page
    assert not InformationRequest.objects.exists()


def test_the_exemptions_are_worded_as_002_and_offered_for_the_officer_to_confirm(client, people):
    client.force_login(people.alice)
    page = client.get("/information-requests/new/2/").content.decode()
    assert 'name="exemption"' in page
    assert "a local authority or an agency such as Cafcass" in page
    response = client.post(
        "/information-requests/new/2/",
        {**CHILD, "exemption": "s47", "exemption_details": "Joint enquiry with police, 1 Nov"},
    )
    assert response.status_code == 302
    info = InformationRequest.objects.get()
    client.force_login(people.olga)
    client.post(f"/information-requests/{info.pk}/claim/")
    page = client.get(f"/information-requests/{info.pk}/answer/").content.decode()
    assert "confirm your agency&#x27;s part in that formal process" in page


def test_verbal_consent_needs_no_date_and_no_names(client, people):
    """002: CASS accepts the agency's confirmation that verbal consent has been obtained."""
    client.force_login(people.alice)
    response = client.post("/information-requests/new/2/", {**CHILD, "consent": "verbal_confirmed"})
    assert response.status_code == 302
    assert InformationRequest.objects.get().consent_date is None


def test_local_authority_in_a_s47_enquiry_needs_no_consent(client, people, more):
    client.force_login(more.cora)
    response = client.post(
        "/information-requests/new/2/",
        {**CHILD, "exemption": "s47", "exemption_details": "Strategy discussion 1 Nov"},
    )
    assert response.status_code == 302
    assert InformationRequest.objects.get().exemption == "s47"


def test_verbal_consent_with_who_and_when_is_accepted(client, people):
    client.force_login(people.alice)
    response = client.post(
        "/information-requests/new/2/",
        {
            **CHILD,
            **CONSENT_DATE,
            "consent": "verbal_confirmed",
            "consent_given_by": "Mother",
            "consent_recorded_by": "Designated safeguarding lead",
        },
    )
    assert response.status_code == 302


PROBATION = {
    **CHILD,
    "consent": "not_sought",
    "reason_needed": "licence_concern",
    "consent_not_sought_reason": "Seeking consent would alert the person",
    "safeguarding_confirmed": "on",
}


@pytest.mark.parametrize("consent", ["verbal_confirmed", "written"])
def test_probation_with_consent_and_theft_alone_is_processed_on_the_form(
    client, people, more, consent
):
    client.force_login(more.pete)
    data = {**CHILD, "consent": consent, "offence_concerns": ["theft"]}
    if consent == "written":
        data["evidence"] = SimpleUploadedFile("consent.pdf", PDF_BYTES, "application/pdf")
    response = client.post("/information-requests/new/2/", data)
    assert response.status_code == 302, response.content.decode()
    info = InformationRequest.objects.get()
    assert info.status == Status.RECEIVED
    # The officer answers on the consent alone: no dispensation record is asked for.
    client.force_login(people.olga)
    client.post(f"/information-requests/{info.pk}/claim/")
    page = client.get(f"/information-requests/{info.pk}/answer/").content.decode()
    assert "Why consent is being dispensed with" not in page
    client.post(f"/information-requests/{info.pk}/answer/", LEVEL2_ANSWER)
    assert InformationRequest.objects.get().status == Status.ANSWERED


def test_probation_theft_alone_is_refused_on_the_form(client, people, more):
    client.force_login(more.pete)
    response = client.post(
        "/information-requests/new/2/", {**PROBATION, "offence_concerns": ["theft"]}
    )
    assert "theft alone is not sufficient" in response.content.decode()
    assert not InformationRequest.objects.exists()


def test_probation_without_the_safeguarding_confirmation_is_refused_on_the_form(
    client, people, more
):
    client.force_login(more.pete)
    data = {**PROBATION, "offence_concerns": ["domestic_abuse"]}
    del data["safeguarding_confirmed"]
    response = client.post("/information-requests/new/2/", data)
    assert "Confirm the concern is of a safeguarding nature" in response.content.decode()
    assert not InformationRequest.objects.exists()


def test_probation_domestic_abuse_is_answered_only_after_the_officer_records_why(
    client, people, more
):
    client.force_login(more.pete)
    response = client.post(
        "/information-requests/new/2/",
        {**PROBATION, "offence_concerns": ["domestic_abuse"], "wider_family": "Two nieces"},
    )
    assert response.status_code == 302
    info = InformationRequest.objects.get()
    client.force_login(people.olga)
    client.post(f"/information-requests/{info.pk}/claim/")
    page = client.get(f"/information-requests/{info.pk}/answer/").content.decode()
    assert "Why consent is being dispensed with" in page
    response = client.post(f"/information-requests/{info.pk}/answer/", LEVEL2_ANSWER)
    assert "Record why consent is being dispensed with" in response.content.decode()
    assert not Disclosure.objects.exists()
    client.post(
        f"/information-requests/{info.pk}/answer/",
        {"action": "dispensation", "dispensation-reason": "Probation's safeguarding opinion"},
    )
    client.post(f"/information-requests/{info.pk}/answer/", LEVEL2_ANSWER)
    disclosure = Disclosure.objects.get()
    assert disclosure.basis == "consent_dispensed"
    assert disclosure.basis_detail == "Probation's safeguarding opinion"


def test_officer_cannot_disclose_level_1_or_3_fields_in_a_level_2_answer(client, people):
    info = Level2WrittenConsentFactory(created_by=people.alice, claimed_by=people.olga)
    client.force_login(people.olga)
    client.post(
        f"/information-requests/{info.pk}/answer/",
        {
            **LEVEL2_ANSWER,
            "answer-worker_name": "Sam",
            "answer-whole_case_record": "All of it",
            "answer-address": "1 Secret Road",
        },
    )
    disclosure = Disclosure.objects.get()
    assert set(disclosure.disclosed) == {
        "involvement_dates",
        "involvement_reasons",
        "child_protection_plan",
        "child_in_need_plan",
        "section_47",
        "early_help",
        "been_in_care",
    }
    client.force_login(people.alice)
    page = client.get(f"/information-requests/{info.pk}/").content.decode()
    assert "Was the child on a Child in Need plan?" in page
    assert "1 Secret Road" not in page
    assert "All of it" not in page


def test_stale_verbal_consent_is_flagged_to_the_officer(client, people):
    info = Level2VerbalConsentFactory(
        created_by=people.alice,
        claimed_by=people.olga,
        consent_date=timezone.localdate() - dt.timedelta(days=100),
    )
    client.force_login(people.olga)
    page = client.get(f"/information-requests/{info.pk}/answer/").content.decode()
    assert "more than three months old and may be out of date" in page
    assert "Our agency confirms verbal consent was obtained" in page
    assert "Given by Mother, Jo Brightwater" in page
    fresh = Level2VerbalConsentFactory(created_by=people.alice, claimed_by=people.olga)
    page = client.get(f"/information-requests/{fresh.pk}/answer/").content.decode()
    assert "may be out of date" not in page


def test_officer_asks_for_more_information_and_the_requester_replies(client, people):
    info = Level2WrittenConsentFactory(created_by=people.alice, claimed_by=people.olga)
    client.force_login(people.olga)
    client.post(
        f"/information-requests/{info.pk}/answer/",
        {"action": "ask", "ask-reason": "Which school year is the child in?"},
    )
    client.force_login(people.alice)
    page = client.get(f"/information-requests/{info.pk}/").content.decode()
    assert "Needs more information" in page
    assert "Which school year is the child in?" in page
    client.post(f"/information-requests/{info.pk}/", {"reply-reason": "Year 3"})
    info.refresh_from_db()
    assert (info.status, info.more_information_reply) == (Status.RECEIVED, "Year 3")


def test_refused_request_shows_the_reason_to_the_requester(client, people):
    info = Level2WrittenConsentFactory(created_by=people.alice, claimed_by=people.olga)
    client.force_login(people.olga)
    response = client.post(f"/information-requests/{info.pk}/answer/", {"action": "refuse"})
    assert "Enter the reason for refusing" in response.content.decode()
    client.post(
        f"/information-requests/{info.pk}/answer/",
        {"action": "refuse", "refuse-reason": "The letter is not signed"},
    )
    client.force_login(people.alice)
    page = client.get("/information-requests/").content.decode()
    assert "Refused" in page
    page = client.get(f"/information-requests/{info.pk}/").content.decode()
    assert "The letter is not signed" in page


def test_consent_evidence_is_served_only_to_those_allowed_and_audited(client, people):
    client.force_login(people.alice)
    upload = SimpleUploadedFile("letter.pdf", PDF_BYTES, content_type="application/pdf")
    client.post(
        "/information-requests/new/2/",
        {**CHILD, **CONSENT_DATE, "consent": "written", "evidence": upload},
    )
    info = InformationRequest.objects.get()
    client.force_login(people.olga)
    response = client.get(f"/information-requests/{info.pk}/evidence/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(action=AuditAction.DOWNLOAD, actor=people.olga).exists()
    for persona in ("bob", "otto", "dora"):
        client.force_login(getattr(people, persona))
        assert client.get(f"/information-requests/{info.pk}/evidence/").status_code == 404


def test_level_3_lands_with_the_disclosure_team_and_the_requester_is_told(
    client, people, django_capture_on_commit_callbacks, eager_tasks, more
):
    from referral_portal.accounts.models import AgencyType, Role
    from tests.factories import AgencyFactory, AuthorityFactory, UserFactory

    birmingham = AuthorityFactory(slug="birmingham")
    council = AgencyFactory(
        authority=birmingham, name="Test council", agency_type=AgencyType.LOCAL_AUTHORITY
    )
    cora = UserFactory(email="cora@testcouncil.example.org", agency=council)
    dina = UserFactory(role=Role.DISCLOSURE, authority=birmingham, agency=None)
    olly = UserFactory(role=Role.OFFICER, authority=birmingham, agency=None)
    client.force_login(cora)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/information-requests/new/3/",
            {
                **CHILD,
                "exemption": "care_proceedings",
                "exemption_details": "Family court FC-0001",
            },
            follow=True,
        )
    info = InformationRequest.objects.get()
    assert info.status == Status.ROUTED
    page = response.content.decode()
    assert "sent to the Disclosure Team" in page
    assert "disclosureteam@birmingham.gov.uk" in page
    assert mail.outbox[-1].to == ["disclosureteam@birmingham.gov.uk"]
    assert "Noah" not in mail.outbox[-1].body
    # 002, Level 3: "need to view whole case assessments" (review M8), not whole records.
    assert "to view whole case assessments" in mail.outbox[-1].body
    assert "whole records" not in mail.outbox[-1].body
    client.force_login(olly)
    assert info.reference not in client.get("/information-requests/queue/").content.decode()
    client.force_login(dina)
    assert info.reference in client.get("/information-requests/disclosure-team/").content.decode()


def test_level_3_outside_birmingham_without_a_directory_entry_says_contact_the_front_door(
    client, people, more
):
    client.force_login(more.cora)
    response = client.post(
        "/information-requests/new/3/",
        {**CHILD, "exemption": "s47", "exemption_details": "Enquiry opened 1 Nov"},
        follow=True,
    )
    assert "Contact the front door for the Disclosure Team" in response.content.decode()


def test_disclosure_team_records_how_whole_records_were_shared(client, people):
    info = Level3Factory(created_by=people.alice)
    client.force_login(people.dora)
    client.post(
        f"/information-requests/{info.pk}/answer/",
        {
            "action": "answer",
            "confirm": "1",
            "answer-whole_case_record": "Assessments sent by secure email",
        },
    )
    disclosure = Disclosure.objects.get()
    assert (disclosure.level, disclosure.basis) == (3, "proceedings")


def test_manager_lists_and_exports_the_disclosure_log(client, people):
    with time_machine.travel(dt.datetime(2026, 7, 1, 11, 30, tzinfo=dt.UTC), tick=False):
        info = Level2VerbalConsentFactory(created_by=people.alice, claimed_by=people.olga)
        client.force_login(people.olga)
        client.post(f"/information-requests/{info.pk}/answer/", LEVEL2_ANSWER)
    client.force_login(people.mike)
    page = client.get("/information-requests/disclosure-log/").content.decode()
    assert info.reference in page
    assert "Agency&#x27;s confirmation of verbal consent" in page
    response = client.get("/information-requests/disclosure-log/?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["When", "Reference", "Level"]
    assert rows[1][0] == "2026-07-01 12:30"  # shown in Europe/London
    assert rows[1][1:3] == [info.reference, "2"]
    assert rows[1][4] == people.alice.email
    assert rows[1][9] == people.olga.email
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=people.mike).exists()
    client.force_login(people.olga)
    assert client.get("/information-requests/disclosure-log/").status_code == 403
    client.force_login(people.mona)
    assert (
        info.reference not in client.get("/information-requests/disclosure-log/").content.decode()
    )


def test_the_requester_update_is_sent_once_however_often_the_sender_runs(people):
    from referral_portal.outbox.services import email_send
    from requests.information.emails import requester_update

    info = ProbationOverrideFactory(created_by=people.alice, status=Status.ANSWERED)
    email = requester_update(info)  # not committed: nothing sent yet
    assert [email_send(email_id=email.pk) for _ in range(3)] == ["sent", *["not-claimed"] * 2]
    assert email_send(email_id=999999) == "not-claimed"
    assert len(mail.outbox) == 1
    assert "Amelia" not in mail.outbox[0].body


def test_no_page_of_the_request_forms_fails_on_odd_input(client, people):
    client.force_login(people.alice)
    assert client.get("/information-requests/new/4/").status_code == 404
    response = client.post(
        "/information-requests/new/2/",
        {**CHILD, "consent": "<script>", "child_date_of_birth_2": "99999", "offence_concerns": "x"},
    )
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_a_broker_that_is_down_loses_no_notification_and_shows_no_error(
    client, people, django_capture_on_commit_callbacks, monkeypatch
):
    from kombu.exceptions import OperationalError

    from referral_portal.outbox.services import outbox_sweep
    from referral_portal.outbox.tasks import send_email
    from tests.conftest import tasks_in_process

    def broker_down(*args, **kwargs):
        raise OperationalError("Redis is down")

    info = Level2WrittenConsentFactory(created_by=people.alice, claimed_by=people.olga)
    client.force_login(people.olga)
    monkeypatch.setattr(send_email, "apply_async", broker_down)
    with tasks_in_process(False), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/information-requests/{info.pk}/answer/",
            {"action": "refuse", "refuse-reason": "The letter is not signed"},
        )
    assert response.status_code == 302
    assert mail.outbox == []
    monkeypatch.undo()
    with tasks_in_process(True):  # the worker's part, here
        assert outbox_sweep() == 1
        assert outbox_sweep() == 0
    assert len(mail.outbox) == 1 and info.reference in mail.outbox[0].subject
