"""The questions the front door may choose from, per agency type.

These question sets are this portal's own standard, not any council's: no source document of
the authorities lists them. Seed 003 says only that professionals "who know your child (or
children)" are asked whether they "are concerned about their welfare". An officer may leave
any of them out and add questions of their own.
"""

from __future__ import annotations

from referral_portal.accounts.models import AgencyType

STANDARD_NOTE = (
    "These question sets are this portal's standard, not the council's: choose the ones that "
    "help, and add your own."
)

_SCHOOL = (
    ("attendance", "What has the child's attendance been this term and last?"),
    (
        "presentation",
        "How does the child present at school or nursery (appearance, mood, behaviour)?",
    ),
    ("concerns", "Do you know of any concerns about the child's welfare? If so, what?"),
)
_HEALTH = (
    ("registration", "Is the child registered with you, and since when?"),
    ("appointments", "Which appointments has the child attended or missed in the last year?"),
    (
        "health_concerns",
        "Do you have any health concerns about the child, or about the family that affect the child?",
    ),
)
_POLICE = (
    (
        "domestic_abuse",
        "Have there been any domestic abuse call-outs to the child's address? If so, when?",
    ),
    ("history", "Is there any relevant history of the adults in the household?"),
)
_PROBATION = (
    ("known", "Is any adult in the child's household known to you?"),
    ("risk", "Is there any assessed risk to children that you can share?"),
)
_HOUSING = (
    ("tenancy", "Who is registered as living at the child's address?"),
    (
        "housing_concerns",
        "Are there any concerns about the home (its condition, arrears, notices, complaints)?",
    ),
)

QUESTION_SETS: dict[str, tuple[tuple[str, str], ...]] = {
    AgencyType.SCHOOL: _SCHOOL,
    AgencyType.EARLY_YEARS: _SCHOOL,
    AgencyType.GP: _HEALTH,
    AgencyType.HEALTH: _HEALTH,
    AgencyType.POLICE: _POLICE,
    AgencyType.PROBATION: _PROBATION,
    AgencyType.HOUSING: _HOUSING,
}


def questions_for(agency_type: str) -> tuple[tuple[str, str], ...]:
    """The standard questions for an agency type; none for a type without a set."""
    return QUESTION_SETS.get(agency_type, ())
