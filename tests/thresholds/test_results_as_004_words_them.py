"""The result pages say what Worcestershire's levels-of-need guidance says: at Level 4 the Family
Front Door's hours, daytime and out-of-hours numbers, the allocated-case rule and the specialist
services outside the document; at Levels 2 and 3 the Early Help route; Level 2 is "one or more
partners". Each with its source by title."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.thresholds.conftest import indicator

pytestmark = pytest.mark.django_db


def result_page(client, framework, text):
    response = client.post(
        reverse("thresholds:assess", args=["worcestershire"]),
        {"indicators": [indicator(framework, text).pk], "action": "assess"},
    )
    return client.get(response.url).content.decode()


def test_level_4_gives_hours_both_numbers_the_allocated_case_rule_and_the_caveat(
    client, worcestershire
):
    page = result_page(client, worcestershire, "Missing from home or care")
    assert "Suggested level of need: level 4" in page
    assert "01905 822666" in page
    assert "Monday: 08:30 to 17:00" in page and "Friday: 08:30 to 16:30" in page
    assert "Out of hours or at weekends" in page and "01905 768020" in page
    assert "New information about an allocated case should be passed to the social worker" in page
    assert "youth justice services or acute mental health services" in page
    assert "Appendix 2 - Safeguarding Children's Social Care Pathway" in page
    assert "seeds/" not in page and ".txt" not in page


def test_level_2_is_one_or_more_partners_and_gives_the_early_help_route(client, worcestershire):
    page = result_page(client, worcestershire, "Poor personal hygiene")
    assert "Suggested level of need: level 2" in page
    assert "one or more partners" in page
    assert "single partner" not in page
    assert "Early Help Assessment" in page
    assert "https://www.worcestershire.gov.uk/eha" in page
    assert "7 Early Help in Worcestershire" in page
    assert "01905 768020" not in page  # the front-door block is Level 4's


def test_the_parenting_indicator_is_shown_where_it_belongs_and_the_restoration_is_listed(
    client, worcestershire
):
    from thresholds.models import Indicator

    moved = Indicator.objects.get(
        area__domain__framework=worcestershire,
        level=4,
        text__startswith="Persistent ongoing mental health needs impacting on the ability",
    )
    assert (moved.area.domain.name, moved.area.name) == (
        "Parenting capacity",
        "Basic care, safety and protection",
    )
    page = result_page(client, worcestershire, moved.text)
    assert "(Parenting capacity: Basic care, safety and protection)" in page
    assert "Social presentation)" not in page
    guide = client.get(reverse("thresholds:guide", args=["worcestershire"])).content.decode()
    assert "How the examples were restored from the published tables" in guide
    assert "it is shown under Parenting capacity, Basic care, safety and protection" in guide
    assert "Fabricated/induced illness" in guide


@pytest.mark.django_db
def test_the_migrated_framework_matches_the_moved_indicator():
    from thresholds.models import Framework, Indicator

    framework = Framework.objects.get(authority__slug="worcestershire", is_current=True)
    moved = Indicator.objects.get(
        area__domain__framework=framework,
        level=4,
        text__startswith="Persistent ongoing mental health needs impacting on the ability",
    )
    assert moved.area.domain.name == "Parenting capacity"
    assert "Parenting capacity, Basic care, safety and protection" in framework.restoration_notes
