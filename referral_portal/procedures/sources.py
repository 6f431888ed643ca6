"""The published sources the portal is built from, and each authority's procedures from them.

Cited as people read them: title, publisher and section, never a file name. ``docs/sources.md``
lists the same sources and the facts taken from each. The data migration loads ``PROCEDURES``
for the authorities that exist; an administrator of each authority edits them afterwards.
"""

from __future__ import annotations

from typing import Any

# --- the sources --------------------------------------------------------------------------------

BIRMINGHAM_SAFEGUARDING_CONCERNS = {
    "title": "Safeguarding Concerns: Children's Advice & Support Service (CASS)",
    "publisher": "Birmingham (web page; the publishing body is not named on the page)",
}
BIRMINGHAM_INFORMATION_REQUEST = {
    "title": "Making an Information Request to Birmingham Children's Trust \u2013 Partner Agencies only",
    "publisher": "Birmingham Children's Trust",
}
INITIAL_CONTACT = {
    "title": "What to expect: Initial Contact with Children and Family Services",
    "publisher": "A council's Contact Advice and Assessment Service (CAAS); the council is not "
    "named in the document, and it is not Birmingham's or Worcestershire's",
}
WORCESTERSHIRE_LEVELS_OF_NEED = {
    "title": "Multi Agency Levels of Need: Guidance to help support children, young people and "
    "families in Worcestershire (September 2017)",
    "publisher": "Worcestershire's safeguarding partners",
}

# 003, Time Scales: "However, this time can sometimes be extended to allow for further
# investigation to be carried either by the duty worker or through the MASH process."
EXTENSION_003 = (
    "The time can sometimes be extended to allow for further investigation by the duty worker "
    "or through the Multi Agency Safeguarding Hub (MASH) process."
)

# Worcestershire's own name for the referral (Multi Agency Levels of Need, section 3: "via
# Worcestershire's Family Front Door using the Referral to Children's Social Care").
REFERRAL_FORM_004 = "Referral to Children's Social Care"

PORTAL_STANDARD_24_HOURS = (
    "This portal's standard is a response within 24 hours. It is taken from another council's "
    "published practice; it is not a promise made by {front_door}."
)


def _source(source: dict[str, str], section: str) -> dict[str, str]:
    return {
        "source_title": source["title"],
        "source_publisher": source["publisher"],
        "source_section": section,
    }


def portal_standards(front_door: str) -> dict[str, dict[str, Any]]:
    """Practice the portal adopts as its own standard for every authority (from another
    council's published practice, worded as ours)."""
    return {
        "response_aim": {
            "offered": True,
            "portal_standard": True,
            "summary": PORTAL_STANDARD_24_HOURS.format(front_door=front_door),
            "details": {"hours": "24", "extension": EXTENSION_003},
            **_source(INITIAL_CONTACT, "Time Scales"),
        },
        "outcome_letters": {
            "offered": True,
            "portal_standard": True,
            "summary": "This portal's standard: after a contact, those with parental "
            "responsibility, the professional who made the contact and any professional "
            "consulted are sent an outcome letter. It is taken from another council's "
            f"published practice; it is not a promise made by {front_door}.",
            "details": {},
            **_source(INITIAL_CONTACT, "Gathering information"),
        },
        "manager_agreement": {
            "offered": True,
            "portal_standard": True,
            "summary": "This portal's standard: each front-door decision is agreed by an "
            "experienced manager. It is taken from another council's published practice; it "
            f"is not a promise made by {front_door}.",
            "details": {},
            **_source(INITIAL_CONTACT, "Time Scales"),
        },
    }


PROCEDURES: dict[str, dict[str, dict[str, Any]]] = {
    "birmingham": {
        "information_requests": {
            "offered": True,
            "portal_standard": False,
            "summary": "The different levels of information that can be shared by the "
            "Children's Advice and Support Service (CASS) with partner agencies, and how "
            "agencies can access it.",
            "details": {
                "phone_route": "If an agency is enquiring about one child they can ring CASS on "
                "0121 303 1888 option 2 option 2 and make a level 1 information request. For "
                "data protection purposes the CASS worker on the phone will ask the professional "
                "caller to send an email direct to the Referral and Advice Officer whilst they "
                "are still on the phone to verify the identity of the caller. The CASS worker "
                "will then provide this information over the phone.",
                "phone_route_section": "Information Request Level 1",
            },
            **_source(BIRMINGHAM_INFORMATION_REQUEST, "Information Request Levels 1, 2 and 3"),
        },
        "levels_of_need": {
            "offered": True,
            "portal_standard": False,
            "summary": "Birmingham's multi-agency threshold document is Right Help, Right Time. "
            "The portal does not hold it.",
            "details": {
                "document": "Right Help, Right Time",
                "advice": "To help you decide whether to report a concern you should consult "
                "Birmingham's multi-agency threshold document Right Help, Right Time and speak "
                "with your agency's safeguarding representative.",
            },
            **_source(BIRMINGHAM_SAFEGUARDING_CONCERNS, "Need advice?"),
        },
        "early_help": {
            "offered": True,
            "portal_standard": False,
            "summary": "The Early Help Support Team can offer support to lead "
            "professionals/practitioners on completing an Early Help Assessment and advise on "
            "when a multi-agency \u2018Our Family Plan\u2019 can/should be used to achieve "
            "positive outcomes for families. They can be contacted on 0121 303 1888.",
            "details": {},
            **_source(BIRMINGHAM_SAFEGUARDING_CONCERNS, "Need advice?"),
        },
        **portal_standards("the Children's Advice & Support Service (CASS)"),
    },
    "worcestershire": {
        "information_requests": {
            "offered": False,
            "portal_standard": False,
            "summary": "No process for partner agencies' information requests is published in "
            "the Worcestershire sources this portal is built from, so the portal offers none. "
            "Contact the Family Front Door.",
            "details": {},
            "source_title": "",
            "source_publisher": "",
            "source_section": "",
        },
        "levels_of_need": {
            "offered": True,
            "portal_standard": False,
            "summary": "Levels 1 to 4 of Worcestershire's multi-agency levels of need.",
            "details": {
                "document": WORCESTERSHIRE_LEVELS_OF_NEED["title"],
                # Section 3 and Appendix 2: "using the Referral to Children's Social Care".
                "referral_form": REFERRAL_FORM_004,
            },
            **_source(WORCESTERSHIRE_LEVELS_OF_NEED, "6 Levels of Need; Appendix 1"),
        },
        "early_help": {
            "offered": True,
            "portal_standard": False,
            "summary": "In Worcestershire professionals are encouraged to use the Early Help "
            "Assessment to identify children and young people in need of additional or "
            "targeted support. A lead professional may be identified following consultation "
            "with the child and their family. The choice of lead professional will be decided "
            "on a case by case basis.",
            "details": {"website": "https://www.worcestershire.gov.uk/eha"},
            **_source(WORCESTERSHIRE_LEVELS_OF_NEED, "7 Early Help in Worcestershire"),
        },
        **portal_standards("the Family Front Door"),
    },
}
