"""Level of need: carried over from a saved levels-of-need assessment, or chosen with a reason."""

from __future__ import annotations

import pytest

from requests.models import Contact

pytestmark = pytest.mark.django_db

thresholds = pytest.importorskip("tests.thresholds.factories")


@pytest.fixture
def assessment(people):
    from thresholds.selectors import framework_for

    # The home authority's framework (tests/requests/conftest.py loads a small one).
    framework = framework_for(authority=people.home) or thresholds.small_framework(people.home)
    from thresholds.models import Indicator

    ticked = list(Indicator.objects.filter(area__domain__framework=framework, level__in=[3, 4]))
    made = thresholds.AssessmentFactory(framework=framework, level=4, user=people.alice, saved=True)
    made.indicators.set(ticked)
    return made


def test_starting_from_an_assessment_carries_its_level_and_indicators(alice_client, assessment):
    response = alice_client.post(
        f"/requests-for-support/start/?assessment={assessment.pk}", {"immediate_danger": "no"}
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.level_of_need == 4 and contact.assessment_id == assessment.pk
    texts = [i["text"] for i in contact.assessment_snapshot["indicators"]]
    assert texts == ["Small example at level 3", "Small example at level 4"]
    page = alice_client.get(f"/requests-for-support/{contact.pk}/level-of-need/").content.decode()
    assert "Small example at level 4" in page and "Keep this level and continue" in page


def test_someone_elses_assessment_is_not_carried_over(client, people, assessment):
    client.force_login(people.bob)
    client.post(
        f"/requests-for-support/start/?assessment={assessment.pk}", {"immediate_danger": "no"}
    )
    contact = Contact.objects.get()
    assert contact.level_of_need is None and contact.assessment_snapshot == {}


def test_a_saved_assessment_can_be_picked_on_the_level_page(alice_client, assessment):
    alice_client.post("/requests-for-support/start/", {"immediate_danger": "no"})
    contact = Contact.objects.get()
    url = f"/requests-for-support/{contact.pk}/level-of-need/"
    assert "Use a saved levels-of-need assessment" in alice_client.get(url).content.decode()
    alice_client.post(url, {"assessment": str(assessment.pk)})
    contact.refresh_from_db()
    assert contact.assessment_id == assessment.pk and contact.level_of_need == 4


def test_a_level_chosen_by_hand_needs_a_reason(alice_client):
    alice_client.post("/requests-for-support/start/", {"immediate_danger": "no"})
    contact = Contact.objects.get()
    url = f"/requests-for-support/{contact.pk}/level-of-need/"
    page = alice_client.post(url, {"level_of_need": "3"}).content.decode()
    assert "Enter why you chose this level of need" in page
    alice_client.post(url, {"level_of_need": "3", "level_reason": "Early help needed"})
    contact.refresh_from_db()
    assert contact.level_of_need == 3 and contact.assessment_id is None
