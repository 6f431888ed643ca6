"""The consent rules of seed 002, every rule and every combination, as tables."""

from __future__ import annotations

import itertools

import pytest

from requests import consent as rules
from requests.consent import (
    ApiAgencyType,
    Basis,
    Consent,
    Exemption,
    OffenceConcern,
    ReasonNeeded,
    Route,
    assess,
)

AGENCIES = [a.value for a in ApiAgencyType]
CONSENTS = [None, *[c.value for c in Consent]]
EXEMPTIONS = [None, *[e.value for e in Exemption]]
COURT_OR_S47 = {"s47", "care_proceedings", "s7_report", "s37_report"}


def expected(level: int, agency: str, consent: str | None, exemption: str | None):
    """The table, stated row by row from the seed (the Probation extras left blank)."""
    if level == 1:  # 002.L1.1-8
        return True, False, "front_door"
    if level == 3:  # 002.L3.1-2
        return exemption in COURT_OR_S47, False, "disclosure_team"
    eligible = agency in ("local_authority", "cafcass")  # 002.L2.10-11
    if agency == "probation":  # 002.P.3, P.6 missing: never processable here
        return False, True, "front_door"
    if exemption is not None:
        if eligible:
            return True, False, "front_door"
        return False, True, "front_door"  # only a local authority or Cafcass may rely on one
    return consent in ("written", "verbal_confirmed"), True, "front_door"  # 002.L2.6-9


@pytest.mark.parametrize(
    ("level", "agency", "consent", "exemption"),
    list(itertools.product([1, 2, 3], AGENCIES, CONSENTS, EXEMPTIONS)),
)
def test_every_combination_of_level_agency_consent_and_exemption(level, agency, consent, exemption):
    result = assess(level=level, agency_type=agency, consent=consent, exemption=exemption)
    can, required, route = expected(level, agency, consent, exemption)
    assert (result.can_process, result.consent_required, str(result.route)) == (
        can,
        required,
        route,
    )
    assert result.disclosable == rules.DISCLOSABLE[level]
    # A refusal always says what to change; an acceptance has nothing to change.
    assert bool(result.problems) is not result.can_process


@pytest.mark.parametrize(
    ("concerns", "can_process", "problem"),
    [
        (["theft"], False, "theft alone is not sufficient"),
        (["driving_without_due_care"], False, "theft alone is not sufficient"),
        (["theft", "driving_without_due_care"], False, "theft alone is not sufficient"),
        ([], False, "Say what offences"),
        (["domestic_abuse"], True, None),
        (["violence_to_children"], True, None),
        (["animal_cruelty"], True, None),
        (["sexual_offence"], True, None),
        (["other"], True, None),
        (["theft", "domestic_abuse"], True, None),
    ],
)
def test_probation_offence_concerns_decide_whether_the_request_can_be_processed(
    concerns, can_process, problem
):
    result = assess(
        level=2,
        agency_type="probation",
        consent="written",
        offence_concerns=concerns,
        reason_needed="court_report",
    )
    assert result.can_process is can_process
    messages = " ".join(p.message for p in result.problems)
    if problem:
        assert problem in messages
    else:
        assert messages == ""


def test_probation_theft_alone_cannot_be_processed():
    result = assess(
        level=2,
        agency_type="probation",
        consent="not_sought",
        offence_concerns=["theft"],
        reason_needed="release_risk_assessment",
        consent_not_sought_reason="The person would warn the family",
        safeguarding_confirmed=True,
    )
    assert result.can_process is False
    assert [p.field for p in result.problems] == ["offence_concerns"]
    assert {p.rule for p in result.problems} == {"002.P.4"}


def test_probation_domestic_abuse_with_reason_confirmation_and_why_not_sought_is_processed_without_consent():
    result = assess(
        level=2,
        agency_type="probation",
        consent="not_sought",
        offence_concerns=["domestic_abuse"],
        reason_needed="licence_concern",
        consent_not_sought_reason="Seeking consent would alert the person to our concern",
        safeguarding_confirmed=True,
    )
    assert result.can_process is True
    assert result.consent_required is False
    assert result.basis == Basis.CONSENT_DISPENSED
    assert result.problems == ()


@pytest.mark.parametrize(
    ("consent", "why_not", "confirmed", "missing"),
    [
        ("not_sought", "", True, {"consent_not_sought_reason"}),
        ("not_sought", "   ", True, {"consent_not_sought_reason"}),
        ("not_sought", "Risk to the child", False, {"safeguarding_confirmed"}),
        ("not_sought", "Risk to the child", None, {"safeguarding_confirmed"}),
        ("refused", "Risk outweighs the refusal", True, set()),
        ("refused", None, True, {"consent_not_sought_reason"}),
        (None, "Risk to the child", True, {"consent"}),
        (None, None, None, {"consent", "consent_not_sought_reason", "safeguarding_confirmed"}),
        ("written", None, None, set()),
        ("verbal_confirmed", None, False, set()),
    ],
)
def test_probation_without_consent_needs_why_not_and_the_safeguarding_confirmation(
    consent, why_not, confirmed, missing
):
    """002.P.2 no blanket response without consent; 002.P.7 why not; 002.P.8 confirmation."""
    result = assess(
        level=2,
        agency_type="probation",
        consent=consent,
        offence_concerns=["violence_to_children"],
        reason_needed="parole_board",
        consent_not_sought_reason=why_not,
        safeguarding_confirmed=confirmed,
    )
    assert {p.field for p in result.problems} == missing
    assert result.can_process is (not missing)


@pytest.mark.parametrize("reason", [None, *[r.value for r in ReasonNeeded]])
def test_probation_must_say_why_the_information_is_needed(reason):
    result = assess(
        level=2,
        agency_type="probation",
        consent="written",
        offence_concerns=["domestic_abuse"],
        reason_needed=reason,
    )
    assert result.can_process is (reason is not None)
    if reason is None:
        assert result.problems[0].rule == "002.P.6"


@pytest.mark.parametrize("exemption", [e.value for e in Exemption])
def test_probation_cannot_rely_on_the_local_authority_exemptions(exemption):
    result = assess(
        level=2,
        agency_type="probation",
        consent="written",
        exemption=exemption,
        offence_concerns=["domestic_abuse"],
        reason_needed="court_report",
    )
    assert result.can_process is False
    assert [p.field for p in result.problems] == ["exemption"]


@pytest.mark.parametrize(
    ("agency", "exemption", "basis"),
    [
        ("local_authority", "s47", Basis.EXEMPTION),
        ("cafcass", "care_proceedings", Basis.EXEMPTION),
        ("cafcass", "s7_report", Basis.EXEMPTION),
        ("local_authority", "s37_report", Basis.EXEMPTION),
        ("local_authority", "plo", Basis.EXEMPTION),
    ],
)
def test_local_authority_and_cafcass_in_formal_processes_need_no_consent(agency, exemption, basis):
    result = assess(level=2, agency_type=agency, consent=None, exemption=exemption)
    assert (result.can_process, result.consent_required, result.basis) == (True, False, basis)


@pytest.mark.parametrize(
    ("consent", "can", "basis"),
    [
        ("written", True, Basis.WRITTEN_CONSENT),
        ("verbal_confirmed", True, Basis.VERBAL_CONSENT),
        ("not_sought", False, None),
        ("refused", False, None),
        (None, False, None),
    ],
)
def test_a_school_needs_written_or_confirmed_verbal_consent_at_level_2(consent, can, basis):
    result = assess(level=2, agency_type="school", consent=consent)
    assert (result.can_process, result.basis) == (can, basis)
    if consent == "refused":
        assert "Consent was refused" in result.problems[0].message


def test_level_3_goes_to_the_disclosure_team_and_plo_is_told_to_use_level_2():
    assert assess(level=3, agency_type="local_authority", exemption="s47").route == (
        Route.DISCLOSURE_TEAM
    )
    plo = assess(level=3, agency_type="local_authority", exemption="plo")
    assert plo.can_process is False
    assert "Level 2" in plo.problems[0].message


def test_a_level_out_of_range_is_an_error():
    with pytest.raises(ValueError, match="level"):
        assess(level=4, agency_type="school")


@pytest.mark.parametrize(
    ("level", "fields", "outside"),
    [
        (1, ["outcome", "worker_name", "worker_phone", "worker_email", "closed_on"], []),
        (1, ["outcome", "involvement_reasons"], ["involvement_reasons"]),
        (2, list(rules.LEVEL2_FIELDS), []),
        (2, ["worker_name", "section_47"], ["worker_name"]),
        (2, ["whole_case_record"], ["whole_case_record"]),
        (3, ["whole_case_record"], []),
    ],
)
def test_fields_outside_the_level_are_named(level, fields, outside):
    assert rules.fields_outside_level(level, fields) == outside


@pytest.mark.parametrize(
    ("outcome", "fields"),
    [
        ("known_allocated", ("worker_name", "worker_phone", "worker_email")),
        ("known_closed", ("closed_on",)),
        ("no_record", ()),
    ],
)
def test_level_1_outcomes_carry_only_their_own_details(outcome, fields):
    assert rules.level1_fields_for_outcome(outcome) == fields


@pytest.mark.parametrize(
    ("consent", "days", "stale"),
    [
        ("verbal_confirmed", 92, False),
        ("verbal_confirmed", 93, True),
        ("verbal_confirmed", None, False),
        ("written", 400, False),
    ],
)
def test_verbal_consent_older_than_three_months_is_flagged(consent, days, stale):
    assert rules.verbal_consent_possibly_stale(consent=consent, days_old=days) is stale


@pytest.mark.parametrize(
    ("level", "agency", "consent", "must_record"),
    [
        (2, "probation", "not_sought", True),
        (2, "probation", "refused", True),
        (2, "probation", "written", False),
        (2, "school", "not_sought", False),
        (1, "probation", None, False),
    ],
)
def test_officer_records_why_consent_is_dispensed_with_for_probation(
    level, agency, consent, must_record
):
    assert (
        rules.officer_must_record_dispensation(level=level, agency_type=agency, consent=consent)
        is must_record
    )


@pytest.mark.parametrize(
    ("portal_type", "api_type"),
    [
        ("school", "school"),
        ("early_years", "school"),
        ("health", "health"),
        ("gp", "health"),
        ("police", "police"),
        ("probation", "probation"),
        ("housing", "other"),
        ("voluntary", "other"),
        ("cafcass", "cafcass"),
        ("local_authority", "local_authority"),
        ("other", "other"),
    ],
)
def test_every_portal_agency_type_maps_to_an_api_agency_type(portal_type, api_type):
    from referral_portal.accounts.models import AgencyType

    assert portal_type in AgencyType.values
    assert rules.api_agency_type(portal_type) == api_type


def test_every_portal_agency_type_is_mapped():
    from referral_portal.accounts.models import AgencyType

    assert set(AgencyType.values) == set(rules.AGENCY_TYPE_TO_API)


def test_every_offence_concern_has_a_label():
    assert set(rules.OFFENCE_LABELS) == set(OffenceConcern)


def test_every_numbered_seed_sentence_is_cited_by_a_rule_or_said_where_it_is_honoured():
    import re
    from pathlib import Path

    source = Path(rules.__file__).read_text()
    docstring, code = source.split('"""', 2)[1], source.split('"""', 2)[2]
    numbered = set(re.findall(r"^\s+(002\.[A-Z0-9]+\.\d+)\s", docstring, re.MULTILINE))
    assert len(numbered) == 32
    code_without_the_map = (
        code.split("SENTENCES_OUTSIDE_THE_RULES")[0] + code.split("# Request levels")[1]
    )
    cited = set(re.findall(r"002\.[A-Z0-9]+\.\d+", code_without_the_map))
    assert cited <= numbered
    assert numbered - cited == set(rules.SENTENCES_OUTSIDE_THE_RULES)
