"""Render one outcome letter of each kind to PDF and PNG (docs/letters/), fictional data only.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_letters \\
        .venv/bin/python docs/letters/render_examples.py

Creates a fictional authority, contact and decision in that (bench) database, builds the
letters without saving them, renders them with the production renderer, then runs pdftoppm.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "referral_portal.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("EMAIL_URL", "locmem://")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from contacts.models import Availability, OpeningHours, Service, ServiceKind  # noqa: E402
from referral_portal.accounts.models import Agency, AgencyType, Authority, Role, User  # noqa: E402
from requests.letters import rendering  # noqa: E402
from requests.letters.recipients import recipients_for_contact  # noqa: E402
from requests.letters.services import letter_build  # noqa: E402
from requests.models import Child, Contact, ContactStatus, ParentalResponsibility, Person  # noqa: E402
from requests.triage.models import (  # noqa: E402
    Decision,
    Outcome,
    PRCheck,
    ProfessionalContacted,
)


def main() -> None:
    call_command("migrate", verbosity=0)
    stamp = f"{int(time.time()) % 10**6}"
    authority = Authority.objects.create(
        slug=f"example-{stamp}",
        name="Exampleshire County Council",
        code=f"E{stamp[-4:]}",
        front_door_name="Family Front Door",
        front_door_short_name="Front Door",
        address="Children's Services\nCounty Hall\nExampletown\nEX1 1AA",
    )
    service = Service.objects.create(
        authority=authority,
        kind=ServiceKind.FRONT_DOOR,
        name="Family Front Door",
        phone="0100 000 0001",
        availability=Availability.HOURS,
    )
    Service.objects.create(
        authority=authority,
        kind=ServiceKind.OUT_OF_HOURS,
        name="Emergency Duty Team",
        phone="0100 000 0999",
        availability=Availability.WHEN_FRONT_DOOR_CLOSED,
    )
    for weekday in range(4):
        OpeningHours.objects.create(
            service=service, weekday=weekday, opens=dt.time(8, 30), closes=dt.time(17, 0)
        )
    OpeningHours.objects.create(
        service=service, weekday=4, opens=dt.time(8, 30), closes=dt.time(16, 30)
    )
    agency = Agency.objects.create(
        authority=authority, name="Example Primary School", agency_type=AgencyType.SCHOOL
    )
    referrer = User.objects.create(
        email=f"dsl-{stamp}@school.example.org",
        full_name="Priya Example",
        role=Role.PRACTITIONER,
        agency=agency,
        authority=authority,
    )
    officer = User.objects.create(
        email=f"officer-{stamp}@example.org", role=Role.OFFICER, authority=authority
    )
    contact = Contact.objects.create(
        authority=authority,
        created_by=referrer,
        agency=agency,
        status=ContactStatus.DECIDED,
        reference=f"EXA-2026-{stamp}",
        categories=["neglect", "emotional"],
    )
    sam = Child.objects.create(contact=contact, first_name="Sam", last_name="Fictional")
    lily = Child.objects.create(contact=contact, first_name="Lily", last_name="Fictional")
    jane = Person.objects.create(
        contact=contact,
        full_name="Jane Fictional",
        relationship="Mother",
        parental_responsibility=ParentalResponsibility.YES,
        address="12 Fictional Road\nExampletown\nEX2 2BB",
        email="jane@family.example.net",
    )
    tomasz = Person.objects.create(
        contact=contact,
        full_name="Tomasz Fictional",
        relationship="Father",
        parental_responsibility=ParentalResponsibility.YES,
        address="4 Other Street\nExampletown\nEX3 3CC",
        needs_large_print=True,
        interpreter_language="Polish",
    )
    amy = Person.objects.create(
        contact=contact,
        full_name="Amy Fictional",
        relationship="Lily's grandmother (child arrangements order)",
        parental_responsibility=ParentalResponsibility.YES,
        address="12 Fictional Road\nExampletown\nEX2 2BB",
        needs_easy_read=True,
    )
    # The front door's confirmation, per child: half-siblings, so each letter names only the
    # children its reader holds parental responsibility for.
    for person, children in ((jane, [sam, lily]), (tomasz, [sam]), (amy, [lily])):
        for child in (sam, lily):
            PRCheck.objects.create(
                contact=contact,
                person=person,
                child=child,
                holds_pr="yes" if child in children else "no",
                how_checked="Birth certificates and the order seen",
                recorded_by=officer,
            )
    ProfessionalContacted.objects.create(
        contact=contact,
        name="Dr Pat Example",
        agency="Exampletown Health Centre",
        email="pat@gp.example.org",
        contacted_at=timezone.now(),
        asked="Is the family known to you?",
        recorded_by=officer,
    )
    decision = Decision.objects.create(
        contact=contact,
        authority=authority,
        outcome=Outcome.SINGLE_ASSESSMENT,
        # Internal: never printed in any letter.
        rationale=(
            "INTERNAL: police check on the mother's partner; the GP says Sam missed two "
            "appointments."
        ),
        family_text=(
            "A Single Assessment will be undertaken.\n\nThe school told us Sam and Lily have "
            "sometimes arrived hungry. A social worker will contact you to arrange a visit and "
            "to understand with you what support would help."
        ),
        family_text_easy_read=(
            "We will find out more about what your family needs.\n"
            "This is called a Single Assessment.\n"
            "A social worker will contact you.\n"
            "They will come to see you."
        ),
        referrer_text=(
            "A Single Assessment will be undertaken. A social worker will contact the family."
        ),
        made_by=officer,
        status="agreed",
    )
    names = {
        "person:Jane Fictional": "parent",
        "person:Tomasz Fictional": "parent-large-print-interpreter",
        "person:Amy Fictional": "parent-easy-read",
        "referrer": "referrer",
        "professional": "professional",
    }
    for recipient in recipients_for_contact(contact=contact, outcome=decision.outcome):
        key = (
            f"person:{recipient.name}"
            if recipient.key.startswith("person:")
            else recipient.key.split(":")[0]
        )
        stem = names[key]
        # Built as they would be sent (a preview is the same): never held in the examples.
        letter = letter_build(decision=decision, recipient=recipient)
        text = rendering.letter_html(letter)
        assert "INTERNAL" not in text, "the rationale must never be printed"
        pdf_path = HERE / f"{stem}.pdf"
        pdf_path.write_bytes(rendering.letter_pdf(letter, today=dt.date(2026, 11, 23)))
        for old in HERE.glob(f"{stem}-*.png"):
            old.unlink()
        pdftoppm = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"
        # Fixed arguments: our own paths, no user input.
        subprocess.run(  # noqa: S603
            [pdftoppm, "-r", "60", "-png", str(pdf_path), str(HERE / stem)], check=True
        )
        pdf_path.unlink()
        print(stem, sorted(p.name for p in HERE.glob(f"{stem}-*.png")))


if __name__ == "__main__":
    main()
