"""Who receives an outcome letter (seed 003 line 35), where each letter goes, and which letters
are held back until a duty manager releases them (issue 17 points 1, 2, 4 and 5).

003: "those people with PR for a child (or children) will be sent an outcomes letter ... If the
initial contact was made by a professional, they will also be sent a copy of the outcomes letter.
Any professional who has been contacted for information during enquiries will also be sent an
outcomes letter."

People with PR are those the front door CONFIRMED holds PR for at least one child of the contact
(``requests.triage.pr``); each letter names only that person's children. Someone confirmed not to
hold PR, or not yet checked, is sent no PR letter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from requests.letters.models import LetterKind

if TYPE_CHECKING:
    from requests.models import Contact, Person
    from requests.triage.pr import PersonPR

UNSAFE_ADDRESS_REASON = (
    "The address is marked unsafe on the contact: sending could place the child at risk."
)
NO_ADDRESS_REASON = (
    "There is no email or postal address, so this letter cannot be sent. "
    "Record an email or a full postal address, then release it."
)
# 004 §4: agreement need not be sought where seeking it is likely to "place the child at risk of
# significant harm" or "lead to the risk of loss of evidential material".
CONSENT_RISK_REASON = (
    "The referrer did not seek consent because seeking it {why}: a letter to the family "
    "could do the same."
)
S47_REASON = "The outcome is Child Protection enquiries."
ALLEGED_HARM_REASON = "Someone on this contact is named as the alleged source of harm."


def one_line(text: str) -> str:
    """A name as one line: no line breaks (or runs of spaces) into an email or a letter."""
    return " ".join((text or "").split())


@dataclass(frozen=True)
class Recipient:
    key: str
    kind: str
    name: str
    email: str
    address: str
    agency: str = ""
    large_print: bool = False
    easy_read: bool = False
    interpreter_language: str = ""
    needs_bsl: bool = False
    address_unsafe: bool = False
    # A PR letter: the children this person holds PR for (their letter names only these).
    children: tuple[str, ...] = ()
    # Why the letter is held until a manager releases it ("" when it may go).
    default_hold_reason: str = ""
    # A truer label than the kind's, e.g. when a professional was asked (before the decision).
    label: str = ""

    @property
    def kind_label(self) -> str:
        return self.label or str(LetterKind(self.kind).label)

    @property
    def deliverable(self) -> bool:
        return bool(self.email or self.address.strip())

    @property
    def goes_to(self) -> str:
        """Where the letter goes: the email address, else the postal address."""
        if self.email:
            return self.email
        return self.address or "No email or postal address recorded"


def family_hold_reasons(
    *, contact: Contact, outcome: str | None, people: list[Person]
) -> list[str]:
    """Why every PR letter of this contact is held by default (issue 17 point 4)."""
    from requests.models import Consent, ConsentNotSoughtReason
    from requests.triage.models import Outcome

    reasons = []
    if contact.consent == Consent.NOT_SOUGHT and contact.consent_not_sought_reason in (
        ConsentNotSoughtReason.SIGNIFICANT_HARM,
        ConsentNotSoughtReason.LOSS_OF_EVIDENCE,
    ):
        why = {
            ConsentNotSoughtReason.SIGNIFICANT_HARM: "would place the child at risk of "
            "significant harm",
            ConsentNotSoughtReason.LOSS_OF_EVIDENCE: "could lead to the loss of evidential "
            "material",
        }[ConsentNotSoughtReason(contact.consent_not_sought_reason)]
        reasons.append(CONSENT_RISK_REASON.format(why=why))
    if outcome == Outcome.CHILD_PROTECTION:
        reasons.append(S47_REASON)
    if any(person.alleged_source_of_harm for person in people):
        reasons.append(ALLEGED_HARM_REASON)
    return reasons


def recipients_for_contact(
    *, contact: Contact, outcome: str | None = None, record: list[PersonPR] | None = None
) -> list[Recipient]:
    """003: every person confirmed to hold PR, the referring professional (a copy), every
    professional contacted for information during enquiries. Order: parents, referrer,
    professionals. ``outcome`` is the decision's (a section 47 outcome holds PR letters).
    ``record`` is the contact's ``pr_record`` where the caller has just read it."""
    from requests.triage.pr import pr_record

    if record is None:
        record = pr_record(contact=contact)
    family_reasons = family_hold_reasons(
        contact=contact, outcome=outcome, people=[entry.person for entry in record]
    )
    recipients: list[Recipient] = []
    for entry in record:
        children = entry.pr_children
        if not children:
            continue
        person = entry.person
        reasons = list(family_reasons)
        if person.address_unsafe:
            reasons.insert(0, UNSAFE_ADDRESS_REASON)
        if not (person.email or person.address.strip()):
            reasons.insert(0, NO_ADDRESS_REASON)
        recipients.append(
            Recipient(
                key=f"person:{person.pk}",
                kind=LetterKind.PARENT,
                name=one_line(person.full_name),
                email=person.email,
                address=person.address,
                large_print=person.needs_large_print,
                easy_read=person.needs_easy_read,
                interpreter_language=one_line(person.interpreter_language),
                needs_bsl=person.needs_bsl,
                address_unsafe=person.address_unsafe,
                children=tuple(one_line(f"{c.first_name} {c.last_name}") for c in children),
                default_hold_reason=" ".join(reasons),
            )
        )
    referrer = contact.created_by
    recipients.append(
        Recipient(
            key="referrer",
            kind=LetterKind.REFERRER,
            name=one_line(referrer.full_name or referrer.email),
            # The referrer's verified account email, never an address typed on the form.
            email=referrer.email,
            address=contact.agency.name,
            agency=one_line(contact.agency.name),
        )
    )
    for professional in contact.professionals_contacted.all():
        address = professional.address
        recipients.append(
            Recipient(
                key=f"professional:{professional.pk}",
                kind=LetterKind.PROFESSIONAL,
                name=one_line(professional.name),
                email=professional.email,
                address=address,
                agency=one_line(professional.agency),
                label=professional_label(professional),
                default_hold_reason=""
                if (professional.email or address.strip())
                else NO_ADDRESS_REASON,
            )
        )
    return recipients


def professional_label(professional: Any) -> str:
    """When the professional was asked: during the further enquiries (003's wording) or by the
    front door before the decision (asked in the portal, or recorded by the officer)."""
    if professional.during_enquiries:
        return "Professional contacted for information during enquiries"
    return "Professional asked for information before the decision"
