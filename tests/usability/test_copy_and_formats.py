"""Words and formats a busy person reads one way everywhere (review D17, D18)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tests.dashboard.factories import decided_contact
from tests.information.factories import InformationRequestFactory
from tests.procedures.test_levels_of_need_question import _practitioner
from tests.triage.factories import claimed_contact, received_contact

pytestmark = pytest.mark.django_db


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_check_your_answers_names_the_level_as_the_form_offered_it(client):
    from tests.requests.factories import CompleteDraftFactory
    from thresholds.selectors import framework_for, level_of

    user = _practitioner("worcestershire")
    draft = CompleteDraftFactory(created_by=user, level_of_need=3)
    level = level_of(framework=framework_for(authority=draft.authority), number=3)
    client.force_login(user)
    check = client.get(f"/requests-for-support/{draft.pk}/check/").content.decode()
    assert f"Level 3: {level.title}" in check  # not a bare "3" (D17)


def test_the_officers_record_names_the_level_not_a_bare_number(people):
    contact = claimed_contact(by=people.alice, officer=people.olga, level_of_need=3)
    page = _as(people.olga).get(f"/triage/contacts/{contact.pk}/").content.decode()
    assert "Level 3: targeted, early help" in page


def test_the_response_aim_is_not_repeated_once_the_decision_is_made(people):
    waiting = received_contact(by=people.alice)
    page = _as(people.alice).get(f"/requests-for-support/{waiting.pk}/status/").content.decode()
    assert 'id="response-aim"' in page
    now = dt.datetime.now(dt.UTC)
    decision = decided_contact(
        by=people.olga,
        manager=people.mike,
        received=now - dt.timedelta(days=2),
        decided=now - dt.timedelta(days=1),
        created_by=people.alice,
    )
    page = (
        _as(people.alice)
        .get(f"/requests-for-support/{decision.contact.pk}/status/")
        .content.decode()
    )
    assert "Decision made: done" in page
    assert 'id="response-aim"' not in page and "response within" not in page


def test_the_officer_reads_a_waiting_information_request_in_the_officers_words(people):
    info = InformationRequestFactory(created_by=people.alice)
    officer = _as(people.olga).get(f"/information-requests/{info.pk}/").content.decode()
    assert "This request is waiting for the front door to answer it." in officer
    assert "has your request" not in officer
    mine = _as(people.alice).get(f"/information-requests/{info.pk}/").content.decode()
    assert "The front door has your request and will answer it." in mine


def test_reassigning_asks_to_choose_an_officer_not_dashes(people):
    contact = claimed_contact(by=people.alice, officer=people.olga)
    page = _as(people.mike).get(f"/triage/contacts/{contact.pk}/reassign/").content.decode()
    assert "Choose an officer" in page and "---------" not in page


def test_a_level_2_request_with_its_consent_letter_is_checked_then_sent_with_the_letter(
    people, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from requests.information.models import InformationRequest
    from tests.information.conftest import PDF_BYTES
    from tests.information.factories import give_information_requests
    from tests.information.test_level2_and_3 import CHILD, CONSENT_DATE

    give_information_requests(people.home)
    settings.MEDIA_ROOT = str(tmp_path)
    client = _as(people.alice)
    answers = {k: v for k, v in CHILD.items() if k != "confirm"}
    upload = SimpleUploadedFile("letter from mum.pdf", PDF_BYTES, content_type="application/pdf")
    check = client.post(
        "/information-requests/new/2/",
        {**answers, **CONSENT_DATE, "consent": "written", "evidence": upload},
    ).content.decode()
    assert "Check your answers before sending your request" in check
    assert "letter from mum.pdf" in check  # the file, by its name
    assert not InformationRequest.objects.exists()
    token = check.split('name="evidence_token" value="')[1].split('"')[0]
    # "Change your answers": the form again, the letter still attached.
    change = client.post(
        "/information-requests/new/2/",
        {**answers, **CONSENT_DATE, "consent": "written", "evidence_token": token, "change": "1"},
    ).content.decode()
    assert "Attached: <strong>letter from mum.pdf</strong>" in change
    sent = client.post(
        "/information-requests/new/2/",
        {**answers, **CONSENT_DATE, "consent": "written", "evidence_token": token, "confirm": "1"},
    )
    info = InformationRequest.objects.get()
    assert sent["Location"] == f"/information-requests/{info.pk}/"
    assert info.evidence_name == "letter from mum.pdf"
    assert (tmp_path / info.evidence_path).read_bytes() == PDF_BYTES
    assert list((tmp_path / "information" / "pending").iterdir()) == []  # nothing left behind


def test_another_sessions_evidence_token_is_not_honoured(people, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.information.conftest import PDF_BYTES
    from tests.information.factories import give_information_requests
    from tests.information.test_level2_and_3 import CHILD, CONSENT_DATE

    give_information_requests(people.home)
    settings.MEDIA_ROOT = str(tmp_path)
    answers = {k: v for k, v in CHILD.items() if k != "confirm"}
    upload = SimpleUploadedFile("letter.pdf", PDF_BYTES, content_type="application/pdf")
    check = (
        _as(people.alice)
        .post(
            "/information-requests/new/2/",
            {**answers, **CONSENT_DATE, "consent": "written", "evidence": upload},
        )
        .content.decode()
    )
    token = check.split('name="evidence_token" value="')[1].split('"')[0]
    page = (
        _as(people.bob)
        .post(
            "/information-requests/new/2/",
            {
                **answers,
                **CONSENT_DATE,
                "consent": "written",
                "evidence_token": token,
                "confirm": "1",
            },
        )
        .content.decode()
    )
    assert "letter.pdf" not in page
    assert "Upload the signed letter or email" in page or "govuk-error-summary" in page


def test_a_visitor_reaches_the_levels_of_need_tool_from_the_home_page_and_the_navigation(client):
    page = client.get("/").content.decode()
    main = page.split('id="main-content"')[1]
    nav = page.split('aria-label="Menu"')[1].split("</nav>")[0]
    assert 'href="/thresholds/">check a child&#x27;s level of need</a>' in main or (
        'href="/thresholds/">check a child\'s level of need</a>' in main
    )
    assert 'href="/thresholds/">Levels of need</a>' in nav  # review D10
