"""Copy-on-write versions: an admin edit makes a new version; assessments keep theirs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.thresholds.conftest import indicator
from thresholds.models import Assessment, Framework, Indicator, Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, worcestershire):
    superuser = UserFactory(
        email="root@example.org", is_staff=True, is_superuser=True, role="admin", agency=None
    )
    client.force_login(superuser)
    return client


def _assess(client, *indicators):
    return client.post(
        reverse("thresholds:assess", args=["worcestershire"]),
        {"indicators": [i.pk for i in indicators], "action": "assess"},
    )


def test_editing_an_indicator_in_the_admin_makes_a_new_version(admin_client, worcestershire):
    old = indicator(worcestershire, "Poor personal hygiene")
    _assess(admin_client, old)
    before = Assessment.objects.get()
    url = reverse("admin:thresholds_indicator_change", args=[old.pk])
    response = admin_client.post(
        url,
        {"area": old.area_id, "level": 3, "text": "Poor personal hygiene, often", "position": 0},
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    new = Framework.objects.get(authority__slug="worcestershire", is_current=True)
    assert new.version == "2017-09 rev 2"
    assert new.previous == worcestershire
    edited = Indicator.objects.get(area__domain__framework=new, text="Poor personal hygiene, often")
    assert edited.level == 3
    assert edited.area.name == "Social presentation"
    assert Indicator.objects.filter(area__domain__framework=new).count() == 169
    assert new.levels.count() == 4
    # The old version and the assessment made with it are untouched.
    old.refresh_from_db()
    assert (old.text, old.level) == ("Poor personal hygiene", 2)
    before.refresh_from_db()
    assert before.framework == worcestershire
    assert list(before.indicators.all()) == [old]


def test_the_pages_and_api_use_the_new_version_after_an_edit(admin_client, worcestershire):
    level = worcestershire.levels.get(number=1)
    response = admin_client.post(
        reverse("admin:thresholds_level_change", args=[level.pk]),
        {
            "framework": worcestershire.pk,
            "number": 1,
            "title": "Universal services (edited)",
            "meaning": level.meaning,
            "pathway": level.pathway,
            "consent": level.consent,
        },
    )
    assert response.status_code == 302
    guide = admin_client.get(reverse("thresholds:guide", args=["worcestershire"]))
    assert "Universal services (edited)" in guide.content.decode()
    new = Framework.objects.get(is_current=True, authority__slug="worcestershire")
    body = admin_client.post(
        "/api/v1/thresholds/assess",
        {
            "authority": "worcestershire",
            "indicators": [Indicator.objects.filter(area__domain__framework=new).first().pk],
        },
        content_type="application/json",
    ).json()
    assert body["framework_version"] == "2017-09 rev 2"
    assert Level.objects.get(framework=worcestershire, number=1).title == "Universal services"


def test_an_old_versions_indicators_are_refused_by_the_api(admin_client, worcestershire):
    old = indicator(worcestershire, "Poor personal hygiene")
    admin_client.post(reverse("admin:thresholds_indicator_delete", args=[old.pk]), {"post": "yes"})
    assert old.__class__.objects.filter(pk=old.pk).exists()
    current = Framework.objects.get(is_current=True, authority__slug="worcestershire")
    assert Indicator.objects.filter(area__domain__framework=current).count() == 168
    response = admin_client.post(
        "/api/v1/thresholds/assess",
        {"authority": "worcestershire", "indicators": [old.pk]},
        content_type="application/json",
    )
    assert response.status_code == 422  # a real indicator id, of a superseded version
    assert "version 2017-09 rev 2" in response.json()["error"]


def test_a_form_ticked_before_an_edit_is_assessed_on_the_version_it_showed(
    admin_client, worcestershire
):
    old = indicator(worcestershire, "Missing from home or care")
    edit = admin_client.post(
        reverse("admin:thresholds_indicator_change", args=[old.pk]),
        {"area": old.area_id, "level": 4, "text": "Missing (edited)", "position": 1},
    )
    assert edit.status_code == 302
    admin_client.post(
        reverse("thresholds:assess", args=["worcestershire"]),
        {"indicators": [old.pk], "framework": worcestershire.pk, "action": "assess"},
    )
    assessment = Assessment.objects.get()
    assert assessment.framework == worcestershire
    assert assessment.level == 4


def test_the_admin_lists_only_the_current_version(admin_client, worcestershire):
    old = indicator(worcestershire, "Poor personal hygiene")
    edit = admin_client.post(
        reverse("admin:thresholds_indicator_change", args=[old.pk]),
        {"area": old.area_id, "level": 2, "text": "Poor personal hygiene", "position": 1},
    )
    assert edit.status_code == 302
    listing = admin_client.get(reverse("admin:thresholds_indicator_changelist") + "?q=hygiene")
    assert listing.status_code == 200
    assert "2017-09 rev 2" in listing.content.decode()
    assert admin_client.get(
        reverse("admin:thresholds_indicator_change", args=[old.pk])
    ).status_code in (302, 404)


def test_the_indicator_api_shows_an_edit_at_once(admin_client, worcestershire):
    params = {"authority": "worcestershire", "q": "personal hygiene"}
    before = admin_client.get("/api/v1/thresholds/indicators", params).json()
    old = indicator(worcestershire, "Poor personal hygiene")
    edit = admin_client.post(
        reverse("admin:thresholds_indicator_change", args=[old.pk]),
        {"area": old.area_id, "level": 2, "text": "Poor personal hygiene (edited)", "position": 1},
    )
    assert edit.status_code == 302
    after = admin_client.get("/api/v1/thresholds/indicators", params).json()
    assert "Poor personal hygiene" in [row["text"] for row in before]
    assert "Poor personal hygiene (edited)" in [row["text"] for row in after]
    assert {row["id"] for row in before}.isdisjoint({row["id"] for row in after})


def test_deleting_several_indicators_at_once_makes_one_new_version(admin_client, worcestershire):
    chosen = list(Indicator.objects.filter(area__domain__framework=worcestershire, level=1)[:3])
    response = admin_client.post(
        reverse("admin:thresholds_indicator_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [i.pk for i in chosen],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    versions = list(
        Framework.objects.filter(authority__slug="worcestershire").values_list("version", flat=True)
    )
    assert sorted(versions) == ["2017-09", "2017-09 rev 2"]
    current = Framework.objects.get(authority__slug="worcestershire", is_current=True)
    assert Indicator.objects.filter(area__domain__framework=current).count() == 166
    assert Indicator.objects.filter(area__domain__framework=worcestershire).count() == 169
