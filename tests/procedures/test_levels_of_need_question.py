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


def _api(client, user, body):
    from tests.requests.test_api import BODY

    client.force_login(user)
    return client.post(
        "/api/v1/requests-for-support",
        {**BODY, "referrer_email": user.email, **body},
        content_type="application/json",
    )


@pytest.mark.django_db
def test_the_api_takes_birminghams_need_against_right_help_right_time_as_the_form_does(client):
    user = _practitioner("birmingham")
    response = _api(client, user, {"level_of_need": 2, "level_reason": "Neglect"})
    assert response.status_code == 400
    [message] = response.json()["level_of_need"]
    assert "Right Help, Right Time" in message and "leave level_of_need out" in message
    assert not Contact.objects.exists()
    response = _api(client, user, {"level_of_need": None, "level_reason": ""})
    assert response.json()["level_reason"] == [
        "Describe the child's need against Right Help, Right Time"
    ]
    response = _api(
        client,
        user,
        {"level_of_need": None, "level_reason": "Neglect, two years", "early_help_confirmed": True},
    )
    assert response.status_code == 201, response.json()
    contact = Contact.objects.get()
    assert contact.level_of_need is None and contact.level_reason == "Neglect, two years"


@pytest.mark.django_db
def test_the_api_takes_worcestershires_levels(client):
    user = _practitioner("worcestershire")
    response = _api(client, user, {"level_of_need": 5, "level_reason": "Neglect"})
    assert response.status_code == 400 and response.json()["level_of_need"]
    response = _api(client, user, {"level_of_need": 4, "level_reason": "Neglect"})
    assert response.status_code == 201, response.json()
    assert Contact.objects.get().level_of_need == 4


@pytest.mark.django_db
def test_an_authority_with_no_framework_and_no_document_gets_no_generic_levels(client, people):
    """The test authority has neither a framework nor a levels-of-need row: no levels are
    offered on the page, and the API refuses a number."""
    draft = _draft(people.alice)
    client.force_login(people.alice)
    url = f"/requests-for-support/{draft.pk}/level-of-need/"
    page = client.get(url).content.decode()
    assert 'name="level_of_need"' not in page and "Level 1" not in page
    assert "This portal holds no levels-of-need guidance for Home Council" in page
    response = _api(client, people.alice, {"level_of_need": 4, "level_reason": "Neglect"})
    assert response.status_code == 400
    assert "no levels-of-need framework for Home Council" in response.json()["level_of_need"][0]


@pytest.mark.django_db
def test_the_openapi_schema_describes_the_level_in_the_authoritys_terms(client):
    schema = client.get("/api/v1/schema/?format=json")
    text = schema.content.decode()
    assert "Right Help, Right Time" in text and "1 to 4" in text
