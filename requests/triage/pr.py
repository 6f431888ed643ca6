"""Parental responsibility per person and child: what the referrer declared, what the front door
confirmed (003 line 13: the social worker "will ask if you have Parental Responsibility (PR) for
the child (or children)"; line 35: "those people with PR for a child (or children) will be sent an
outcomes letter").

The front door's newest answer for a (person, child) is the record. Until the front door has
answered, the referrer's declaration is shown, but it sends nobody a letter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from requests.models import DeclaredPR
from requests.triage.models import HoldsPR, PRCheck

# The referrer's answer (requests.ParentalResponsibility) in the front door's words.
DECLARED_WORDS = {"yes": "Has PR", "no": "Does not have PR", "not_known": "Not known"}
CONFIRMED_WORDS = {
    HoldsPR.YES: "Has PR",
    HoldsPR.NO: "Does not have PR",
    HoldsPR.NOT_KNOWN: "Not known",
}


@dataclass
class ChildAnswer:
    child: Any
    declared: str  # the referrer's answer for this child ("yes", "no", "not_known" or "")
    check: PRCheck | None  # the front door's newest answer, or None if not asked yet

    @property
    def confirmed(self) -> str:
        """The front door's answer ("yes", "no", "not_known"), or "" when not checked."""
        return self.check.holds_pr if self.check is not None else ""

    @property
    def child_name(self) -> str:
        return f"{self.child.first_name} {self.child.last_name}"

    @property
    def declared_words(self) -> str:
        """What the referrer declared for this child, in words."""
        return DECLARED_WORDS[self.declared] if self.declared else "Did not say"

    @property
    def status_words(self) -> str:
        if self.check is None:
            if not self.declared:
                return "Not checked"
            return f"Not checked (the referrer said: {self.declared_words.lower()})"
        confirmed = f"{CONFIRMED_WORDS[HoldsPR(self.check.holds_pr)]} (confirmed by the front door"
        if self.declared:
            return f"{confirmed}; the referrer said: {self.declared_words.lower()})"
        return f"{confirmed})"

    @property
    def confirmed_words(self) -> str:
        """The front door's answer for this child, in words."""
        if self.check is None:
            return "Not checked yet"
        return CONFIRMED_WORDS[HoldsPR(self.check.holds_pr)]


@dataclass
class PersonPR:
    person: Any
    answers: list[ChildAnswer] = field(default_factory=list)

    @property
    def pr_children(self) -> list[Any]:
        """The children the front door confirmed this person holds PR for."""
        return [a.child for a in self.answers if a.confirmed == HoldsPR.YES]

    @property
    def added_by_front_door(self) -> bool:
        return self.person.added_by_id is not None


def pr_record(*, contact: Any) -> list[PersonPR]:
    """Every person of the contact with, for each child, the referrer's declaration for that
    child and the front door's answer. Four queries, whatever the family's size."""
    people = list(contact.people.all())
    children = list(contact.children.all())
    declared = {
        (person_id, child_id): value
        for person_id, child_id, value in DeclaredPR.objects.filter(
            person__contact=contact
        ).values_list("person_id", "child_id", "parental_responsibility")
    }
    newest: dict[tuple[int, int], PRCheck] = {}
    for check in PRCheck.objects.filter(
        contact=contact, person__isnull=False, child__isnull=False
    ).order_by("recorded_at", "id"):
        assert check.person_id is not None and check.child_id is not None
        newest[(check.person_id, check.child_id)] = check
    return [
        PersonPR(
            person=person,
            answers=[
                ChildAnswer(
                    child=child,
                    declared=declared.get((person.pk, child.pk), ""),
                    check=newest.get((person.pk, child.pk)),
                )
                for child in children
            ],
        )
        for person in people
    ]


def pr_gaps(record: list[PersonPR]) -> list[str]:
    """What a manager must know before agreeing (issue 17 point 2): anyone whose PR is not known
    or not yet checked for a child. Names of adults and children: shown to staff only."""
    gaps: list[str] = []
    for entry in record:
        for answer in entry.answers:
            if answer.confirmed == HoldsPR.YES or answer.confirmed == HoldsPR.NO:
                continue
            if answer.confirmed == HoldsPR.NOT_KNOWN:
                gaps.append(
                    f"Parental responsibility of {entry.person.full_name} for "
                    f"{answer.child_name} is not known."
                )
            elif answer.declared in ("yes", "not_known") or not (
                answer.declared or entry.added_by_front_door
            ):
                said = (
                    f"the referrer said: {answer.declared_words.lower()}"
                    if answer.declared
                    else "the referrer did not say"
                )
                gaps.append(
                    f"The front door has not checked whether {entry.person.full_name} holds "
                    f"parental responsibility for {answer.child_name} ({said}). No letter goes "
                    "to them unless it is confirmed."
                )
    return gaps
