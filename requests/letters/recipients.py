"""Who receives an outcome letter (seed 003), and where each letter goes (issue 9 point 5)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from requests.letters.models import LetterKind

UNSAFE_ADDRESS_REASON = (
    "The address is marked unsafe on the contact: sending could place the child at risk"
)


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

    @property
    def kind_label(self) -> str:
        return str(LetterKind(self.kind).label)

    @property
    def goes_to(self) -> str:
        """Where the letter goes: the email address, else the postal address."""
        if self.email:
            return self.email
        return self.address or "No email or postal address recorded"

    @property
    def default_hold_reason(self) -> str:
        return UNSAFE_ADDRESS_REASON if self.address_unsafe else ""


def recipients_for_contact(*, contact: Any) -> list[Recipient]:
    """003: every person with PR, the referring professional (a copy), every professional
    contacted for information during enquiries. Order: parents, referrer, professionals."""
    recipients: list[Recipient] = []
    for person in contact.people.all():
        if not person.has_pr:
            continue
        recipients.append(
            Recipient(
                key=f"person:{person.pk}",
                kind=LetterKind.PARENT,
                name=person.full_name,
                email=person.email,
                address=person.address,
                large_print=person.needs_large_print,
                easy_read=person.needs_easy_read,
                interpreter_language=person.interpreter_language,
                needs_bsl=person.needs_bsl,
                address_unsafe=person.address_unsafe,
            )
        )
    referrer = contact.created_by
    recipients.append(
        Recipient(
            key="referrer",
            kind=LetterKind.REFERRER,
            name=referrer.full_name or referrer.email,
            email=contact.referrer_email or referrer.email,
            address=contact.agency.name,
            agency=contact.agency.name,
        )
    )
    for professional in contact.professionals_contacted.all():
        recipients.append(
            Recipient(
                key=f"professional:{professional.pk}",
                kind=LetterKind.PROFESSIONAL,
                name=professional.name,
                email=professional.email,
                address=professional.agency,
                agency=professional.agency,
            )
        )
    return recipients
