"""The standard wording of each outcome for the letters, in seed 003's words (issue 17 point 3).

003 "Possible outcomes of contacting us" (lines 21-25) lists the outcomes as:
  "You might be offered advice and, if necessary, you will be directed to other services which
  can best meet your needs" / "No further action may be taken" / "Further enquiries or
  information gathering may be undertaken. This could include enquiries undertaken by the Multi
  Agency Safeguarding Hub (MASH). The MASH process is carried out by a multiagency team of
  professionals ..." / "Single Assessment may be undertaken" / "Child Protection enquiries may
  be undertaken".

The officer's decision form is pre-filled from these and the officer edits them; what the
officer writes is what the letters say. "Early help" is not one of 003's outcomes: its wording
follows 004 §7 ("Early Help in Worcestershire": "support which is needed for children and
families at the first sign of additional unmet need").
"""

from __future__ import annotations

# What we tell the family: to each person confirmed to hold parental responsibility.
FAMILY: dict[str, str] = {
    "advice": "You might be offered advice and, if necessary, you will be directed to other "
    "services which can best meet your needs.",
    "nfa": "No further action will be taken.",
    "mash": "Further enquiries or information gathering will be undertaken. This could include "
    "enquiries by the Multi Agency Safeguarding Hub (MASH), which is carried out by a "
    "multiagency team of professionals.",
    "single_assessment": "A Single Assessment will be undertaken.",
    "s47": "Child Protection enquiries will be undertaken.",
    "early_help": "We think early help could support your family: support for children and "
    "families at the first sign of additional needs.",
}

# The same, in EasyRead: short sentences, one idea each.
FAMILY_EASY_READ: dict[str, str] = {
    "advice": "We might give you advice.\nWe might tell you about other services that can help "
    "you.",
    "nfa": "We will not do anything more.",
    "mash": "We need to find out more.\nWe might ask other professionals who know your family.",
    "single_assessment": "We will find out more about what your family needs.\n"
    "This is called a Single Assessment.",
    "s47": "We will find out more to check that the children are safe.\n"
    "This is called Child Protection enquiries.",
    "early_help": "We think some early help could support your family.",
}

# What we tell the referrer, and the professionals contacted during enquiries.
REFERRER: dict[str, str] = {
    "advice": "The family might be offered advice and, if necessary, will be directed to other "
    "services which can best meet their needs.",
    "nfa": "No further action will be taken.",
    "mash": "Further enquiries or information gathering will be undertaken. This could include "
    "enquiries by the Multi Agency Safeguarding Hub (MASH).",
    "single_assessment": "A Single Assessment will be undertaken.",
    "s47": "Child Protection enquiries will be undertaken.",
    "early_help": "We think early help could support the family: support for children and "
    "families at the first sign of additional needs.",
}


def standard_texts(outcome: str) -> dict[str, str]:
    """The decision form's starting texts for ``outcome``."""
    return {
        "family_text": FAMILY.get(outcome, ""),
        "family_text_easy_read": FAMILY_EASY_READ.get(outcome, ""),
        "referrer_text": REFERRER.get(outcome, ""),
    }
