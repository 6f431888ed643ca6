"""Every example of need of Appendix 1 (seed 004) is loaded, at its level, domain and area."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db.models import Count

from tests.thresholds.conftest import indicator
from thresholds.models import Framework, Indicator

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "004_23d9d1637ed5247b.txt"
CDN = "Child's developmental needs"
FEF = "Family and environmental factors"
PC = "Parenting capacity"


def test_the_migration_loaded_worcestershires_2017_framework_as_current():
    framework = Framework.objects.get(authority__slug="worcestershire", is_current=True)
    assert framework.version == "2017-09"
    assert framework.authority.code == "WOR"
    assert framework.source.startswith("Multi Agency Levels of Need")  # by title, not a file
    assert [level.number for level in framework.levels.all()] == [1, 2, 3, 4]


def test_birmingham_has_no_framework_in_the_portal():
    assert not Framework.objects.filter(authority__slug="birmingham").exists()


def test_each_level_has_every_indicator_counted_in_the_seed(worcestershire):
    # Counted by hand from Appendix 1: 28 + 39 + 43 + 58 bullets, and level 4 Health's
    # "Fabricated/induced illness", run into the bullet before it by the PDF conversion.
    counts = dict(
        Indicator.objects.filter(area__domain__framework=worcestershire)
        .values_list("level")
        .annotate(n=Count("id"))
    )
    assert counts == {1: 28, 2: 39, 3: 43, 4: 59}


def test_domains_and_areas_follow_the_assessment_triangle(worcestershire):
    structure = {
        domain.name: [area.name for area in domain.areas.all()]
        for domain in worcestershire.domains.all()
    }
    assert list(structure) == [CDN, FEF, PC]
    assert structure[CDN] == [
        "Health",
        "Education",
        "Emotional and behavioural development",
        "Identity",
        "Family and social relationships",
        "Social presentation",
    ]
    assert len(structure[FEF]) == 3
    assert len(structure[PC]) == 2


@pytest.mark.parametrize(
    ("level", "domain", "area", "count"),
    [
        (1, CDN, "Health", 6),
        (1, CDN, "Identity", 0),  # the list after "Identity" is Family and social relationships
        (1, CDN, "Family and social relationships", 3),
        (2, CDN, "Education", 7),
        (2, PC, "Parents' and carers' basic care, safety and protection", 4),
        (3, CDN, "Family and social relationships", 3),  # printed in the domain column
        (3, CDN, "Social presentation", 0),
        (4, CDN, "Identity", 2),  # printed after the Family and social relationships label
        (4, CDN, "Family and social relationships", 10),  # printed with no label at all
        (4, FEF, "Family history and functioning", 8),
        # 7: the parent's mental-health indicator printed after "Social presentation" is here.
        (4, PC, "Basic care, safety and protection", 7),
        (4, CDN, "Social presentation", 1),
    ],
)
def test_restored_tables_have_their_indicators_in_the_right_area(
    worcestershire, level, domain, area, count
):
    found = Indicator.objects.filter(
        area__domain__framework=worcestershire,
        level=level,
        area__domain__name=domain,
        area__name=area,
    ).count()
    assert found == count


@pytest.mark.parametrize(
    ("text", "level", "domain", "area"),
    [
        ("Good quality early attachments", 1, CDN, "Emotional and behavioural development"),
        ("Positive relationships with peers", 1, CDN, "Family and social relationships"),
        ("Appropriately dressed for different settings", 1, CDN, "Social presentation"),
        ("Not living in poverty, sufficient income", 1, FEF, "Housing, employment and finance"),
        (
            "Carers provide appropriate guidance and boundaries",
            1,
            PC,
            "Parents' and carers' basic care, safety and protection",
        ),
        ("Starting to have sex (under 16) / risk of pregnancy", 2, CDN, "Health"),
        ("Some insecurities around identity", 2, CDN, "Identity"),
        ("Poor personal hygiene", 2, CDN, "Social presentation"),
        (
            "Parents with additional needs and vulnerable themselves",
            2,
            FEF,
            "Family's social integration and accessing community services",
        ),
        ("Conception aged under 16", 3, CDN, "Health"),
        ("Education Health & Care Plan", 3, CDN, "Education"),
        (
            "Regularly needed to care for another family member",
            3,
            CDN,
            "Family and social relationships",
        ),
        ("Family seeking asylum / refugee", 3, FEF, "Family history and functioning"),
        (
            "Parents lack empathy for child",
            3,
            PC,
            "Parents' and carers' basic care, safety and protection",
        ),
        ("Fabricated/induced illness", 4, CDN, "Health"),
        ("Female Genital Mutilation (FGM)", 4, CDN, "Health"),
        ("Endangers own life", 4, CDN, "Emotional and behavioural development"),
        ("Persistently demonstrates extremist views e.g. radicalisation", 4, CDN, "Identity"),
        ("Privately fostered children / young people", 4, CDN, "Family and social relationships"),
        ("No recourse to public funds", 4, FEF, "Housing, employment and finance"),
        (
            "Missing from home or care",
            4,
            PC,
            "Parents' and carers' basic care, safety and protection",
        ),
    ],
)
def test_spot_checked_indicators_sit_at_their_level_domain_and_area(
    worcestershire, text, level, domain, area
):
    found = indicator(worcestershire, text)
    assert (found.level, found.area.domain.name, found.area.name) == (level, domain, area)


@pytest.mark.skipif(not SEED.exists(), reason="the seeds folder is not on this machine")
def test_every_indicator_is_worded_as_in_the_seed(worcestershire):
    seed = SEED.read_text(encoding="utf-8")
    missing = [
        i.text
        for i in Indicator.objects.filter(area__domain__framework=worcestershire)
        if i.text not in seed
    ]
    # The one nested list of the appendix is kept inside its indicator.
    assert missing == [
        "acute, severe and enduring mental health problems including - conduct and "
        "oppositional defiant disorder, compulsive / obsessive disorder, eating disorder, "
        "suicide ideation"
    ]


def test_levels_carry_the_meaning_pathway_and_consent_of_the_seed(worcestershire):
    levels = {level.number: level for level in worcestershire.levels.all()}
    assert levels[1].title == "Universal services"
    assert "coordinated multi-agency plan" in levels[3].meaning
    assert "Early Help Assessment" in levels[3].pathway
    assert "Referral to Children's Social Care" in levels[4].pathway
    assert "allocated case should be passed to the social worker" in levels[4].pathway
    assert "one or more partners" in levels[2].pathway
    assert "loss of evidential material" in levels[4].consent
    assert "cannot be treated as anonymous" in worcestershire.consent_guidance
    assert "British Sign Language" in worcestershire.equality_guidance
