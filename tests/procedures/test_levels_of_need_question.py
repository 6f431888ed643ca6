"""The Request for Support asks for the level of need in the authority's own terms: Birmingham's
own document (Right Help, Right Time), not Worcestershire's levels; Worcestershire's framework's
own levels."""

from __future__ import annotations

import pytest

from referral_portal.accounts.models import AgencyType, Authority, Role
from requests.models import Contact
from tests.factories import AgencyFactory, UserFactory


def _practitioner(slug):
    authority = Authority.objects.get(slug=slug)
    agency = AgencyFactory(authority=authority, agency_type=AgencyType.SCHOOL)
    return UserFactory(
        email=f"teacher@{agency.domains.first().domain}", role=Role.PRACTITIONER, agency=agency
    )


def _draft(user):
    from tests.requests.factories import CompleteDraftFactory

    return CompleteDraftFactory(created_by=user, level_of_need=None, level_reason="")


@pytest.mark.django_db
def test_birmingham_is_asked_against_right_help_right_time_not_another_areas_levels(client):
    user = _practitioner("birmingham")
    draft = _draft(user)
    client.force_login(user)
    url = f"/requests-for-support/{draft.pk}/level-of-need/"
    page = client.get(url).content.decode()
    assert "How does the child&#x27;s need sit against Right Help, Right Time?" in page
    assert (
        "consult Birmingham&#x27;s multi-agency threshold document Right Help, Right Time" in page
    )
    assert "Source: Birmingham" in page and "Need advice?" in page
    assert 'name="level_of_need"' not in page
    assert "Level 3" not in page and "Targeted" not in page
    response = client.post(url, {"level_of_need": "4"})
    assert (
        "Describe the child&#x27;s need against Right Help, Right Time" in response.content.decode()
    )
    response = client.post(
        url, {"level_reason": "Needs a social work assessment: neglect over two years"}
    )
    assert response.status_code == 302
    contact = Contact.objects.get(pk=draft.pk)
    assert contact.level_of_need is None
    assert contact.level_reason.startswith("Needs a social work assessment")
    check = client.get(f"/requests-for-support/{draft.pk}/check/").content.decode()
    assert "need against your area's threshold guidance" in check


@pytest.mark.django_db
def test_worcestershire_is_asked_in_its_frameworks_own_levels(client):
    from thresholds.selectors import framework_for

    user = _practitioner("worcestershire")
    draft = _draft(user)
    client.force_login(user)
    page = client.get(f"/requests-for-support/{draft.pk}/level-of-need/").content.decode()
    framework = framework_for(authority=user.agency.authority)
    for level in framework.levels.all():
        assert f"Level {level.number}: {level.title}" in page
    assert "Right Help, Right Time" not in page


@pytest.mark.django_db
def test_the_levels_of_need_pages_name_birminghams_own_document(client):
    for url in ("/thresholds/", "/thresholds/birmingham/"):
        page = client.get(url).content.decode()
        assert (
            "consult Birmingham&#x27;s multi-agency threshold document Right Help, Right Time and "
            "speak with your agency&#x27;s safeguarding representative" in page
        ), url
        assert "Source: Birmingham (web page" in page
