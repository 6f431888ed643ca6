"""What the email benchmarks share: one fictional authority with a decided contact and its
outcome letters, made fresh each run (``tests/bench/letters.py``, ``tests/bench/faults.py``).

Import after ``django.setup()``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from referral_portal.accounts.models import Agency, AgencyType, Authority, Role, User
from requests.letters.models import Letter, LetterKind, LetterStatus
from requests.models import Child, Contact, ContactStatus
from requests.triage.models import Decision, Outcome


@dataclass(frozen=True)
class BenchCase:
    authority: Authority
    referrer: User
    officer: User
    contact: Contact
    decision: Decision
    letter_ids: list[int]


def seed_letters(letters: int, *, bench: str) -> BenchCase:
    """A new authority (named after ``bench`` and the time, so runs never collide), a
    practitioner and an officer, one decided contact with one child, its agreed decision, and
    ``letters`` parent letters held back (a bench releases them when its timing starts)."""
    stamp = f"{int(time.time() * 1000) % 10**9}"
    authority = Authority.objects.create(
        slug=f"bench-{bench}-{stamp}",
        name=f"{bench.title()} Bench Council",
        code=f"{bench[0].upper()}{stamp[-4:]}",
        front_door_name="Bench Front Door",
        front_door_short_name="Front Door",
        address="1 Bench Street\nBenchtown\nBE1 1AA",
    )
    agency = Agency.objects.create(
        authority=authority, name="Bench School", agency_type=AgencyType.SCHOOL
    )
    referrer = User.objects.create(
        email=f"referrer-{stamp}@bench.example.org",
        full_name="Rita Referrer",
        role=Role.PRACTITIONER,
        agency=agency,
        authority=authority,
    )
    officer = User.objects.create(
        email=f"officer-{stamp}@bench.example.org",
        full_name="Oli Officer",
        role=Role.OFFICER,
        authority=authority,
    )
    contact = Contact.objects.create(
        authority=authority,
        created_by=referrer,
        agency=agency,
        status=ContactStatus.DECIDED,
        reference=f"{bench[:3].upper()}-{stamp}",
        categories=["neglect"],
    )
    Child.objects.create(contact=contact, first_name="Fictional", last_name="Child")
    decision = Decision.objects.create(
        contact=contact,
        authority=authority,
        outcome=Outcome.SINGLE_ASSESSMENT,
        rationale="The worries about home conditions need a full assessment. " * 3,
        next_steps="A social worker will visit within five working days.",
        made_by=officer,
        status="agreed",
    )
    Letter.objects.bulk_create(
        Letter(
            decision=decision,
            contact=contact,
            authority=authority,
            kind=LetterKind.PARENT,
            recipient_key=f"bench:{i}",
            recipient_name=f"Parent {i}",
            recipient_email=f"parent{i}@bench.example.net",
            recipient_address="12 Fictional Road\nBenchtown\nBE2 2BB",
            status=LetterStatus.HELD,
        )
        for i in range(letters)
    )
    ids = list(decision.letters.order_by("id").values_list("pk", flat=True))
    return BenchCase(authority, referrer, officer, contact, decision, ids)
