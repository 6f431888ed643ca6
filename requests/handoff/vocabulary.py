"""The sector's codes the hand-off document speaks (docs/handoff.md, "Codes").

CIN census source of referral: the Department for Education's children in need census code
list ("Children in need census ... Guide for local authorities", the referral source codes
1A to 10, in groups Individual, Schools and Education services, Health services, Housing,
LA services, Police, Other legal agency, Other, Anonymous, Unknown). Which code a kind of
agency gets is this portal's mapping: a council may map differently in its own system.

Standard Safeguarding Dataset (Data to Insight, ``ssd-data-model``, object ``ssd_contacts``,
item CONT005A ``cont_contact_outcome_json``): every key present, whatever the data. This
portal sets "Y" or "N" for the flags its outcomes decide and leaves "" for what it cannot
know (an existing referral, adoption, private fostering, missing, another authority's child
protection).
"""

from __future__ import annotations

from referral_portal.accounts.models import AgencyType
from requests.triage.models import Outcome

CIN_SOURCE_LABELS: dict[str, str] = {
    "1A": "Individual: family member, relative or carer",
    "1B": "Individual: acquaintance (including neighbours and child minders)",
    "1C": "Individual: self",
    "1D": "Individual: other",
    "2A": "Schools",
    "2B": "Education services",
    "3A": "Health services: GP",
    "3B": "Health services: health visitor",
    "3C": "Health services: school nurse",
    "3D": "Health services: other primary health services",
    "3E": "Health services: A&E",
    "3F": "Health services: other",
    "4": "Housing",
    "5A": "LA services: social care",
    "5B": "LA services: other internal",
    "5C": "LA services: external",
    "5D": "LA services: early help",
    "6": "Police",
    "7": "Other legal agency",
    "8": "Other",
    "9": "Anonymous",
    "10": "Unknown",
}

# This portal's mapping of its kinds of agency (accounts.AgencyType) to the census codes.
CIN_SOURCE_BY_AGENCY_TYPE: dict[str, str] = {
    AgencyType.SCHOOL: "2A",
    AgencyType.EARLY_YEARS: "2B",
    AgencyType.HEALTH: "3F",
    AgencyType.GP: "3A",
    AgencyType.POLICE: "6",
    AgencyType.PROBATION: "7",
    AgencyType.HOUSING: "4",
    AgencyType.VOLUNTARY: "8",
    AgencyType.CAFCASS: "7",
    AgencyType.LOCAL_AUTHORITY: "5B",
    AgencyType.OTHER: "8",
}


def cin_source_code(agency_type: str) -> str:
    return CIN_SOURCE_BY_AGENCY_TYPE.get(agency_type, "10")


SSD_FLAGS = (
    "NEW_REFERRAL_FLAG",
    "EXISTING_REFERRAL_FLAG",
    "CP_ENQUIRY_FLAG",
    "NFA_FLAG",
    "NON_AGENCY_ADOPTION_FLAG",
    "PRIVATE_FOSTERING_FLAG",
    "ADVICE_FLAG",
    "MISSING_FLAG",
    "OLA_CP_FLAG",
    "OTHER_OUTCOMES_EXIST_FLAG",
)
# The flags an outcome of this portal decides ("Y" for those listed, "N" for the others).
_DECIDED = (
    "NEW_REFERRAL_FLAG",
    "CP_ENQUIRY_FLAG",
    "NFA_FLAG",
    "ADVICE_FLAG",
    "OTHER_OUTCOMES_EXIST_FLAG",
)
_YES: dict[str, frozenset[str]] = {
    Outcome.ADVICE: frozenset({"ADVICE_FLAG"}),
    Outcome.NO_FURTHER_ACTION: frozenset({"NFA_FLAG"}),
    # Further enquiries (MASH) and early help are not among the dataset's outcomes.
    Outcome.FURTHER_ENQUIRIES: frozenset({"OTHER_OUTCOMES_EXIST_FLAG"}),
    Outcome.EARLY_HELP: frozenset({"OTHER_OUTCOMES_EXIST_FLAG"}),
    # A single assessment and child protection enquiries follow a referral to social care.
    Outcome.SINGLE_ASSESSMENT: frozenset({"NEW_REFERRAL_FLAG"}),
    Outcome.CHILD_PROTECTION: frozenset({"NEW_REFERRAL_FLAG", "CP_ENQUIRY_FLAG"}),
}


def ssd_contact_outcome(outcome: str) -> dict[str, str]:
    yes = _YES.get(outcome, frozenset())
    return {flag: ("Y" if flag in yes else "N") if flag in _DECIDED else "" for flag in SSD_FLAGS}
