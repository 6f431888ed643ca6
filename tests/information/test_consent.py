"""The consent rules of seed 002, every rule and every combination, as tables."""

from __future__ import annotations

import itertools

import pytest

from requests.information import consent as rules
from requests.information.consent import (
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
    if consent in ("written", "verbal_confirmed"):  # 002.L2.8-9, 002.P.10: consent first
        return True, True, "front_door"
    if exemption is not None:  # 002.L2.10-11 "an agency such as CAFCASS", 002.P.10
        return True, False, "front_door"
    if agency == "probation":  # no consent: 002.P.3, P.6 missing, so not processable here
        return False, True, "front_door"
    return False, True, "front_door"  # 002.L2.6


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
def test_without_consent_probation_offence_concerns_decide_whether_the_request_can_be_processed(
    concerns, can_process, problem
):
    result = assess(
        level=2,
        agency_type="probation",
        consent="not_sought",
        offence_concerns=concerns,
        offence_details="Assault on a partner" if "other" in concerns else None,
        reason_needed="court_report",
        consent_not_sought_reason="Asking would alert the person",
        safeguarding_confirmed=True,
    )
    assert result.can_process is can_process
    messages = " ".join(p.message for p in result.problems)
    if problem:
        assert problem in messages
    else:
        assert messages == ""


@pytest.mark.parametrize("consent", ["written", "verbal_confirmed"])
@pytest.mark.parametrize("concerns", [["theft"], ["driving_without_due_care"], []])
def test_probation_with_consent_is_processed_whatever_the_offence(consent, concerns):
    """002.P.10: requests that have consent are processed; 002.P.2-P.4 are about requests
    without consent."""
    result = assess(level=2, agency_type="probation", consent=consent, offence_concerns=concerns)
    assert result.can_process is True
    assert result.problems == ()
    assert "002.P.10" in result.rules


@pytest.mark.parametrize("exemption", [e.value for e in Exemption])
def test_probation_where_consent_is_not_required_is_processed(exemption):
    """002.P.10: "those where consent is not required will be processed"."""
    result = assess(level=2, agency_type="probation", exemption=exemption)
    assert (result.can_process, result.consent_required, result.basis) == (
        True,
        False,
        Basis.EXEMPTION,
    )
    assert result.notes == (rules.NOTE_EXEMPTION,)


def test_an_other_offence_must_be_described_and_is_left_to_the_officer_to_judge():
    base = {
        "level": 2,
        "agency_type": "probation",
        "consent": "not_sought",
        "reason_needed": "parole_board",
        "consent_not_sought_reason": "Asking would alert the person",
        "safeguarding_confirmed": True,
    }
    undescribed = assess(**base, offence_concerns=["theft", "other"])
    assert undescribed.can_process is False
    assert [p.field for p in undescribed.problems] == ["offence_details"]
    described = assess(**base, offence_concerns=["theft", "other"], offence_details="Shoplifting")
    assert described.can_process is True
    assert described.notes == (rules.NOTE_OTHER_OFFENCE,)
    assert "theft" in described.notes[0]
    named = assess(**base, offence_concerns=["domestic_abuse", "other"], offence_details="x")
    assert named.notes == ()


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
def test_without_consent_probation_must_say_why_the_information_is_needed(reason):
    result = assess(
        level=2,
        agency_type="probation",
        consent="refused",
        offence_concerns=["domestic_abuse"],
        reason_needed=reason,
        consent_not_sought_reason="Risk outweighs the refusal",
        safeguarding_confirmed=True,
    )
    assert result.can_process is (reason is not None)
    if reason is None:
        assert result.problems[0].rule == "002.P.6"


@pytest.mark.parametrize("agency", ["school", "police", "health"])
def test_a_stray_exemption_does_not_block_a_request_with_consent(agency):
    result = assess(level=2, agency_type=agency, consent="written", exemption="s47")
    assert (result.can_process, result.basis, result.problems) == (
        True,
        Basis.WRITTEN_CONSENT,
        (),
    )


def test_any_agency_actively_in_a_formal_process_is_processed_for_the_officer_to_confirm():
    """002.L2.10: "a local authority or an agency such as CAFCASS": an example, not a list."""
    police = assess(level=2, agency_type="police", exemption="s47")
    assert (police.can_process, police.consent_required, police.basis) == (
        True,
        False,
        Basis.EXEMPTION,
    )
    assert police.notes == (rules.NOTE_EXEMPTION,)
    assert assess(level=2, agency_type="cafcass", exemption="s7_report").notes == ()


def test_the_consent_labels_name_the_child_or_young_person_and_parents_or_carers():
    assert "child or young person" in rules.CONSENT_LABELS[Consent.WRITTEN]
    assert "parent or carer" in rules.CONSENT_LABELS[Consent.WRITTEN]
    message = assess(level=2, agency_type="school").problems[0].message
    assert "child or young person" in message
    assert rules.FIELD_LABELS["whole_case_record"] == "Whole case assessments"


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
        (2, "probation", "verbal_confirmed", False),
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
