"""An authority's administrator edits that authority's procedures, and every change is audited."""

from __future__ import annotations

from referral_portal.audit.models import AuditEvent
from referral_portal.procedures.models import Procedure

EDIT = "/procedures/information_requests/"
SOURCE = {
    "offered": "yes",
    "summary": "Levels 1 to 3",
    "source_title": "Making an Information Request",
    "source_publisher": "Home Council",
    "source_section": "Level 1",
    "phone_route": "Ring the front door on 0100 000 0000",
}


def test_the_administrator_lists_every_procedure_with_its_source(client, people):
    client.force_login(people.adam)
    page = client.get("/procedures/").content.decode()
    assert "Information requests from partner agencies" in page
    assert "Levels-of-need (threshold) guidance" in page
    assert "No source" in page  # the test authority has none yet


def test_offering_a_procedure_needs_its_source_and_nothing_typed_is_lost(client, people):
    client.force_login(people.adam)
    response = client.post(EDIT, {"offered": "yes", "summary": "Levels 1 to 3"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the title of the document this procedure comes from" in page
    assert "Enter the section of the document" in page
    assert "Levels 1 to 3" in page
    assert not Procedure.objects.filter(authority=people.home, kind="information_requests").exists()


def test_a_saved_procedure_is_audited_and_switches_the_feature_on(client, people):
    client.force_login(people.adam)
    response = client.post(EDIT, SOURCE)
    assert response.status_code == 302
    procedure = Procedure.objects.get(authority=people.home, kind="information_requests")
    assert procedure.offered is True
    assert procedure.details == {"phone_route": "Ring the front door on 0100 000 0000"}
    assert procedure.updated_by == people.adam
    event = AuditEvent.objects.filter(object_type="procedures.procedure").latest("id")
    assert event.changes["kind"] == "information_requests"
    assert "source_title" in event.changes["fields"]
    client.force_login(people.alice)
    page = client.get("/information-requests/new/1/").content.decode()
    assert "Ring the front door on 0100 000 0000" in page
    assert "Source: Home Council, Making an Information Request, Level 1." in page


def test_only_an_authoritys_administrator_edits_and_only_its_own(client, people):
    for user in (people.alice, people.olga, people.mike):
        client.force_login(user)
        assert client.get("/procedures/").status_code == 403
        assert client.post(EDIT, SOURCE).status_code == 403
    assert not Procedure.objects.filter(
        authority__in=[people.home, people.away], kind="information_requests"
    ).exists()
    client.force_login(people.adam)  # home's administrator
    client.post(EDIT, SOURCE)
    assert not Procedure.objects.filter(authority=people.away, kind="information_requests").exists()


def test_an_unknown_procedure_is_404(client, people):
    client.force_login(people.adam)
    assert client.get("/procedures/bakery/").status_code == 404
