"""Issue 17, through the real pages, PostgreSQL, a real Celery worker and aiosmtpd, reading every
letter with pdftotext: outcome letters go to the people the front door confirmed hold parental
responsibility, each about their own children, with the family's words and never the officer's
rationale; held where sending could harm until a duty manager releases them.

The family (all fictional): two half-siblings, Amy and Ben Testwell. The referrer sends the
request through the form's pages, declaring parental responsibility child by child. Their mother
Mia holds PR for both. Dan, Amy's father, holds PR for Amy only. Fred, Ben's father, whom the
referrer said holds PR for Ben, is confirmed by the officer NOT to. Gran, Ben's grandmother with an order, was not named by the
referrer: the officer adds her, with PR for Ben only. The referrer did not seek consent because
it would place the children at risk of significant harm.
"""

from __future__ import annotations

import re
import subprocess
import time

import pytest
from django.test import Client
from django.urls import reverse

from requests.letters.models import Letter, LetterKind, LetterStatus
from requests.models import Contact
from requests.triage.models import Decision
from tests.requests.helpers import CHILD, LEVEL, PAGES

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_queue")]

RATIONALE = "Police check: Fred Testwell has a previous caution. GP says Ben missed appointments."
FAMILY_TEXT = "A Single Assessment will be undertaken. A social worker will contact you."
REFERRER_TEXT = "A Single Assessment will be undertaken."


def pdftotext(pdf: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(done.stdout.decode().split())


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _letters_by_recipient(messages) -> dict[str, str]:
    found = {}
    for message in messages:
        [attachment] = list(message.iter_attachments())
        found[str(message["To"])] = pdftotext(attachment.get_content())
    return found


def _wait(predicate, timeout: float = 45.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_the_right_people_get_the_right_words(
    people, front_door, letters_smtp, celery_worker_process
):
    from contacts.models import Availability, Service, ServiceKind

    Service.objects.create(
        authority=people.home,
        kind=ServiceKind.OUT_OF_HOURS,
        name="Home Emergency Duty Team",
        phone="0100 000 0999",
        availability=Availability.WHEN_FRONT_DOOR_CLOSED,
    )
    # The referrer makes the request through the form's pages, saying child by child whom each
    # person holds parental responsibility for (half-siblings: it differs between the children).
    referrer = _client(people.alice)
    assert (
        referrer.post("/requests-for-support/start/", {"immediate_danger": "no"}).status_code == 302
    )
    contact = Contact.objects.latest("pk")
    base = f"/requests-for-support/{contact.pk}/"
    pages = {
        **PAGES,
        "consent": {
            "consent": "not_sought",
            "consent_not_sought_reason": "significant_harm",
            "consent_not_sought_details": "Mother's partner may harm the children if he learns of it.",
            "child_consent": "given",
        },
    }
    for slug, data in pages.items():
        response = referrer.post(base + f"{slug}/", data)
        assert response.status_code == 302, (slug, response.content.decode()[:2000])
    assert referrer.post(base + "level-of-need/", LEVEL).status_code == 302
    for first_name in ("Amy", "Ben"):
        child = {**CHILD, "first_name": first_name, "last_name": "Testwell"}
        assert referrer.post(base + "children/add/", child).status_code == 302
    amy, ben = contact.children.order_by("pk")
    form = referrer.get(base + "people/add/").content.decode()
    assert "Do they have parental responsibility for Amy Testwell?" in form
    assert "Do they have parental responsibility for Ben Testwell?" in form

    def declare(full_name, relationship, email, amy_pr, ben_pr):
        response = referrer.post(
            base + "people/add/",
            {
                "full_name": full_name,
                "relationship": relationship,
                "lives_with_child": "yes",
                "email": email,
                f"parental_responsibility_{amy.pk}": amy_pr,
                f"parental_responsibility_{ben.pk}": ben_pr,
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        return contact.people.get(full_name=full_name)

    mia = declare("Mia Testwell", "Mother", "mia@family.example.net", "yes", "yes")
    dan = declare("Dan Oldfield", "Amy's father", "dan@family.example.net", "yes", "no")
    # The referrer believes Fred holds PR for his son Ben; the front door finds he does not.
    fred = declare("Fred Testwell", "Ben's father", "fred@family.example.net", "no", "yes")
    check = referrer.get(base + "check/").content.decode()
    assert "Parental responsibility for Amy Testwell: no" in check  # Fred, for Amy
    assert "Parental responsibility for Ben Testwell: yes" in check
    sent = referrer.post(base + "check/", {"declaration": "on"})
    assert sent.status_code == 302, sent.content.decode()[:2000]
    officer = _client(people.olga)
    assert officer.post(reverse("triage:claim", args=[contact.pk])).status_code == 302
    # The officer's page shows what the referrer declared for each child, to be confirmed.
    overview = officer.get(reverse("triage:pr_check", args=[contact.pk])).content.decode()
    fred_card = overview[overview.index(">Fred Testwell, ") :]
    fred_card = fred_card[: fred_card.index("</table>")]
    assert "Ben Testwell</th>" in fred_card
    assert re.search(
        r"Ben Testwell</th>\s*<td[^>]*>Has PR</td>\s*<td[^>]*>Not checked yet", fred_card
    )
    assert re.search(
        r"Amy Testwell</th>\s*<td[^>]*>Does not have PR</td>\s*<td[^>]*>Not checked yet",
        fred_card,
    )

    def answer(person, amy_pr, ben_pr):
        response = officer.post(
            reverse("triage:pr_person", args=[contact.pk, person.pk]),
            {
                f"child_{amy.pk}": amy_pr,
                f"child_{ben.pk}": ben_pr,
                "how_checked": "Birth certificates and the court order seen",
            },
        )
        assert response.status_code == 302, response.content.decode()

    # The officer confirms PR per child on the contact's own people ...
    answer(mia, "yes", "yes")
    answer(dan, "yes", "no")
    answer(fred, "no", "no")
    # ... and adds the grandmother the referrer did not know of.
    added = officer.post(
        reverse("triage:pr_person_add", args=[contact.pk]),
        {
            "full_name": "Gran Testwell",
            "relationship": "Ben's grandmother (child arrangements order)",
            "email": "gran@family.example.net",
            "address": "4 Fictional Row\nExampletown\nEX4 4DD",
        },
    )
    assert added.status_code == 302
    gran = contact.people.get(full_name="Gran Testwell")
    answer(gran, "no", "yes")
    overview = officer.get(reverse("triage:pr_check", args=[contact.pk])).content.decode()
    assert "decides who is sent an outcome letter" in overview
    # The front door's answer beside the referrer's: Fred does not hold PR for Ben after all.
    fred_card = overview[overview.index(">Fred Testwell, ") :]
    assert re.search(
        r"Ben Testwell</th>\s*<td[^>]*>Has PR</td>\s*<td[^>]*>Does not have PR",
        fred_card[: fred_card.index("</table>")],
    )

    # The decision: the rationale apart from what the family and the referrer are told.
    url = reverse("triage:decision", args=[contact.pk])
    assert "never printed in any letter" in officer.get(url, {"outcome": "s47"}).content.decode()
    proposed = officer.post(
        url,
        {
            "outcome": "single_assessment",
            "rationale": RATIONALE,
            "family_text": FAMILY_TEXT,
            "referrer_text": REFERRER_TEXT,
            "immediate_action_taken": "",
        },
    )
    assert proposed.status_code == 302, proposed.content.decode()
    decision = Decision.objects.get(contact=contact)

    # The manager sees the recipients beside the referrer's consent answer: Fred is not there,
    # Gran is, and every PR letter is held because consent was not sought for risk of harm.
    manager = _client(people.mike)
    recipients = manager.get(reverse("letters:recipients", args=[contact.pk])).content.decode()
    assert "Seeking consent would place the child at risk of significant harm" in recipients
    assert "Gran Testwell" in recipients and "Fred Testwell" not in recipients
    assert "Held back" in recipients
    # Previews are the letters as they will be sent: Gran's names only Ben.
    gran_preview = manager.get(
        reverse("letters:preview", args=[contact.pk, f"person:{gran.pk}"])
    ).content
    gran_text = pdftotext(gran_preview)
    assert "parental responsibility for Ben Testwell" in gran_text
    assert "Amy" not in gran_text and RATIONALE not in gran_text

    # Agreeing: nobody with PR would be written to now, so the manager must give a reason.
    review = reverse("triage:decision_review", args=[decision.pk])
    shown = manager.get(review).content.decode()
    assert "their letters are held back" in shown
    refused = manager.post(review, {"answer": "agree"})
    assert "Give your reason for agreeing" in refused.content.decode()
    agreed = manager.post(
        review,
        {
            "answer": "agree",
            "letters_reason": "Held until the social worker has seen the children today.",
        },
    )
    assert agreed.status_code == 302
    decision.refresh_from_db()
    assert decision.letters_confirmation.startswith("Held until the social worker")

    letters = {letter.recipient_key: letter for letter in Letter.objects.filter(contact=contact)}
    assert f"person:{fred.pk}" not in letters  # confirmed not to hold PR: no letter
    parents = {k: v for k, v in letters.items() if v.kind == LetterKind.PARENT}
    assert set(parents) == {f"person:{mia.pk}", f"person:{dan.pk}", f"person:{gran.pk}"}
    assert {letter.status for letter in parents.values()} == {LetterStatus.HELD}

    celery_worker_process.start(concurrency=1)
    letters_smtp.wait_for(1)
    time.sleep(1)
    sent = _letters_by_recipient(letters_smtp.messages)
    assert list(sent) == [people.alice.email]  # only the referrer's copy so far
    referrer = sent[people.alice.email]
    assert REFERRER_TEXT in referrer
    # True to what was sent: no PR letter has gone.
    assert "No letter about this outcome has been sent to anyone with parental" in referrer

    # The manager releases the mother's and the grandmother's letters, each with a reason.
    for person in (mia, gran):
        released = manager.post(
            reverse("letters:recipients", args=[contact.pk]),
            {
                "recipient": f"person:{person.pk}",
                "held": "0",
                "reason": "The social worker has seen the children; sending is safe now.",
            },
        )
        assert released.status_code == 302
    letters_smtp.wait_for(3)
    assert _wait(
        lambda: Letter.objects.filter(contact=contact, status=LetterStatus.SENT).count() == 3
    )
    sent = _letters_by_recipient(letters_smtp.messages)
    assert set(sent) == {people.alice.email, "mia@family.example.net", "gran@family.example.net"}
    mia_text, gran_text = sent["mia@family.example.net"], sent["gran@family.example.net"]
    assert "parental responsibility for Amy Testwell and Ben Testwell" in mia_text
    assert "parental responsibility for Ben Testwell" in gran_text and "Amy" not in gran_text
    for text in sent.values():
        # The officer's rationale is internal: in no letter, whoever it goes to.
        assert "caution" not in text and "missed appointments" not in text
        # The directory's daytime number and hours, and its out-of-hours number.
        assert "0100 000 0001" in text and "0100 000 0999" in text
        assert "Monday to Friday 08:45 to 17:15" in text
        assert "free of charge" not in text and "text us" not in text
    assert FAMILY_TEXT in mia_text and FAMILY_TEXT in gran_text
    assert "fred@family.example.net" not in sent and "dan@family.example.net" not in sent
    assert Letter.objects.get(recipient_key=f"person:{dan.pk}").status == LetterStatus.HELD
