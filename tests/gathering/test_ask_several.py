"""Issue 22, item 1: one send asks several professionals of an agency, each with their own
request, link and email; a refusal of any one sends none and is shown beside that row."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from requests.gathering.models import GatheringDisclosure, GatheringRequest
from tests.gathering.test_ask_and_answer import ask
from tests.triage.factories import consented_contact

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_lead_and_two_named_people_get_one_request_each(client_for, people, helpers):
    contact = consented_contact(by=people.bob, officer=people.olga)
    response = ask(
        client_for(people.olga),
        contact,
        people.school,
        recipient=[f"lead:{people.lena.pk}", "named"],
        people="3",
        name="Sam Head",
        email="sam.head@schoola.example.org",
        name_2="",
        email_2="",
        name_3="Ida Nurse",
        email_3="ida.nurse@schoola.example.org",
        questions=["attendance"],
        own_questions="Who collects the child?",
    )
    assert response.status_code == 302, text(response)
    sent = GatheringRequest.objects.filter(contact=contact).order_by("pk")
    assert [g.recipient_email for g in sent] == [
        people.lena.email,
        "sam.head@schoola.example.org",
        "ida.nurse@schoola.example.org",
    ]
    # Same questions and reply-by for each; a link of their own each.
    assert len({tuple(g.questions) for g in sent}) == 1
    assert len({g.reply_by for g in sent}) == 1
    assert len({g.link_nonce for g in sent}) == 3
    links = set()
    for g in sent:
        (email,) = helpers.emails_to(g.recipient_email, "gathering_request")
        links.add(helpers.link_in(email))
    assert len(links) == 3
    assert GatheringDisclosure.objects.count() == 3
    record = client_for(people.olga).get(reverse("triage:record", args=[contact.pk]), follow=True)
    assert "Sam Head" in text(record) and "Ida Nurse" in text(record)


def test_one_refused_row_sends_none_and_keeps_everything_typed(client_for, people, helpers):
    contact = consented_contact(by=people.bob, officer=people.olga)
    response = ask(
        client_for(people.olga),
        contact,
        people.school,
        recipient=[f"lead:{people.lena.pk}", "named"],
        people="2",
        name="Sam Head",
        email="sam.head@schoola.example.org",
        name_2="Pat Outside",
        email_2="pat@elsewhere.example.com",
        questions=["attendance"],
        own_questions="Who collects the child?",
    )
    assert response.status_code == 200
    page = text(response)
    # The refusal is beside named person 2's email, linked from the summary.
    assert 'href="#id_email_2"' in page
    assert 'id="id_email_2-error"' in page or "id_email_2-error" in page
    assert "is not on a verified domain of School A" in page
    assert 'id="id_email-error"' not in page
    # Nothing is sent to anybody, and nothing typed is lost.
    assert not GatheringRequest.objects.exists()
    assert not helpers.emails_to(people.lena.email)
    for typed in ("Sam Head", "sam.head@schoola.example.org", "Pat Outside", "Who collects"):
        assert typed in page
    lead_box = page.split(f'value="lead:{people.lena.pk}"', 1)[1].split(">", 1)[0]
    assert "checked" in lead_box


def test_named_row_errors_are_beside_their_row(client_for, people):
    contact = consented_contact(by=people.bob, officer=people.olga)
    response = ask(
        client_for(people.olga),
        contact,
        people.school,
        recipient=["named"],
        people="3",
        name="Sam Head",
        email="sam.head@schoola.example.org",
        name_2="",
        email_2="not-an-address",
        name_3="Sam Again",
        email_3="SAM.HEAD@schoola.example.org",
        questions=["attendance"],
    )
    page = text(response)
    assert "Enter the name of named person 2" in page and 'href="#id_name_2"' in page
    assert "Enter an email address like name@example.org" in page
    assert "Named person 3 is already in the list" in page and 'href="#id_email_3"' in page
    assert 'value="not-an-address"' in page
    assert not GatheringRequest.objects.exists()


def test_add_another_person_without_javascript(client_for, people):
    contact = consented_contact(by=people.bob, officer=people.olga)
    response = ask(
        client_for(people.olga),
        contact,
        people.school,
        recipient=["named"],
        people="1",
        name="Sam Head",
        email="",
        questions=["attendance"],
        add_person="1",
    )
    page = text(response)
    assert response.status_code == 200
    # A second row, what was typed kept, and no errors yet.
    assert "Named person 2" in page and 'name="email_2"' in page
    assert 'value="Sam Head"' in page
    assert "govuk-error-summary" not in page
    assert not GatheringRequest.objects.exists()
