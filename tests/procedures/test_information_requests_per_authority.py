"""Each authority by its own sources: information requests run only where the authority's
sources publish a process (Birmingham), and nowhere else (Worcestershire), through pages and API.

Birmingham and Worcestershire are the authorities the migrations load, with their procedures.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from referral_portal.accounts.models import AgencyType, Authority, Role
from referral_portal.procedures.models import Procedure
from requests.information.models import InformationRequest, Status
from tests.factories import AgencyFactory, UserFactory
from tests.information.conftest import PDF_BYTES

CHECK = "/api/v1/information-requests/check"
# "confirm": the check-your-answers page's "Send" (D16).
CHILD = {
    "confirm": "1",
    "child_first_name": "Noah",
    "child_last_name": "Brightwater",
    "child_date_of_birth_0": "2",
    "child_date_of_birth_1": "9",
    "child_date_of_birth_2": "2018",
    "purpose": "Risk assessment for release",
}


@pytest.fixture
def areas(db):
    birmingham = Authority.objects.get(slug="birmingham")
    worcestershire = Authority.objects.get(slug="worcestershire")
    bhm_school = AgencyFactory(authority=birmingham, agency_type=AgencyType.SCHOOL)
    bhm_probation = AgencyFactory(authority=birmingham, agency_type=AgencyType.PROBATION)
    wor_school = AgencyFactory(authority=worcestershire, agency_type=AgencyType.SCHOOL)

    def practitioner(agency, email):
        return UserFactory(email=email, role=Role.PRACTITIONER, agency=agency)

    return {
        "birmingham": birmingham,
        "worcestershire": worcestershire,
        "bhm_teacher": practitioner(bhm_school, f"teacher@{bhm_school.domains.first().domain}"),
        "bhm_probation": practitioner(
            bhm_probation, f"officer@{bhm_probation.domains.first().domain}"
        ),
        "wor_teacher": practitioner(wor_school, f"teacher@{wor_school.domains.first().domain}"),
        "bhm_officer": UserFactory(
            email="officer@bhm.example.org", role=Role.OFFICER, authority=birmingham, agency=None
        ),
    }


def test_the_check_api_answers_404_with_a_message_for_worcestershire(client, areas):
    response = client.post(
        CHECK,
        {"authority": "worcestershire", "level": 3, "agency_type": "cafcass", "exemption": "s47"},
        content_type="application/json",
    )
    assert response.status_code == 404
    body = response.json()
    assert "No information-request process is published for" in body["error"]
    assert body["field"] == "authority"
    # Birmingham publishes one: the same body is answered.
    response = client.post(
        CHECK,
        {"authority": "birmingham", "level": 3, "agency_type": "cafcass", "exemption": "s47"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["route"] == "disclosure_team"


def test_worcestershire_practitioners_get_a_clear_page_with_the_family_front_doors_numbers(
    client, areas
):
    client.force_login(areas["wor_teacher"])
    for url in ("/information-requests/start/", "/information-requests/new/3/"):
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert "has no information-request process in this portal" in page
        assert "01905 822666" in page  # Family Front Door
        assert "01905 768020" in page  # out of hours or at weekends
        assert "Disclosure Team" not in page
        assert 'name="level"' not in page
        assert 'name="child_first_name"' not in page
    response = client.post("/information-requests/new/3/", {**CHILD, "exemption": "s47"})
    assert response.status_code == 200
    assert not InformationRequest.objects.exists()


def test_worcestershire_cannot_make_a_request_through_the_api(client, areas):
    client.force_login(areas["wor_teacher"])
    response = client.post(
        "/api/v1/information-requests",
        {
            "level": 3,
            "child_first_name": "Noah",
            "child_last_name": "Brightwater",
            "child_date_of_birth": "2018-09-02",
            "purpose": "Care proceedings",
            "exemption": "care_proceedings",
            "exemption_details": "Case FC-1",
        },
        content_type="application/json",
    )
    assert response.status_code == 404
    assert "No information-request process is published" in response.json()["error"]
    assert not InformationRequest.objects.exists()


def test_birmingham_level_1_page_gives_the_phone_route_and_cites_the_source_by_title(client, areas):
    client.force_login(areas["bhm_teacher"])
    page = client.get("/information-requests/new/1/").content.decode()
    assert "ring CASS on 0121 303 1888 option 2 option 2" in page
    assert "Referral and Advice Officer" in page
    assert (
        "Birmingham Children&#x27;s Trust, Making an Information Request to Birmingham "
        "Children&#x27;s Trust \u2013 Partner Agencies only, Information Request Level 1" in page
    )
    assert ".txt" not in page


@pytest.mark.parametrize("consent", ["written", "verbal_confirmed"])
def test_birmingham_probation_with_consent_and_theft_alone_is_processed(client, areas, consent):
    client.force_login(areas["bhm_probation"])
    data = {**CHILD, "consent": consent, "offence_concerns": ["theft"]}
    if consent == "written":
        data["evidence"] = SimpleUploadedFile("consent.pdf", PDF_BYTES, "application/pdf")
    response = client.post("/information-requests/new/2/", data)
    assert response.status_code == 302, response.content.decode()
    info = InformationRequest.objects.get()
    assert info.status == Status.RECEIVED
    assert info.reference.startswith("BHM-IR-")


def test_birmingham_probation_without_consent_and_theft_alone_is_refused(client, areas):
    client.force_login(areas["bhm_probation"])
    response = client.post(
        "/information-requests/new/2/",
        {
            **CHILD,
            "consent": "not_sought",
            "offence_concerns": ["theft"],
            "reason_needed": "release_risk_assessment",
            "consent_not_sought_reason": "Asking would alert the person",
            "safeguarding_confirmed": "on",
        },
    )
    page = response.content.decode()
    assert "theft alone is not sufficient" in page
    assert "govuk-error-summary" in page
    assert not InformationRequest.objects.exists()
    api = client.post(
        CHECK,
        {
            "authority": "birmingham",
            "level": 2,
            "agency_type": "probation",
            "consent": "not_sought",
            "offence_concerns": ["theft"],
            "reason_needed": "parole_board",
            "consent_not_sought_reason": "Asking would alert the person",
            "safeguarding_confirmed": True,
        },
        content_type="application/json",
    ).json()
    assert api["can_process"] is False


def test_switching_an_authoritys_procedure_off_switches_the_feature_off(client, areas):
    Procedure.objects.filter(authority=areas["birmingham"], kind="information_requests").update(
        offered=False
    )
    response = client.post(
        CHECK,
        {"authority": "birmingham", "level": 1, "agency_type": "school"},
        content_type="application/json",
    )
    assert response.status_code == 404
    client.force_login(areas["bhm_teacher"])
    assert (
        "has no information-request process"
        in client.get("/information-requests/start/").content.decode()
    )
