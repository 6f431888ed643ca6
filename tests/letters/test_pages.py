"""The letters pages: recipients and holds before agreeing, previews, the post list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from requests.letters.models import Letter, LetterStatus, RecipientHold
from requests.triage import services as triage_services
from tests.letters.factories import FOUR_RECIPIENTS_FAMILY, awaiting_with_family
from tests.letters.helpers import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def awaiting(people):
    return awaiting_with_family(
        people=people,
        family=[
            *FOUR_RECIPIENTS_FAMILY,
            {"full_name": "Fled Address", "email": "", "address_unsafe": True},
        ],
    )


def test_the_manager_sees_each_recipient_with_where_the_letter_goes(people, client_for, awaiting):
    contact, _ = awaiting
    page = client_for(people.mike).get(reverse("letters:recipients", args=[contact.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "By post:<br>3 Post Lane" in html  # Rosa has no email
    assert "By email: tom@family.example.net" in html
    assert "Large print" in html and "Interpreter: Polish" in html
    assert "Ann Nopr" not in html  # no parental responsibility
    assert "Address marked unsafe" in html and "Held back" in html
    assert "Hold back the letter to Tom Largeprint" in html
    assert "Release the letter to Fled Address" in html


def test_a_manager_holds_a_recipient_with_a_reason_and_a_blank_reason_is_an_error(
    people, client_for, awaiting
):
    contact, _ = awaiting
    tom = contact.people.get(full_name="Tom Largeprint")
    url = reverse("letters:recipients", args=[contact.pk])
    manager = client_for(people.mike)
    blank = manager.post(url, {"recipient": f"person:{tom.pk}", "held": "1", "reason": ""})
    html = blank.content.decode()
    assert "There is a problem" in html and "Give the reason" in html
    assert "Error: Who will receive" in html
    assert not RecipientHold.objects.exists()
    done = manager.post(
        url,
        {
            "recipient": f"person:{tom.pk}",
            "held": "1",
            "reason": "Sending would place the child at risk",
        },
        follow=True,
    )
    assert "The letter is held back" in done.content.decode()
    assert "Sending would place the child at risk" in done.content.decode()
    hold = RecipientHold.objects.get()
    assert hold.held and hold.decided_by == people.mike


@pytest.mark.parametrize(
    ("who", "status"),
    [("mike", 200), ("olga", 200), ("alice", 403), ("dora", 403), ("mona", 404), ("otto", 404)],
)
def test_recipients_page_is_for_the_authoritys_officers_and_managers(
    people, client_for, awaiting, who, status
):
    contact, _ = awaiting
    response = client_for(getattr(people, who)).get(
        reverse("letters:recipients", args=[contact.pk])
    )
    assert response.status_code == status


def test_an_officer_sees_recipients_but_cannot_hold(people, client_for, awaiting):
    contact, _ = awaiting
    officer = client_for(people.olga)
    url = reverse("letters:recipients", args=[contact.pk])
    assert "Hold back the letter" not in officer.get(url).content.decode()
    response = officer.post(url, {"recipient": "referrer", "held": "1", "reason": "x"})
    assert response.status_code == 403


@pytest.mark.parametrize("who", ["mike", "olga"])
def test_officers_and_managers_preview_each_letter_as_a_pdf_before_agreeing(
    people, client_for, awaiting, who
):
    contact, _ = awaiting
    tom = contact.people.get(full_name="Tom Largeprint")
    response = client_for(getattr(people, who)).get(
        reverse("letters:preview", args=[contact.pk, f"person:{tom.pk}"])
    )
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    assert "Dear Tom Largeprint" in text and contact.reference in text
    assert not Letter.objects.exists()  # a preview creates nothing


def test_a_preview_of_an_unknown_recipient_or_another_authoritys_contact_is_not_found(
    people, client_for, awaiting
):
    contact, _ = awaiting
    assert (
        client_for(people.mike)
        .get(reverse("letters:preview", args=[contact.pk, "person:999999"]))
        .status_code
        == 404
    )
    assert (
        client_for(people.mona)
        .get(reverse("letters:preview", args=[contact.pk, "referrer"]))
        .status_code
        == 404
    )


def _agree(people, decision, queued, capture):
    with capture(execute=True):
        triage_services.decision_agree(
            manager=people.mike, decision=decision, letters_reason="Checked in this fictional test"
        )


def test_post_list_print_all_and_mark_as_posted(
    people, client_for, awaiting, queued, django_capture_on_commit_callbacks
):
    contact, decision = awaiting
    _agree(people, decision, queued, django_capture_on_commit_callbacks)
    officer = client_for(people.olga)
    listing = officer.get(reverse("letters:to_post")).content.decode()
    assert "Rosa Nomail" in listing and "3 Post Lane" in listing
    assert "Fled Address" not in listing  # held, never on the post list
    assert "Print the letter (PDF)" in listing  # not "Print all 1 letter" (D18)
    printed = officer.get(reverse("letters:print_all"))
    assert printed["Content-Type"] == "application/pdf"
    assert "Dear Rosa Nomail" in pdf_text(printed.content)
    letter = Letter.objects.get(status=LetterStatus.TO_POST)
    # The listing's "Mark as posted" opens an "are you sure" page first (D20).
    confirm = officer.get(reverse("letters:mark_posted", args=[letter.pk])).content.decode()
    assert "Have you posted the letter to Rosa Nomail?" in confirm and "3 Post Lane" in confirm
    letter.refresh_from_db()
    assert letter.status == LetterStatus.TO_POST
    done = officer.post(reverse("letters:mark_posted", args=[letter.pk]), follow=True)
    assert "marked as posted" in done.content.decode()
    assert "There are no letters to post" in done.content.decode()
    letter.refresh_from_db()
    assert letter.status == LetterStatus.POSTED and letter.posted_by == people.olga
    again = officer.post(reverse("letters:mark_posted", args=[letter.pk]), follow=True)
    assert "is posted, not to post" in again.content.decode()


def test_another_authority_cannot_see_or_post_our_letters(
    people, client_for, awaiting, queued, django_capture_on_commit_callbacks
):
    _, decision = awaiting
    _agree(people, decision, queued, django_capture_on_commit_callbacks)
    letter = Letter.objects.get(status=LetterStatus.TO_POST)
    other = client_for(people.otto)
    assert "There are no letters to post" in other.get(reverse("letters:to_post")).content.decode()
    assert other.get(reverse("letters:letter_pdf", args=[letter.pk])).status_code == 404
    assert other.post(reverse("letters:mark_posted", args=[letter.pk])).status_code == 404
    assert client_for(people.alice).get(reverse("letters:to_post")).status_code == 403


def test_the_record_can_list_letter_statuses(
    people, awaiting, queued, django_capture_on_commit_callbacks
):
    from requests.letters.selectors import letters_for_contact

    contact, decision = awaiting
    _agree(people, decision, queued, django_capture_on_commit_callbacks)
    statuses = {
        letter.recipient_name: letter.get_status_display()
        for letter in letters_for_contact(contact=contact)
    }
    assert statuses == {
        "Rosa Nomail": "To post",
        "Tom Largeprint": "Waiting to be sent",
        "Fled Address": "Held back",
        people.alice.full_name: "Waiting to be sent",
    }


@pytest.mark.parametrize("value", ["person:1'", "../../etc", "x" * 300, "%00", "referrer"])
def test_odd_recipient_keys_never_cause_a_500(people, client_for, awaiting, value):
    contact, _ = awaiting
    manager = client_for(people.mike)
    response = manager.post(
        reverse("letters:recipients", args=[contact.pk]),
        {"recipient": value, "held": "maybe", "reason": "r"},
    )
    assert response.status_code in (200, 302)


@pytest.mark.parametrize(
    ("who", "status"), [("olga", 200), ("mike", 200), ("otto", 404), ("alice", 404)]
)
def test_the_api_lists_a_contacts_letters_for_its_front_door(
    people, client_for, awaiting, queued, django_capture_on_commit_callbacks, who, status
):
    contact, decision = awaiting
    _agree(people, decision, queued, django_capture_on_commit_callbacks)
    response = client_for(getattr(people, who)).get(f"/api/v1/letters/contacts/{contact.pk}/")
    assert response.status_code == status
    if status == 200:
        rows = {row["recipient_name"]: row for row in response.json()}
        assert rows["Rosa Nomail"]["status_label"] == "To post" and rows["Rosa Nomail"]["by_post"]
        assert rows["Fled Address"]["status"] == "held"
    else:
        assert "error" in response.json()


def test_the_triage_record_lists_letters_and_the_agree_page_links_to_recipients(client, people):
    """The manager checks recipients before agreeing; the record shows each letter's status."""
    from django.urls import reverse

    from requests.triage import services as triage_services
    from tests.letters.factories import awaiting_with_family

    contact, decision = awaiting_with_family(people=people)
    client.force_login(people.mike)
    page = client.get(reverse("triage:decision_review", args=[decision.pk])).content.decode()
    assert reverse("letters:recipients", args=[contact.pk]) in page
    assert (
        "No letters yet" in client.get(reverse("triage:record", args=[contact.pk])).content.decode()
    )
    triage_services.decision_agree(
        manager=people.mike, decision=decision, letters_reason="Checked in this fictional test"
    )
    record = client.get(reverse("triage:record", args=[contact.pk])).content.decode()
    assert "Jane Fictional" in record and "Outcome letters" in record


@pytest.mark.parametrize("persona", ["olga", "mike"])
def test_letters_to_post_are_in_the_navigation_with_a_count(people, client_for, persona):
    """Business support find the post from any page, not only by typing its URL (D2)."""
    from django.urls import reverse

    from requests.triage import services as triage_services
    from tests.letters.factories import awaiting_with_family

    client = client_for(getattr(people, persona))
    assert "Letters to post (0)" in client.get(reverse("home")).content.decode()
    _, decision = awaiting_with_family(
        people=people, family=[{"full_name": "Rosa Nomail", "email": ""}]
    )
    triage_services.decision_agree(manager=people.mike, decision=decision)
    home = client.get(reverse("home")).content.decode()
    assert "Letters to post (1)" in home
    assert f'href="{reverse("letters:to_post")}"' in home
    # A practitioner has no post to print.
    practitioner = client_for(people.alice).get(reverse("home")).content.decode()
    assert "Letters to post" not in practitioner
