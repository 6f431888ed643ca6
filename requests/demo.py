"""Demo data: the demo accounts (``referral_portal/accounts/demo.py``) and fictional families,
whose Requests for Support are made, claimed and decided through the real services.

Every child, family and professional here is invented. Idempotent: running it twice changes
nothing the second time (rows are found by natural keys and updated in place).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from referral_portal.accounts.demo import AUTHORITIES, Login, demo_school, load_demo_accounts
from referral_portal.accounts.models import Agency, Authority, Role, User
from referral_portal.procedures.selectors import response_aim_for
from requests.models import Child, Contact, ContactStatus
from requests.services import child_match_key
from requests.triage import services as triage
from requests.triage.models import Outcome


@transaction.atomic
def load_demo() -> list[Login]:
    logins = load_demo_accounts()
    for authority in Authority.objects.filter(slug__in=[a["slug"] for a in AUTHORITIES]):
        _families(authority, demo_school(authority))
    return logins


# Fictional families: (reference number, children, immediate danger, what happens to it).
FAMILIES = {
    "birmingham": [
        (
            1,
            [
                ("Amelia", "Brightwater", dt.date(2015, 3, 14)),
                ("Noah", "Brightwater", dt.date(2018, 9, 2)),
            ],
            False,
            "received",
        ),
        (2, [("Kai", "Ashdown", dt.date(2012, 1, 30))], True, "received"),
        (3, [("Poppy", "Fenwick", dt.date(2019, 6, 11))], False, "claimed"),
        (4, [("Reuben", "Marlowe", dt.date(2010, 12, 5))], False, "awaiting_manager"),
    ],
    "worcestershire": [
        (1, [("Isla", "Thornbury", dt.date(2013, 11, 23))], False, "received"),
        (2, [("Theo", "Larkspur", dt.date(2016, 4, 17))], False, "claimed"),
    ],
}


def _families(authority: Authority, agency: Agency) -> None:
    """Fictional submitted contacts per authority, made by its demo practitioner, some already
    claimed by the demo officer or waiting for the demo manager (through the real services)."""
    practitioner = User.objects.get(agency=agency, role=Role.PRACTITIONER)
    officer = User.objects.get(
        authority=authority, role=Role.OFFICER, email__endswith=".demo.example.org"
    )
    # The deadline as a submission sets it: the authority's response aim (its procedure row).
    aim = response_aim_for(authority=authority)
    for number, children, danger, stage in FAMILIES[authority.slug]:
        reference = f"{authority.code}-DEMO-{number:06d}"
        if Contact.objects.filter(reference=reference).exists():
            continue
        received = timezone.now() - dt.timedelta(hours=3 * number)
        contact = Contact.objects.create(
            authority=authority,
            created_by=practitioner,
            agency=agency,
            status=ContactStatus.RECEIVED,
            reference=reference,
            immediate_danger=danger,
            categories=["neglect"],
            past_harm="Often arrives at school hungry and tired (fictional).",
            submitted_at=received,
            due_at=received + aim.delta if aim is not None else None,
            level_of_need=3,
            level_reason="Demo data",
            consent="given",
            child_consent="given",
            discussed_with_lead="yes",
            early_help_in_place="no",
            early_help_confirmed=True,
        )
        for first, last, born in children:
            # With its match key, as a submission makes it: a subject-access request finds it.
            Child.objects.create(
                contact=contact,
                first_name=first,
                last_name=last,
                date_of_birth=born,
                match_key=child_match_key(first_name=first, last_name=last, date_of_birth=born),
            )
        triage.queue_entry_open(contact=contact)
        if stage in {"claimed", "awaiting_manager"}:
            triage.contact_claim(user=officer, contact=contact)
        if stage == "awaiting_manager":
            triage.decision_propose(
                user=officer,
                contact=contact,
                outcome=Outcome.ADVICE,
                rationale="The school's worries are about a housing move; no safeguarding concern found.",
                next_steps="The family is given the housing advice line and the school will keep in touch.",
            )
