"""The consent and disclosure rules of an information request (seed 002), in one place.

Pure functions: no database, no settings, no request. The practitioner's forms, the officer's
answer screen and the JSON API all ask this module, so the three can never disagree.

Every rule names the seed sentence it implements. Seed 002 ("Making an Information Request to
Birmingham Children's Trust - Partner Agencies only") is numbered sentence by sentence:

Level 1
  002.L1.1  Level 1 requests are appropriate where an agency asks whether a child is or was
            known to Children's Social Care and whether the child has an allocated Social
            Worker or Family Support Worker.
  002.L1.2  CASS can tell agencies the worker's name, contact telephone number and email.
  002.L1.3  CASS can tell agencies if a child is known but the case has been closed.
  002.L1.4  CASS will also share the date the case was closed.
  002.L1.5  CASS can tell agencies if there is no record of the child or their family.
  002.L1.6  An agency enquiring about one child can ring CASS and make a Level 1 request.
  002.L1.7  For data protection, the caller is asked to send an email direct to the officer
            while still on the phone, to verify the identity of the caller.
  002.L1.8  The CASS worker then provides this information over the phone.
Level 2
  002.L2.1  For all Level 2 requests agencies complete the Request for Information Form.
  002.L2.2  Level 2 is for more detailed information on a child or family known to Children's
            Social Care whose case has been closed.
  002.L2.3  CASS searches the records for the length and nature of the involvement.
  002.L2.4  CASS only discloses limited information: dates of involvement, reasons for
            involvement, whether the child was on a Child Protection Plan or Child in Need
            plan, whether a section 47 investigation has taken place.
  002.L2.5  CASS can also disclose whether the child or family had family or Early Help
            support and whether the child has been in care.
  002.L2.6  Evidence of consent from the child or their parents/carers is generally needed.
  002.L2.7  It should be provided with the request.
  002.L2.8  Evidence of consent is usually a signed letter/email from a parent or carer who
            has parental responsibility.
  002.L2.9  CASS will accept the requesting agency's confirmation that verbal consent has
            been obtained.
  002.L2.10 Consent is not needed where a local authority or an agency such as CAFCASS is
            actively involved in a child protection enquiry (s47) or care proceedings.
  002.L2.11 Nor where a local authority or an agency such as CAFCASS is writing s7 or s37
            reports or is in the Public Law Outline (PLO).
  002.L2.12 These are all formal processes in court or on the pathway to court.
Probation (Level 2)
  002.P.1   Probation has a specific role in assessment and intervention.
  002.P.2   CASS cannot give a blanket response without consent to Probation's Level 2
            requests.
  002.P.3   Probation must set out its concerns: the offences the person has committed (domestic
            abuse, violence to children, animals and the like).
  002.P.4   Offences such as driving without due care and attention, or theft, are not
            sufficient alone for CASS to release information.
  002.P.5   Where possible, Probation includes wider family members the offender may meet
            and addresses where the offender stays where a child may live.
  002.P.6   Probation must state why the information is needed: a court report, the Parole
            Board, a risk assessment for release, a concern during the licence period.
  002.P.7   Probation must state whether consent has been sought and, if not, why not.
  002.P.8   Probation must confirm the concerns are of a safeguarding nature and that, in its
            opinion, consent can be overridden because not sharing could put a child or
            vulnerable adult at risk of harm.
  002.P.9   CASS does not judge this but needs a record of why consent is being dispensed with.
  002.P.10  Requests with consent, or where consent is not required, are processed and the
            information given to the requester.
Level 3
  002.L3.1  An agency involved in court proceedings or a section 47 investigation may need
            more detailed information: whole case assessments.
  002.L3.2  It makes that request to the Disclosure Team (disclosureteam@birmingham.gov.uk).

Decisions where the seed is silent (also in ``docs/decisions.md``, "Each authority by its own
sources"):
- Level 1 and Level 3 need no consent evidence in the portal: the seed asks for none.
- The consent exemptions are for "a local authority or an agency such as CAFCASS" (002.L2.10,
  002.L2.11): any agency may say it is actively involved in one of those formal processes; the
  officer confirms the agency's part in it before answering. Where consent evidence is given, an
  exemption claimed as well changes nothing (the request has consent).
- Probation's offence and reason tests (002.P.3-P.8) apply only where consent is being dispensed
  with (002.P.2 "without consent"); requests with consent or where consent is not required are
  processed (002.P.10).
- A Probation offence of type "other" is described in words; it does not count as a sufficient
  offence by itself being ticked: the officer reads the description and judges it against 002.P.4
  before recording why consent is dispensed with (002.P.9).
- Level 3 needs court proceedings or a s47 investigation (002.L3.1): the "exemption" field
  names them. PLO is pre-proceedings, so a PLO request is a Level 2 request.
- These rules are Birmingham Children's Trust's. An authority whose sources give it no
  information-request process has none in the portal (``requests.information.procedures``).
- The date consent was given and who gave and recorded verbal consent are asked for but never
  required; the three-month note on verbal consent is this portal's guidance to the officer, not
  a rule of 002 and never a refusal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

SEED_ADDRESS_BIRMINGHAM = "disclosureteam@birmingham.gov.uk"  # 002.L3.2


# Seed sentences that describe the service rather than a consent or disclosure rule, and where
# each is honoured. Every other numbered sentence is cited by a rule below.
SENTENCES_OUTSIDE_THE_RULES = {
    "002.L1.6": "One child per request: each request form holds one child (forms.ChildForm).",
    "002.L1.8": "The answer is given in the portal, not over the phone (views.answer, views.detail).",
    "002.L2.1": "The Request for Information form: forms.Level2Form.",
    "002.L2.2": "Level 2 is for closed cases: said on the form; the officer finds the case.",
    "002.L2.3": "The officer's search of the records happens in the case system, not here.",
    "002.L2.7": "Evidence comes with the request: the upload is part of forms.Level2Form and "
    "services.information_request_create refuses written consent without it.",
    "002.L2.12": "Explains 002.L2.10 and 002.L2.11; no rule of its own.",
    "002.P.5": "Wider family and addresses, where possible: an optional Probation field.",
}

# Request levels: 1 (is the child known?), 2 (closed-case detail), 3 (whole case assessments).
LEVELS = (1, 2, 3)


class ApiAgencyType(StrEnum):
    SCHOOL = "school"
    HEALTH = "health"
    POLICE = "police"
    PROBATION = "probation"
    CAFCASS = "cafcass"
    LOCAL_AUTHORITY = "local_authority"
    OTHER = "other"


# The portal's agency types (referral_portal.accounts.models.AgencyType) in the API's terms.
# Early years settings are education settings, as schools are; a GP practice is a health
# agency; housing and voluntary-sector agencies have no rule of their own in the seed, so they
# are "other". None of them is Probation, a local authority or Cafcass, so no mapping widens
# the exemptions (002.L2.10) or the Probation rules (002.P.1-10).
AGENCY_TYPE_TO_API: dict[str, ApiAgencyType] = {
    "school": ApiAgencyType.SCHOOL,
    "early_years": ApiAgencyType.SCHOOL,
    "health": ApiAgencyType.HEALTH,
    "gp": ApiAgencyType.HEALTH,
    "police": ApiAgencyType.POLICE,
    "probation": ApiAgencyType.PROBATION,
    "housing": ApiAgencyType.OTHER,
    "voluntary": ApiAgencyType.OTHER,
    "cafcass": ApiAgencyType.CAFCASS,
    "local_authority": ApiAgencyType.LOCAL_AUTHORITY,
    "other": ApiAgencyType.OTHER,
}


def api_agency_type(agency_type: str) -> ApiAgencyType:
    """The API agency type of a portal agency type; unknown types are "other"."""
    return AGENCY_TYPE_TO_API.get(agency_type, ApiAgencyType.OTHER)


class Consent(StrEnum):
    WRITTEN = "written"  # 002.L2.8
    VERBAL_CONFIRMED = "verbal_confirmed"  # 002.L2.9
    NOT_SOUGHT = "not_sought"  # 002.P.7
    REFUSED = "refused"


class Exemption(StrEnum):
    S47 = "s47"  # 002.L2.10
    CARE_PROCEEDINGS = "care_proceedings"  # 002.L2.10
    S7_REPORT = "s7_report"  # 002.L2.11
    S37_REPORT = "s37_report"  # 002.L2.11
    PLO = "plo"  # 002.L2.11


class OffenceConcern(StrEnum):
    DOMESTIC_ABUSE = "domestic_abuse"
    VIOLENCE_TO_CHILDREN = "violence_to_children"
    ANIMAL_CRUELTY = "animal_cruelty"
    SEXUAL_OFFENCE = "sexual_offence"
    DRIVING_WITHOUT_DUE_CARE = "driving_without_due_care"
    THEFT = "theft"
    OTHER = "other"


class ReasonNeeded(StrEnum):
    COURT_REPORT = "court_report"  # 002.P.6
    PAROLE_BOARD = "parole_board"
    RELEASE_RISK_ASSESSMENT = "release_risk_assessment"
    LICENCE_CONCERN = "licence_concern"
    OTHER = "other"  # 002.P.6 gives its reasons as examples ("e.g.")


class Route(StrEnum):
    FRONT_DOOR = "front_door"
    DISCLOSURE_TEAM = "disclosure_team"


class Basis(StrEnum):
    """Why a disclosure was lawful: recorded in the disclosure log."""

    IDENTITY_VERIFIED = "identity_verified"  # Level 1: 002.L1.7
    WRITTEN_CONSENT = "written_consent"  # 002.L2.8
    VERBAL_CONSENT = "verbal_consent"  # 002.L2.9
    EXEMPTION = "exemption"  # 002.L2.10, 002.L2.11
    CONSENT_DISPENSED = "consent_dispensed"  # 002.P.8, 002.P.9
    PROCEEDINGS = "proceedings"  # Level 3: 002.L3.1


BASIS_LABELS = {
    Basis.IDENTITY_VERIFIED: "Level 1: the requester's identity was verified",
    Basis.WRITTEN_CONSENT: "Signed letter or email giving consent",
    Basis.VERBAL_CONSENT: "Agency's confirmation of verbal consent",
    Basis.EXEMPTION: "Consent not needed: formal process",
    Basis.CONSENT_DISPENSED: "Consent dispensed with (Probation, safeguarding)",
    Basis.PROCEEDINGS: "Level 3: court proceedings or section 47 investigation",
}
CONSENT_LABELS = {
    Consent.WRITTEN: "Signed letter or email from the child or young person, or from a parent or "
    "carer (usually one with parental responsibility)",
    Consent.VERBAL_CONFIRMED: "Our agency confirms verbal consent was obtained",
    Consent.NOT_SOUGHT: "Consent has not been sought",
    Consent.REFUSED: "Consent was sought and refused",
}
EXEMPTION_LABELS = {
    Exemption.S47: "Actively involved in a child protection enquiry (section 47)",
    Exemption.CARE_PROCEEDINGS: "Actively involved in care proceedings",
    Exemption.S7_REPORT: "Writing a section 7 report",
    Exemption.S37_REPORT: "Writing a section 37 report",
    Exemption.PLO: "In the Public Law Outline (PLO)",
}
OFFENCE_LABELS = {
    OffenceConcern.DOMESTIC_ABUSE: "Domestic abuse",
    OffenceConcern.VIOLENCE_TO_CHILDREN: "Violence to children",
    OffenceConcern.ANIMAL_CRUELTY: "Cruelty to animals",
    OffenceConcern.SEXUAL_OFFENCE: "Sexual offence",
    OffenceConcern.DRIVING_WITHOUT_DUE_CARE: "Driving without due care and attention",
    OffenceConcern.THEFT: "Theft",
    OffenceConcern.OTHER: "Another offence (describe it)",
}
REASON_LABELS = {
    ReasonNeeded.COURT_REPORT: "Compiling a report for court",
    ReasonNeeded.PAROLE_BOARD: "For the Parole Board",
    ReasonNeeded.RELEASE_RISK_ASSESSMENT: "Risk assessing the person for release into the community",
    ReasonNeeded.LICENCE_CONCERN: "A cause for concern has arisen during the licence period",
    ReasonNeeded.OTHER: "Another reason (say what it is under \u201cWhy do you need this "
    "information?\u201d)",
}

# --- what each level may disclose -------------------------------------------------------------

# 002.L1.2 to 002.L1.5: exactly three outcomes, with these details and no others.
LEVEL1_OUTCOME_ALLOCATED = "known_allocated"
LEVEL1_OUTCOME_CLOSED = "known_closed"
LEVEL1_OUTCOME_NOT_KNOWN = "no_record"
LEVEL1_OUTCOMES = {
    LEVEL1_OUTCOME_ALLOCATED: "Known, with an allocated worker",
    LEVEL1_OUTCOME_CLOSED: "Known, but the case is closed",
    LEVEL1_OUTCOME_NOT_KNOWN: "No record of the child or their family",
}
LEVEL1_FIELDS_BY_OUTCOME: dict[str, tuple[str, ...]] = {
    LEVEL1_OUTCOME_ALLOCATED: ("worker_name", "worker_phone", "worker_email"),  # 002.L1.2
    LEVEL1_OUTCOME_CLOSED: ("closed_on",),  # 002.L1.3, 002.L1.4
    LEVEL1_OUTCOME_NOT_KNOWN: (),  # 002.L1.5
}
# 002.L2.4 and 002.L2.5: the limited Level 2 disclosure.
LEVEL2_FIELDS = (
    "involvement_dates",
    "involvement_reasons",
    "child_protection_plan",
    "child_in_need_plan",
    "section_47",
    "early_help",
    "been_in_care",
)
# 002.L3.1: whole case assessments, disclosed by the Disclosure Team. (The stored key keeps its
# first name, "whole_case_record", so that earlier disclosures still read; its label is 002's.)
LEVEL3_FIELDS = ("whole_case_record",)

DISCLOSABLE: dict[int, tuple[str, ...]] = {
    1: ("outcome", "worker_name", "worker_phone", "worker_email", "closed_on"),
    2: LEVEL2_FIELDS,
    3: LEVEL3_FIELDS,
}
FIELD_LABELS = {
    "outcome": "Is the child known?",
    "worker_name": "Allocated worker's name",
    "worker_phone": "Allocated worker's telephone number",
    "worker_email": "Allocated worker's email address",
    "closed_on": "Date the case was closed",
    "involvement_dates": "Dates of involvement",
    "involvement_reasons": "Reasons for involvement",
    "child_protection_plan": "Was the child on a Child Protection Plan?",
    "child_in_need_plan": "Was the child on a Child in Need plan?",
    "section_47": "Has a section 47 investigation taken place?",
    "early_help": "Has the child or family had Early Help or family support?",
    "been_in_care": "Has the child been in care?",
    "whole_case_record": "Whole case assessments",
}


def disclosable_fields(level: int) -> tuple[str, ...]:
    """The fields an answer at ``level`` may contain (002.L1.2-5, 002.L2.4-5, 002.L3.1)."""
    return DISCLOSABLE[level]


def fields_outside_level(level: int, fields: Iterable[str]) -> list[str]:
    """Fields that ``level`` does not permit: an answer containing any is refused."""
    allowed = set(DISCLOSABLE[level])
    return sorted(set(fields) - allowed)


def level1_fields_for_outcome(outcome: str) -> tuple[str, ...]:
    """002.L1.2-5: which details go with a Level 1 outcome; KeyError for anything else."""
    return LEVEL1_FIELDS_BY_OUTCOME[outcome]


# --- routing and consent ----------------------------------------------------------------------


def route_for(level: int) -> Route:
    """002.L3.2: Level 3 goes to the Disclosure Team; Levels 1 and 2 to the front door."""
    return Route.DISCLOSURE_TEAM if level == 3 else Route.FRONT_DOOR


def level_needs_identity_code(level: int) -> bool:
    """002.L1.7: a Level 1 answer is given only once the requester's identity is verified."""
    return level == 1


def consent_evidence_given(consent: str | None) -> bool:
    """002.L2.8, 002.L2.9: a signed letter/email, or the agency's confirmation of verbal consent."""
    return consent in (Consent.WRITTEN, Consent.VERBAL_CONFIRMED)


def exemption_available_to(agency_type: str) -> bool:
    """002.L2.10, 002.L2.11: "a local authority or an agency such as CAFCASS".

    "Such as" names an example, not a list: any agency actively involved in one of those formal
    processes may say so, and the officer confirms its part before answering.
    """
    return agency_type in set(ApiAgencyType)


INSUFFICIENT_ALONE = frozenset({OffenceConcern.DRIVING_WITHOUT_DUE_CARE, OffenceConcern.THEFT})
NAMED_CONCERNS = frozenset(
    {
        OffenceConcern.DOMESTIC_ABUSE,
        OffenceConcern.VIOLENCE_TO_CHILDREN,
        OffenceConcern.ANIMAL_CRUELTY,
        OffenceConcern.SEXUAL_OFFENCE,
    }
)


def offences_sufficient(concerns: Iterable[str]) -> bool:
    """002.P.3, 002.P.4: a concern of the kind 002 names (domestic abuse, violence to children,
    animals...), or another offence described in words for the officer to judge; driving without
    due care or theft are not sufficient alone, and "other" does not get round that rule by
    being ticked: ``offence_needs_judgement`` tells the officer to read the description."""
    concerns = set(concerns)
    return bool(concerns - INSUFFICIENT_ALONE)


def offence_needs_judgement(concerns: Iterable[str]) -> bool:
    """002.P.4: only an offence described in words (no named concern) stands between the
    request and the theft/driving rule, so the officer judges the description."""
    concerns = set(concerns)
    return OffenceConcern.OTHER in concerns and not (concerns & NAMED_CONCERNS)


def probation_override_complete(
    *, consent_not_sought_reason: str | None, safeguarding_confirmed: bool | None
) -> bool:
    """002.P.7, 002.P.8: why consent was not sought, and the safeguarding confirmation."""
    return bool((consent_not_sought_reason or "").strip()) and safeguarding_confirmed is True


def officer_must_record_dispensation(
    *, level: int, agency_type: str, consent: str | None, exemption: str | None = None
) -> bool:
    """002.P.9: before answering Probation without consent, the officer records why."""
    return (
        level == 2
        and agency_type == ApiAgencyType.PROBATION
        and not consent_evidence_given(consent)
        and not exemption
    )


def verbal_consent_possibly_stale(*, consent: str | None, days_old: int | None) -> bool:
    """This portal's guidance (not a rule of 002): a verbal consent older than three months may
    be out of date, so the officer is told to look again at 002.L2.9's confirmation. It never
    refuses a request. Three months is 92 days, the longest three calendar months.
    """
    return consent == Consent.VERBAL_CONFIRMED and days_old is not None and days_old > 92


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    rule: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


@dataclass(frozen=True)
class Assessment:
    can_process: bool
    consent_required: bool
    route: Route
    problems: tuple[Problem, ...]
    disclosable: tuple[str, ...]
    basis: Basis | None = None
    rules: tuple[str, ...] = field(default=())
    # What the officer still checks by reading the request (never a refusal by the portal).
    notes: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, object]:
        return {
            "can_process": self.can_process,
            "consent_required": self.consent_required,
            "route": str(self.route),
            "problems": [p.as_dict() for p in self.problems],
            "disclosable": list(self.disclosable),
            "notes": list(self.notes),
        }


NOTE_EXEMPTION = (
    "The officer will confirm your agency's part in that formal process before answering."
)
NOTE_OTHER_OFFENCE = (
    "The officer will read the offence you describe and judge it: offences such as driving "
    "without due care and attention, or theft, would not be sufficient alone."
)


def assess(
    *,
    level: int,
    agency_type: str,
    consent: str | None = None,
    exemption: str | None = None,
    offence_concerns: Iterable[str] = (),
    offence_details: str | None = None,
    reason_needed: str | None = None,
    consent_not_sought_reason: str | None = None,
    safeguarding_confirmed: bool | None = None,
) -> Assessment:
    """Whether a request can be processed, whether consent is required, and on what basis.

    Values must already be valid members of the enums above (the API and forms check them);
    ``level`` must be 1, 2 or 3 (ValueError otherwise).
    """
    if level not in LEVELS:
        raise ValueError(f"level must be 1, 2 or 3, got {level!r}")
    route = route_for(level)
    disclosable = disclosable_fields(level)
    problems: list[Problem] = []

    if level == 1:
        # 002.L1.1-8: no consent evidence; the identity check happens within the request.
        return Assessment(
            True, False, route, (), disclosable, Basis.IDENTITY_VERIFIED, ("002.L1.7",)
        )

    if level == 3:
        # 002.L3.1: whole case assessments are for court proceedings or a s47 investigation.
        if exemption not in (
            Exemption.S47,
            Exemption.CARE_PROCEEDINGS,
            Exemption.S7_REPORT,
            Exemption.S37_REPORT,
        ):
            message = (
                "PLO is before court proceedings: make a Level 2 request"
                if exemption == Exemption.PLO
                else "Say which court proceedings or section 47 investigation you are involved in"
            )
            problems.append(Problem("exemption", message, "002.L3.1"))
        return Assessment(
            not problems,
            False,
            route,
            tuple(problems),
            disclosable,
            Basis.PROCEEDINGS,
            ("002.L3.1",),
        )

    # Level 2. 002.P.10 (and 002.L2.6-11 for every agency): a request with consent, or where
    # consent is not required, is processed. Consent evidence first, then the exemptions.
    if consent_evidence_given(consent):
        basis = Basis.WRITTEN_CONSENT if consent == Consent.WRITTEN else Basis.VERBAL_CONSENT
        rule = "002.L2.8" if consent == Consent.WRITTEN else "002.L2.9"
        rules: tuple[str, ...] = (
            (rule, "002.P.10") if agency_type == ApiAgencyType.PROBATION else (rule,)
        )
        return Assessment(True, True, route, (), disclosable, basis, rules)
    if exemption is not None and exemption_available_to(agency_type):
        rules = ("002.L2.10", "002.L2.11")
        if agency_type == ApiAgencyType.PROBATION:
            rules += ("002.P.10",)
        notes = (
            ()
            if agency_type in (ApiAgencyType.LOCAL_AUTHORITY, ApiAgencyType.CAFCASS)
            else (NOTE_EXEMPTION,)
        )
        return Assessment(True, False, route, (), disclosable, Basis.EXEMPTION, rules, notes)

    if agency_type == ApiAgencyType.PROBATION:
        return _assess_probation(
            problems=problems,
            consent=consent,
            offence_concerns=list(offence_concerns),
            offence_details=offence_details,
            reason_needed=reason_needed,
            consent_not_sought_reason=consent_not_sought_reason,
            safeguarding_confirmed=safeguarding_confirmed,
            route=route,
            disclosable=disclosable,
        )

    problems.append(
        Problem(
            "consent",
            "Consent was refused: we cannot share Level 2 information without consent"
            if consent == Consent.REFUSED
            else "Give evidence of consent from the child or young person, or from a parent or "
            "carer",
            "002.L2.6",
        )
    )
    return Assessment(False, True, route, tuple(problems), disclosable, None, ("002.L2.6",))


def _assess_probation(
    *,
    problems: list[Problem],
    consent: str | None,
    offence_concerns: list[str],
    offence_details: str | None,
    reason_needed: str | None,
    consent_not_sought_reason: str | None,
    safeguarding_confirmed: bool | None,
    route: Route,
    disclosable: tuple[str, ...],
) -> Assessment:
    """002.P.2-P.9: Probation without consent (and with no formal process): no blanket
    response; the concerns, the reason and the override must be set out."""
    rules = ["002.P.2"]
    if not offence_concerns:
        problems.append(
            Problem("offence_concerns", "Say what offences the person has committed", "002.P.3")
        )
    elif not offences_sufficient(offence_concerns):
        problems.append(
            Problem(
                "offence_concerns",
                "Driving without due care and attention or theft alone is not sufficient "
                "for us to release information",
                "002.P.4",
            )
        )
    elif OffenceConcern.OTHER in offence_concerns and not (offence_details or "").strip():
        problems.append(
            Problem("offence_details", "Describe the other offence in words", "002.P.3")
        )
    if reason_needed is None:
        problems.append(Problem("reason_needed", "Say why the information is needed", "002.P.6"))

    # 002.P.7-9: the override must be set out.
    if consent is None:
        problems.append(
            Problem("consent", "Say whether consent has been sought from the family", "002.P.7")
        )
    if not (consent_not_sought_reason or "").strip():
        problems.append(
            Problem(
                "consent_not_sought_reason",
                "Say why consent has not been sought or why it should be overridden",
                "002.P.7",
            )
        )
    if safeguarding_confirmed is not True:
        problems.append(
            Problem(
                "safeguarding_confirmed",
                "Confirm the concern is of a safeguarding nature and that consent can be "
                "overridden",
                "002.P.8",
            )
        )
    rules += ["002.P.7", "002.P.8"]
    can = not problems
    notes = (NOTE_OTHER_OFFENCE,) if can and offence_needs_judgement(offence_concerns) else ()
    return Assessment(
        can,
        not can,
        route,
        tuple(problems),
        disclosable,
        Basis.CONSENT_DISPENSED if can else None,
        tuple(rules),
        notes,
    )
