"""Information gathering in the portal (issue 22): the officer asks, the professional answers,
the answer lands on the contact's record. Through the pages, as people use them."""

from __future__ import annotations

import datetime as dt
import html
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from referral_portal.audit.models import AuditEvent
from requests.gathering import services
from requests.gathering.models import (
    GatheringAnswer,
    GatheringAttachment,
    GatheringDisclosure,
    GatheringRequest,
    GatheringStatus,
)
from requests.triage import selectors as triage_selectors
from requests.triage import services as triage_services
from requests.triage.models import ProfessionalContacted
from tests.triage.factories import PNG, claimed_contact, consented_contact

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def reply_by_fields(when: dt.datetime) -> dict[str, str]:
    local = timezone.localtime(when)
    return {
        "reply_by_on_0": str(local.day),
        "reply_by_on_1": str(local.month),
        "reply_by_on_2": str(local.year),
        "reply_by_time": local.strftime("%H:%M"),
    }


def ask(client, contact, agency, **fields):
    url = reverse("gathering:ask", args=[contact.pk]) + f"?agency={agency.pk}"
    data = {"agency_id": agency.pk, **reply_by_fields(timezone.now() + dt.timedelta(hours=4))}
    data.update(fields)
    return client.post(url, data)


def test_officer_asks_the_school_safeguarding_lead_by_default(client_for, people, helpers):
    contact = consented_contact(by=people.bob, officer=people.olga)
    child = contact.children.first()
    officer = client_for(people.olga)
    form = officer.get(reverse("gathering:ask", args=[contact.pk]) + f"?agency={people.school.pk}")
    page = text(form)
    # The school's set, said to be this portal's own; the lead chosen by default.
    assert "What has the child's attendance been this term and last?" in page
    assert "this portal's standard, not the council's" in page
    assert f'value="lead:{people.lena.pk}"' in page and "checked" in page
    response = ask(
        officer,
        contact,
        people.school,
        recipient=f"lead:{people.lena.pk}",
        questions=["attendance", "concerns"],
        own_questions="Who collects the child from school?",
    )
    assert response.status_code == 302, text(response)
    gathering = GatheringRequest.objects.get(contact=contact)
    assert gathering.recipient_email == people.lena.email
    assert gathering.questions == [
        "What has the child's attendance been this term and last?",
        "Do you know of any concerns about the child's welfare? If so, what?",
        "Who collects the child from school?",
    ]
    # The email names nobody: no child's name, date of birth or address, no referral.
    (email,) = helpers.emails_to(people.lena.email, "gathering_request")
    assert child.first_name not in email.body and child.last_name not in email.body
    assert child.first_name not in email.subject
    assert "/gathering/answer/" in email.body
    # Logged as a disclosure of the three identifying details, on the family's agreement.
    (disclosure,) = GatheringDisclosure.objects.all()
    assert disclosure.to_email == people.lena.email
    assert disclosure.fields == ["child_name", "child_date_of_birth", "child_address"]
    assert disclosure.basis == "consent"
    assert disclosure.by_label == people.olga.email


def test_reply_by_defaults_inside_the_contacts_deadline(client_for, people):
    contact = consented_contact(by=people.bob, officer=people.olga)
    deadline = triage_selectors.contact_deadline(contact)
    default = services.default_reply_by(contact=contact)
    assert timezone.now() < default < deadline
    response = ask(
        client_for(people.olga),
        contact,
        people.school,
        recipient=f"lead:{people.lena.pk}",
        questions=["attendance"],
        **reply_by_fields(deadline + dt.timedelta(hours=2)),
    )
    assert response.status_code == 200
    assert "The reply-by time must be before the contact's deadline" in text(response)
    assert not GatheringRequest.objects.exists()


def test_no_consent_no_request_even_posted_directly(client_for, people):
    contact = claimed_contact(by=people.bob, officer=people.olga)
    officer = client_for(people.olga)
    page = officer.get(reverse("gathering:ask", args=[contact.pk]))
    assert "Information cannot be gathered yet" in text(page)
    response = ask(
        officer,
        contact,
        people.school,
        recipient=f"lead:{people.lena.pk}",
        questions=["attendance"],
    )
    assert "Information cannot be gathered yet" in text(response)
    assert not GatheringRequest.objects.exists()
    assert not GatheringDisclosure.objects.exists()


def test_refused_consent_then_override_lets_the_officer_ask(client_for, people):
    contact = consented_contact(by=people.bob, officer=people.olga, consent="refused")
    approval = triage_services.approval_request_create(
        user=people.olga, contact=contact, kind="consent_override", reason="Risk of harm"
    )
    with pytest.raises(services.GatheringError):
        services.gathering_request_send(
            user=people.olga,
            contact=contact,
            agency_id=people.school.pk,
            lead_id=people.lena.pk,
            questions=["Q?"],
            reply_by=timezone.now() + dt.timedelta(hours=3),
        )
    triage_services.approval_decide(manager=people.mike, approval=approval, approve=True)
    gathering = services.gathering_request_send(
        user=people.olga,
        contact=contact,
        agency_id=people.school.pk,
        lead_id=people.lena.pk,
        questions=["Q?"],
        reply_by=timezone.now() + dt.timedelta(hours=3),
    )
    assert gathering.basis == "override"
    assert GatheringDisclosure.objects.get().basis == "override"


def test_address_outside_the_verified_domains_is_refused(client_for, people, gp):
    contact = consented_contact(by=people.bob, officer=people.olga)
    response = ask(
        client_for(people.olga),
        contact,
        gp,
        recipient="named",
        name="Dr Ada Lane",
        email="ada.lane@unverified.example.org",
        questions=["registration"],
    )
    page = text(response)
    assert "is not on a verified domain of Riverside Surgery" in page
    assert "riverside.example.nhs.uk" in page
    # What was typed is kept.
    assert 'value="Dr Ada Lane"' in page
    assert not GatheringRequest.objects.exists()


def test_professional_of_another_agency_or_authority_is_not_found(client_for, people, gp):
    contact = consented_contact(by=people.bob, officer=people.olga)
    # An agency of the other authority: not found.
    other = reverse("gathering:ask", args=[contact.pk]) + f"?agency={people.away_agency.pk}"
    assert client_for(people.olga).get(other).status_code == 404
    with pytest.raises(services.NotFound):
        services.gathering_request_send(
            user=people.olga,
            contact=contact,
            agency_id=people.away_agency.pk,
            lead_id=None,
            name="Zara",
            email=people.zara.email,
            questions=["Q?"],
            reply_by=timezone.now() + dt.timedelta(hours=3),
        )
    # The school's lead asked as if she were the GP's: not found.
    response = ask(
        client_for(people.olga),
        contact,
        gp,
        recipient=f"lead:{people.lena.pk}",
        questions=["registration"],
    )
    assert response.status_code == 200
    assert not GatheringRequest.objects.exists()
    # An officer of the other authority cannot open the contact at all.
    url = reverse("gathering:ask", args=[contact.pk]) + f"?agency={people.school.pk}"
    assert client_for(people.otto).get(url).status_code == 404


def _sent_to_lena(people):
    contact = consented_contact(by=people.bob, officer=people.olga)
    gathering = services.gathering_request_send(
        user=people.olga,
        contact=contact,
        agency_id=people.school.pk,
        lead_id=people.lena.pk,
        questions=["Attendance?", "Concerns?"],
        reply_by=timezone.now() + dt.timedelta(hours=4),
    )
    return contact, gathering


def answer_data(name="Lena Lead", **fields):
    data = {
        "name": name,
        "q0_kind": "answer",
        "q0_text": "92% this term; late most Mondays.",
        "q1_kind": "no_information",
        "q1_text": "",
    }
    data.update(fields)
    return data


def test_school_lead_signed_in_answers_and_it_lands_on_the_record(client_for, people, helpers):
    contact, gathering = _sent_to_lena(people)
    child = contact.children.first()
    link = helpers.link_in(helpers.emails_to(people.lena.email, "gathering_request")[0])
    # Not signed in: nothing about the child, only how to prove who you are.
    anonymous = Client().get(link)
    assert child.last_name not in text(anonymous)
    assert "Send me a code" in text(anonymous)
    lena = client_for(people.lena)
    page = text(lena.get(link))
    assert child.first_name in page and child.last_name in page
    assert "Signed in to the portal as lena@schoola.example.org".lower() in page.lower()
    # A draft saves, and is not an answer.
    lena.post(link, {**answer_data(), "action": "draft"})
    gathering.refresh_from_db()
    assert gathering.status == GatheringStatus.OPEN
    assert gathering.draft["answers"][0]["text"] == "92% this term; late most Mondays."
    assert "92% this term" in text(lena.get(link))
    # Sent: final, on the record beside the questions, with who, when and how verified.
    sent = lena.post(link, {**answer_data(), "action": "send"})
    assert "Answers sent" in text(sent)
    gathering.refresh_from_db()
    assert gathering.status == GatheringStatus.ANSWERED
    record = text(client_for(people.olga).get(reverse("triage:record", args=[contact.pk])))
    assert "Attendance?" in record and "92% this term; late most Mondays." in record
    assert "We hold no information" in record
    assert "Answered by Lena Lead (lena@schoola.example.org)" in record
    assert "Verified: Signed in to the portal as lena@schoola.example.org" in record
    # The officer is told (no child's details), and the answerer is a professional consulted.
    (notice,) = helpers.emails_to(people.olga.email, "gathering_answered")
    assert child.last_name not in notice.body
    consulted = ProfessionalContacted.objects.get(contact=contact)
    assert consulted.email == people.lena.email and consulted.agency == "School A"
    # Viewed, answered: in the audit trail against the contact.
    events = [
        e.changes.get("event")
        for e in AuditEvent.objects.filter(object_type="requests.contact", object_id=contact.pk)
    ]
    assert "gathering_request_viewed" in events and "gathering_answer_sent" in events


def test_a_sent_answer_is_final_a_correction_is_new(client_for, people, helpers):
    contact, gathering = _sent_to_lena(people)
    link = helpers.link_in(helpers.emails_to(people.lena.email)[0])
    lena = client_for(people.lena)
    lena.post(link, {**answer_data(), "action": "send"})
    page = text(lena.get(link))
    assert "Correct your answer" in page and "cannot be changed" in page
    lena.post(link, {**answer_data(q0_text="95% this term."), "action": "send"})
    first, second = GatheringAnswer.objects.order_by("id")
    assert first.answers[0]["text"] == "92% this term; late most Mondays."
    assert second.corrects_id == first.pk
    record = text(client_for(people.olga).get(reverse("triage:record", args=[contact.pk])))
    assert "95% this term." in record and "This is a correction" in record
    assert "Earlier answer of" in record


def test_answer_needs_every_question_and_keeps_what_was_typed(client_for, people, helpers):
    contact, gathering = _sent_to_lena(people)
    link = helpers.link_in(helpers.emails_to(people.lena.email)[0])
    response = client_for(people.lena).post(
        link,
        {"name": "Lena Lead", "q0_kind": "cannot_share", "q0_text": "", "action": "send"},
    )
    page = text(response)
    assert "Say why you cannot share the answer to question 1" in page
    assert "Answer question 2, or say you hold no information" in page
    gathering.refresh_from_db()
    assert gathering.status == GatheringStatus.OPEN
    assert gathering.draft["answers"][0]["kind"] == "cannot_share"


def test_gp_answers_by_one_time_code_with_a_checked_file(client_for, people, gp, helpers):
    contact = consented_contact(by=people.bob, officer=people.olga)
    response = ask(
        client_for(people.olga),
        contact,
        gp,
        recipient="named",
        name="Dr Ada Lane",
        email="ada.lane@riverside.example.nhs.uk",
        questions=["registration", "appointments"],
    )
    assert response.status_code == 302, text(response)
    link = helpers.link_in(helpers.emails_to("ada.lane@riverside.example.nhs.uk")[0])
    doctor = Client()
    code_url = link + "code/"
    doctor.post(code_url, {"action": "send"})
    # Rate-limited: a second code at once is refused.
    again = doctor.post(code_url, {"action": "send"})
    assert "A code was sent a moment ago" in text(again)
    wrong = doctor.post(code_url, {"code": "000000"})
    code = helpers.code_in(
        helpers.emails_to("ada.lane@riverside.example.nhs.uk", "gathering_code")[0]
    )
    if code != "000000":
        assert "The code is not right. You have 4 tries left." in text(wrong)
    assert doctor.post(code_url, {"code": code}).status_code == 302
    page = text(doctor.get(link))
    child = contact.children.first()
    assert child.last_name in page
    # A file that is not what its name says is refused, as on the Request for Support.
    fake = io.BytesIO(b"not a pdf at all")
    fake.name = "notes.pdf"
    refused = doctor.post(link, {**answer_data("Dr Ada Lane"), "file": fake, "action": "draft"})
    assert "must be a PDF, DOCX, ODT, JPG or PNG" in text(refused)
    png = io.BytesIO(PNG)
    png.name = "growth-chart.png"
    doctor.post(link, {**answer_data("Dr Ada Lane"), "file": png, "action": "send"})
    answer = GatheringAnswer.objects.get()
    assert answer.verified_how == "One-time code sent to ada.lane@riverside.example.nhs.uk"
    assert answer.answered_by_user is None
    attachment = GatheringAttachment.objects.get()
    assert attachment.answer_id == answer.pk
    officer = client_for(people.olga)
    record = text(officer.get(reverse("triage:record", args=[contact.pk])))
    assert "growth-chart.png" in record
    assert "Verified: One-time code sent to ada.lane@riverside.example.nhs.uk" in record
    download = officer.get(reverse("gathering:file", args=[answer.request_id, attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG


def test_code_expires(people, gp, helpers):
    contact, gathering = _sent_to_lena(people)
    services.code_send(gathering=gathering)
    code = helpers.code_in(helpers.emails_to(people.lena.email, "gathering_code")[0])
    GatheringRequest.objects.filter(pk=gathering.pk).update(
        code_expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert services.code_check(gathering=gathering, code=code) == (
        "The code has expired: ask for a new code"
    )


def test_lead_passes_to_a_colleague_and_her_link_stops(client_for, people, helpers):
    contact, gathering = _sent_to_lena(people)
    link = helpers.link_in(helpers.emails_to(people.lena.email)[0])
    lena = client_for(people.lena)
    # Outside the agency's domains: refused.
    refused = lena.post(link + "pass-on/", {"name": "Al", "email": "al@elsewhere.example.org"})
    assert "is not on a verified domain of School A" in text(refused)
    done = lena.post(link + "pass-on/", {"name": "Sam Teacher", "email": "sam@schoola.example.org"})
    assert "Request passed on" in text(done)
    assert lena.get(link).status_code == 404
    new_link = helpers.link_in(helpers.emails_to("sam@schoola.example.org", "gathering_request")[0])
    assert new_link != link
    assert GatheringDisclosure.objects.filter(to_email="sam@schoola.example.org").exists()
    sam = Client()
    sam.post(new_link + "code/", {"action": "send"})
    code = helpers.code_in(helpers.emails_to("sam@schoola.example.org", "gathering_code")[0])
    sam.post(new_link + "code/", {"code": code})
    sam.post(new_link, {**answer_data("Sam Teacher"), "action": "send"})
    assert GatheringAnswer.objects.get().answered_by_email == "sam@schoola.example.org"
    # Only a lead passes a request on.
    assert sam.get(new_link + "pass-on/").status_code == 404


def test_a_forged_link_is_not_found(people):
    assert Client().get("/gathering/answer/not-a-real-token/").status_code == 404


def test_decision_blocked_while_outstanding_unless_closed(client_for, people):
    contact, gathering = _sent_to_lena(people)
    with pytest.raises(triage_services.TriageError, match="still waiting for an answer"):
        triage_services.decision_propose(
            user=people.olga, contact=contact, outcome="advice", rationale="r"
        )
    officer = client_for(people.olga)
    empty = officer.post(reverse("gathering:close", args=[gathering.pk]), {"reason": ""})
    assert "Say why the request is closed without an answer" in text(empty)
    officer.post(reverse("gathering:close", args=[gathering.pk]), {"reason": "Lead is away"})
    gathering.refresh_from_db()
    assert gathering.status == GatheringStatus.CLOSED
    record = text(officer.get(reverse("triage:record", args=[contact.pk])))
    assert "Lead is away" in record
    triage_services.decision_propose(
        user=people.olga, contact=contact, outcome="advice", rationale="r"
    )


def test_disclosure_log_for_managers(client_for, people):
    _sent_to_lena(people)
    page = text(client_for(people.mike).get(reverse("gathering:disclosure_log")))
    assert "lena@schoola.example.org" in page and "The family's agreement" in page
    csv = client_for(people.mike).get(reverse("gathering:disclosure_log") + "?format=csv")
    assert b"Child's name; Date of birth; Address" in csv.content
    assert client_for(people.olga).get(reverse("gathering:disclosure_log")).status_code == 403


def test_codes_are_rate_limited_to_five_an_hour(people, helpers):
    contact, gathering = _sent_to_lena(people)
    now = timezone.now()
    GatheringRequest.objects.filter(pk=gathering.pk).update(
        codes_sent=[(now - dt.timedelta(minutes=50 - i)).isoformat() for i in range(5)]
    )
    with pytest.raises(services.GatheringError, match="Five codes have been sent in the last hour"):
        services.code_send(gathering=gathering)
    assert not helpers.emails_to(people.lena.email, "gathering_code")
    # Codes older than an hour no longer count.
    GatheringRequest.objects.filter(pk=gathering.pk).update(
        codes_sent=[(now - dt.timedelta(minutes=70)).isoformat()] * 5
    )
    services.code_send(gathering=gathering)
    assert len(helpers.emails_to(people.lena.email, "gathering_code")) == 1


def test_five_wrong_codes_end_the_code(people, helpers):
    contact, gathering = _sent_to_lena(people)
    services.code_send(gathering=gathering)
    code = helpers.code_in(helpers.emails_to(people.lena.email, "gathering_code")[0])
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(4):
        services.code_check(gathering=gathering, code=wrong)
    assert services.code_check(gathering=gathering, code=wrong) == (
        "The code was wrong 5 times: ask for a new code"
    )
    assert services.code_check(gathering=gathering, code=code) == "Ask for a code first"


def test_passing_on_drops_the_leads_draft_and_files(client_for, people, helpers):
    contact, gathering = _sent_to_lena(people)
    link = helpers.link_in(helpers.emails_to(people.lena.email)[0])
    lena = client_for(people.lena)
    png = io.BytesIO(PNG)
    png.name = "chart.png"
    lena.post(link, {**answer_data(), "file": png, "action": "draft"})
    assert GatheringAttachment.objects.count() == 1
    lena.post(link + "pass-on/", {"name": "Sam Teacher", "email": "sam@schoola.example.org"})
    gathering.refresh_from_db()
    assert gathering.draft == {} and not GatheringAttachment.objects.exists()
