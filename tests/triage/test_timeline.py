"""The record's timeline says what happened in words (issue 18, review F18/D14/D24)."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from referral_portal.outbox.services import email_send
from requests.letters.emails import letter_email
from requests.letters.models import Letter, LetterKind
from requests.services import contact_submit, draft_update
from requests.triage import services
from tests.letters.factories import awaiting_with_family
from tests.requests.factories import CompleteDraftFactory

pytestmark = pytest.mark.django_db


def timeline(client, contact) -> list[str]:
    page = html.unescape(client.get(reverse("triage:record", args=[contact.pk])).content.decode())
    section = page.split('<h2 class="govuk-heading-m">Timeline</h2>', 1)[1]
    return [
        item.split("</strong>: ", 1)[1].split("</li>", 1)[0]
        for item in section.split("<li>")[1:]
        if "</strong>: " in item
    ]


def test_the_drafts_saves_are_one_line_and_the_sending_names_the_referrer(people, client_for):
    draft = CompleteDraftFactory(created_by=people.alice)
    for text in ("Arrives hungry.", "Arrives hungry most mornings."):
        draft_update(contact=draft, user=people.alice, page="worries", fields={"past_harm": text})
    contact = contact_submit(contact_id=draft.pk, user=people.alice)
    services.contact_claim(user=people.olga, contact=contact)
    lines = timeline(client_for(people.olga), contact)
    alice = people.alice.full_name
    assert lines[0] == f"Request for Support drafted by {alice} (2 saves)"
    assert lines[1] == f"Request for Support sent by {alice}"
    assert lines[2] == f"Claimed ({people.olga.full_name})"
    assert not any(line.startswith("Changed") for line in lines)


def test_letters_are_named_with_their_recipient_on_the_timeline(people, client_for):
    contact, decision = awaiting_with_family(people=people)
    services.decision_agree(manager=people.mike, decision=decision)
    letter = Letter.objects.get(contact=contact, kind=LetterKind.PARENT)
    assert email_send(email_id=letter_email(letter).pk) == "sent"
    lines = timeline(client_for(people.olga), contact)
    assert any(line.startswith("Outcome letters made: ") for line in lines)
    assert (
        "Outcome letter emailed to Jane Fictional (person with parental responsibility) "
        "(the portal)" in lines
    )


def test_a_released_contact_says_it_is_waiting_not_being_looked_at(people, client_for):
    from tests.triage.factories import claimed_contact

    contact = claimed_contact(by=people.alice, officer=people.olga)
    services.contact_release(user=people.olga, contact=contact)
    officer = client_for(people.olga)
    queue = html.unescape(officer.get(reverse("triage:queue")).content.decode())
    row = queue.split(contact.reference, 1)[1].split("</tr>", 1)[0]
    assert "Waiting (released)" in row and "Being looked at" not in row
    record = html.unescape(
        officer.get(reverse("triage:record", args=[contact.pk])).content.decode()
    )
    assert "Waiting (released)" in record
    assert "Released back to the queue" in record
