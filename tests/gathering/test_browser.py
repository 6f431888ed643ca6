"""In Chromium, three people (issue 22): an officer asks a school's safeguarding lead and a GP;
the lead answers signed in, the GP by a one-time code; the answers land on the record; the
clock reminds and flags; the answerers are on the letters' list. axe on every new page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone

from referral_portal.accounts.models import AgencyType
from requests.gathering import services
from tests.conftest import assert_accessible, sign_in
from tests.factories import AgencyDomainFactory, AgencyFactory
from tests.triage.factories import claimed_contact, consented_contact

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("outbox_in_process"),
]


def _body(message) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else message.get_payload()


def _mail_to(smtp_server, address: str, subject_part: str, count_before: int = 0) -> str:
    deadline = timezone.now() + dt.timedelta(seconds=20)
    while timezone.now() < deadline:
        for message in smtp_server.wait_for(count_before + 1, timeout=2):
            if address in message["To"] and subject_part in message["Subject"]:
                return _body(message)
    raise AssertionError(f"no email to {address} about {subject_part!r}")


def _path(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/gathering/answer/\S+/)", body)
    assert match, body
    return match.group(1)


def _new_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(15000)
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda m: (
            page.csp_violations.append(m.text) if "Content Security Policy" in m.text else None
        ),
    )
    return page


def test_officer_school_lead_and_gp_by_code(browser, page, live_server, people, smtp_server):
    gp = AgencyFactory(
        authority=people.home, name="Riverside Surgery", agency_type=AgencyType.GP, domain=None
    )
    AgencyDomainFactory(agency=gp, domain="riverside.example.nhs.uk", verified=True)
    contact = consented_contact(by=people.bob, officer=people.olga)
    child = contact.children.first()

    # The officer asks the school's safeguarding lead (the default) from the record.
    sign_in(page, live_server, people.olga)
    page.goto(f"/triage/contacts/{contact.pk}/")
    page.click("text=Ask a professional for information in the portal")
    page.wait_for_selector("h1:has-text('Ask a professional for information')")
    assert_accessible(page)
    page.select_option("#id_agency", label="School A (School)")
    page.click("button:has-text('Continue')")
    page.wait_for_selector("h1:has-text('Ask School A for information')")
    assert "this portal's standard, not the council's" in page.inner_text("main")
    assert_accessible(page)
    page.check("input[name=questions][value=attendance]")
    page.check("input[name=questions][value=concerns]")
    page.click("button:has-text('Send the request')")
    page.wait_for_selector("text=Request for information sent to School A")

    # The GP: an address outside the practice's verified domain is refused, beside the field.
    page.click("text=Ask a professional for information in the portal")
    page.select_option("#id_agency", label="Riverside Surgery (GP practice)")
    page.click("button:has-text('Continue')")
    page.check("input[name=recipient][value=named]")
    page.fill("#id_name", "Dr Ada Lane")
    page.fill("#id_email", "ada.lane@gmail.example.com")
    page.check("input[name=questions][value=registration]")
    page.click("button:has-text('Send the request')")
    page.wait_for_selector(".govuk-error-summary")
    assert "is not on a verified domain of Riverside Surgery" in page.inner_text(
        ".govuk-error-summary"
    )
    assert_accessible(page)
    page.fill("#id_email", "ada.lane@riverside.example.nhs.uk")
    page.click("button:has-text('Send the request')")
    page.wait_for_selector("text=Request for information sent to Riverside Surgery")
    record = page.inner_text("main")
    assert "School A: " in record and "Riverside Surgery: Dr Ada Lane" in record
    assert_accessible(page)

    # The school's lead, signed in, opens the link, saves a draft, then sends.
    lena_mail = _mail_to(smtp_server, people.lena.email, "Request for information")
    assert child.last_name not in lena_mail
    lena = _new_page(browser, live_server)
    sign_in(lena, live_server, people.lena)
    lena.goto(_path(lena_mail))
    lena.wait_for_selector("h1:has-text('Answer a request for information')")
    assert child.last_name in lena.inner_text("main")
    assert_accessible(lena)
    lena.check("input[name=q0_kind][value=answer]")
    lena.fill("#id_q0_text", "91% this term; late most Mondays.")
    lena.click("button:has-text('Save as a draft')")
    lena.wait_for_selector("text=Your answers are saved as a draft")
    lena.click("button:has-text('Send your answers')")  # question 2 unanswered
    lena.wait_for_selector(".govuk-error-summary")
    assert "Answer question 2" in lena.inner_text(".govuk-error-summary")
    assert lena.input_value("#id_q0_text") == "91% this term; late most Mondays."
    assert_accessible(lena)
    lena.check("input[name=q1_kind][value=no_information]")
    lena.click("button:has-text('Send your answers')")
    lena.wait_for_selector("h1:has-text('Answers sent')")
    assert_accessible(lena)

    # The GP has no account: a one-time code to the practice address.
    gp_mail = _mail_to(smtp_server, "ada.lane@riverside.example.nhs.uk", "Request for information")
    doctor = _new_page(browser, live_server)
    doctor.goto(_path(gp_mail))
    doctor.wait_for_selector("h1:has-text('A request for information from')")
    assert child.last_name not in doctor.inner_text("main")
    assert_accessible(doctor)
    doctor.click("button:has-text('Send me a code')")
    doctor.wait_for_selector("h1:has-text('Enter your one-time code')")
    assert_accessible(doctor)
    doctor.fill("#id_code", "12345x")
    doctor.click("button:has-text('Continue')")
    doctor.wait_for_selector(".govuk-error-summary")
    assert_accessible(doctor)
    code_mail = _mail_to(smtp_server, "ada.lane@riverside.example.nhs.uk", "Your code")
    code = re.search(r"code is (\d{6})", code_mail).group(1)
    doctor.fill("#id_code", code)
    doctor.click("button:has-text('Continue')")
    doctor.wait_for_selector("h1:has-text('Answer a request for information')")
    doctor.fill("#id_name", "Dr Ada Lane")
    doctor.check("input[name=q0_kind][value=cannot_share]")
    doctor.fill("#id_q0_text", "The patient has not agreed; ask the named GP for safeguarding.")
    doctor.click("button:has-text('Send your answers')")
    doctor.wait_for_selector("h1:has-text('Answers sent')")

    # The record: answers beside the questions, who, when and how verified.
    page.goto(f"/triage/contacts/{contact.pk}/")
    record = page.inner_text("main")
    assert "91% this term; late most Mondays." in record
    assert "We hold no information" in record
    assert "We cannot share this" in record
    assert "Verified: One-time code sent to ada.lane@riverside.example.nhs.uk" in record
    assert "Verified: Signed in to the portal as lena@schoola.example.org" in record
    assert_accessible(page)

    # Both answerers are on the letters' list as professionals consulted.
    page.goto(f"/letters/contact/{contact.pk}/recipients/")
    recipients = page.inner_text("main")
    assert "Dr Ada Lane: professional asked for information before the decision" in recipients
    assert (
        f"{people.lena.full_name}: professional asked for information before the decision"
        in recipients
    )


def test_the_clock_reminds_then_flags_and_the_decision_waits(
    browser, page, live_server, people, smtp_server
):
    contact = consented_contact(by=people.bob, officer=people.olga)
    gathering = services.gathering_request_send(
        user=people.olga,
        contact=contact,
        agency_id=people.school.pk,
        lead_id=people.lena.pk,
        questions=["Attendance?"],
        reply_by=timezone.now() + dt.timedelta(hours=3),
    )
    # The clock moves: three hours were given, so the reminder is due halfway (this portal's
    # standard: two hours before, or halfway when under four were given); then past it.
    assert services.clock_tick(now=gathering.reply_by - dt.timedelta(hours=1, minutes=31)) == {
        "reminded": 0,
        "flagged": 0,
    }
    services.clock_tick(now=gathering.reply_by - dt.timedelta(hours=1, minutes=29))
    assert "/gathering/answer/" in _mail_to(smtp_server, people.lena.email, "Reminder")
    # The clock moves past the reply-by time (the pages and beat both see the moved clock).
    with time_machine.travel(gathering.reply_by + dt.timedelta(minutes=5), tick=True):
        assert services.clock_tick() == {"reminded": 0, "flagged": 1}
        _mail_to(smtp_server, people.olga.email, "No answer by the reply-by time")
        _mail_to(smtp_server, people.mike.email, "No answer by the reply-by time")

        sign_in(page, live_server, people.mike)
        page.goto("/dashboard/")
        assert page.inner_text("[data-figure=gathering_overdue]") == "1"
        sign_in(page, live_server, people.olga)
        page.goto(f"/triage/contacts/{contact.pk}/")
        section = page.inner_text("main")
        assert "Overdue" in section and "reminded" in section
        # No decision while it is outstanding: close it with a reason first.
        page.click("text=Record the decision")
        page.check("input[name=outcome][value=advice]")
        page.click("button:has-text('Continue')")
        page.fill("#id_rationale", "Housing worries only.")
        page.click("button:has-text('Send for agreement')")
        page.wait_for_selector(".govuk-error-summary")
        assert "still waiting for an answer" in page.inner_text(".govuk-error-summary")
        page.goto(f"/triage/contacts/{contact.pk}/")
        page.click("text=Close without an answer")
        page.wait_for_selector("h1:has-text('Close the request to School A')")
        page.click("button:has-text('Close the request')")
        page.wait_for_selector(".govuk-error-summary")
        assert_accessible(page)
        page.fill(
            "#id_reason", "The lead is on leave until next week; the school nurse was phoned."
        )
        page.click("button:has-text('Close the request')")
        page.wait_for_selector("text=The request is closed")
        # The school's link now says so, and shows nobody's details.
        lena = _new_page(browser, live_server)
        lena.goto(_path(_mail_to(smtp_server, people.lena.email, "Request for information")))
        lena.wait_for_selector("h1:has-text('This request has been closed')")
        assert contact.children.first().last_name not in lena.inner_text("main")
        assert_accessible(lena)

        # The dashboard's Now, and the manager's disclosure log.
        sign_in(page, live_server, people.mike)
        page.goto("/dashboard/")
        assert "Requests for information in the last 90 days" in page.inner_text("main")
        assert_accessible(page)
        page.goto("/gathering/disclosures/")
        assert people.lena.email in page.inner_text("main")
        assert_accessible(page)


def test_a_colleague_takes_over_and_the_officer_without_consent_cannot_ask(
    browser, page, live_server, people, smtp_server
):
    unconsented = claimed_contact(by=people.bob, officer=people.olga)
    sign_in(page, live_server, people.olga)
    page.goto(f"/gathering/contacts/{unconsented.pk}/ask/")
    page.wait_for_selector("h1:has-text('Information cannot be gathered yet')")
    assert_accessible(page)

    contact = consented_contact(by=people.bob, officer=people.olga)
    services.gathering_request_send(
        user=people.olga,
        contact=contact,
        agency_id=people.school.pk,
        lead_id=people.lena.pk,
        questions=["Attendance?"],
        reply_by=timezone.now() + dt.timedelta(hours=3),
    )
    lena = _new_page(browser, live_server)
    sign_in(lena, live_server, people.lena)
    lena.goto(_path(_mail_to(smtp_server, people.lena.email, "Request for information")))
    lena.click("text=Pass this request to a colleague")
    lena.wait_for_selector("h1:has-text('Pass this request to a colleague')")
    assert_accessible(lena)
    lena.fill("#id_name", "Sam Teacher")
    lena.fill("#id_email", "sam@schoola.example.org")
    lena.click("button:has-text('Pass it on')")
    lena.wait_for_selector("h1:has-text('Request passed on')")
    assert_accessible(lena)
    assert "passed you a request" in _mail_to(
        smtp_server, "sam@schoola.example.org", "Request for information"
    )


def test_officer_asks_several_people_in_one_send(browser, page, live_server, people, smtp_server):
    """Issue 22, item 1, in Chromium with JavaScript off: the lead and two named people at
    once; a refused row is shown beside it with nothing typed lost; then three emails."""
    contact = consented_contact(by=people.bob, officer=people.olga)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(15000)
    nojs = context.new_page()
    sign_in(nojs, live_server, people.olga)
    nojs.goto(f"/gathering/contacts/{contact.pk}/ask/?agency={people.school.pk}")
    nojs.wait_for_selector("h1:has-text('Ask School A for information')")
    assert nojs.is_checked(f"input[name=recipient][value='lead:{people.lena.pk}']")
    nojs.check("input[name=recipient][value=named]")
    nojs.fill("#id_name", "Sam Head")
    nojs.fill("#id_email", "sam.head@schoola.example.org")
    nojs.check("input[name=questions][value=attendance]")
    nojs.click("button:has-text('Add another person')")
    nojs.wait_for_selector("#id_email_2")
    assert nojs.input_value("#id_name") == "Sam Head"
    assert nojs.is_checked("input[name=questions][value=attendance]")
    nojs.fill("#id_name_2", "Pat Outside")
    nojs.fill("#id_email_2", "pat@elsewhere.example.com")
    nojs.click("button:has-text('Send the requests')")
    nojs.wait_for_selector(".govuk-error-summary")
    summary = nojs.inner_text(".govuk-error-summary")
    assert "is not on a verified domain of School A" in summary
    assert nojs.get_attribute(".govuk-error-summary a", "href") == "#id_email_2"
    assert "is not on a verified domain" in nojs.inner_text("#id_email_2-error")
    assert nojs.input_value("#id_name") == "Sam Head"
    assert nojs.input_value("#id_email_2") == "pat@elsewhere.example.com"
    nojs.fill("#id_email_2", "pat.outside@schoola.example.org")
    nojs.click("button:has-text('Send the requests')")
    nojs.wait_for_selector("text=Requests for information sent to 3 professionals at School A")
    for address in (
        people.lena.email,
        "sam.head@schoola.example.org",
        "pat.outside@schoola.example.org",
    ):
        assert "/gathering/answer/" in _mail_to(smtp_server, address, "")
    assert services.GatheringRequest.objects.filter(contact=contact).count() == 3
    context.close()

    # axe needs JavaScript: the same page with two rows, then with a row's error.
    sign_in(page, live_server, people.olga)
    page.goto(f"/gathering/contacts/{contact.pk}/ask/?agency={people.school.pk}")
    page.check("input[name=recipient][value=named]")
    page.fill("#id_name", "Kim Other")
    page.fill("#id_email", "kim@elsewhere.example.com")
    page.click("button:has-text('Add another person')")
    page.wait_for_selector("#id_email_2")
    assert_accessible(page)
    page.click("button:has-text('Send the requests')")
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)
