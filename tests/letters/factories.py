"""Fictional families for letters: people with PR and their needs, professionals consulted."""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from requests.models import ParentalResponsibility, Person
from requests.triage import services as triage_services
from requests.triage.models import Outcome
from tests.factories import _fake, _plain
from tests.triage.factories import consented_contact


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.LazyFunction(lambda: _plain(_fake.name()))
    relationship = "Mother"
    parental_responsibility = ParentalResponsibility.YES
    address = "12 Fictional Road\nExampletown\nEX2 2BB"
    email = factory.Sequence(lambda n: f"parent{n}@family.example.net")


def awaiting_with_family(
    *,
    people: Any,
    outcome: str = Outcome.SINGLE_ASSESSMENT,
    rationale: str = "The worries about home conditions need a full assessment.",
    next_steps: str = "",
    family_text: str | None = "A social worker will contact you to arrange the assessment.",
    family_text_easy_read: str | None = None,
    referrer_text: str | None = None,
    family: list[dict[str, Any]] | None = None,
    professionals: list[dict[str, Any]] | None = None,
    confirm_pr: bool = True,
) -> tuple[Any, Any]:
    """A contact by alice, claimed by olga, with the family and professionals given, and a
    decision awaiting mike's agreement. With ``confirm_pr`` the officer confirms each person's
    PR as the referrer declared it (yes or no) for every child, as the front door would."""
    contact = consented_contact(by=people.alice, officer=people.olga)
    contact.categories = ["neglect"]
    contact.save(update_fields=["categories"])
    family = (
        family
        if family is not None
        else [
            {"full_name": "Jane Fictional", "email": "jane@family.example.net"},
        ]
    )
    for fields in family:
        person = PersonFactory(contact=contact, **fields)
        if confirm_pr:
            confirm(
                people=people, contact=contact, person=person, holds=person.parental_responsibility
            )
    for fields in professionals or []:
        triage_services.professional_contacted_add(
            user=people.olga,
            contact=contact,
            contacted_at=timezone.now(),
            asked="Is the family known to you?",
            said="Known; attendance is poor.",
            **fields,
        )
    decision = triage_services.decision_propose(
        user=people.olga,
        contact=contact,
        outcome=outcome,
        rationale=rationale,
        next_steps=next_steps,
        family_text=family_text,
        family_text_easy_read=family_text_easy_read,
        referrer_text=referrer_text,
    )
    return contact, decision


def confirm(*, people: Any, contact: Any, person: Any, holds: str, children: Any = None) -> None:
    """olga records the front door's answer for ``person`` (every child unless given)."""
    chosen = children if children is not None else list(contact.children.all())
    triage_services.pr_check_save(
        user=people.olga,
        contact=contact,
        person_id=person.pk,
        answers={child.pk: holds for child in chosen},
        how_checked="Birth certificate seen",
    )


FOUR_RECIPIENTS_FAMILY = [
    {"full_name": "Rosa Nomail", "email": "", "address": "3 Post Lane\nExampletown\nEX3 3CC"},
    {
        "full_name": "Tom Largeprint",
        "relationship": "Father",
        "email": "tom@family.example.net",
        "needs_large_print": True,
        "interpreter_language": "Polish",
    },
    {
        "full_name": "Ann Nopr",
        "relationship": "Aunt",
        "parental_responsibility": ParentalResponsibility.NO,
        "email": "ann@family.example.net",
    },
]
