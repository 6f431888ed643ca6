"""A duty manager records a closure or changed hours for one date of their own services."""

from __future__ import annotations

import pytest
import time_machine

from contacts.models import OneOffDay, ServiceKind
from contacts.selectors import service_for
from referral_portal.accounts.models import Role
from referral_portal.audit.models import AuditEvent
from tests.factories import AgencyFactory, UserFactory

NOW = "2026-12-01T10:00:00+00:00"


@pytest.fixture
def staff(seeded, settings):
    settings.TWO_FACTOR_ENFORCED = False

    def make(role, authority, email):
        return UserFactory(email=email, role=role, authority=authority, agency=None)

    return {
        "manager": make(Role.MANAGER, seeded.birmingham, "mo@bhm.example.org"),
        "officer": make(Role.OFFICER, seeded.birmingham, "oz@bhm.example.org"),
        "other_manager": make(Role.MANAGER, seeded.worcestershire, "wm@wor.example.org"),
    }


def christmas_eve(cass, **extra):
    data = {
        "service": cass.pk,
        "date_0": "24",
        "date_1": "12",
        "date_2": "2026",
        "change": "changed",
        "opens": "08:45",
        "closes": "12:30",
        "reason": "Christmas Eve",
    }
    data.update(extra)
    return data


def test_a_manager_adds_a_christmas_eve_early_close_and_the_panel_follows(client, seeded, staff):
    cass = service_for(authority=seeded.birmingham, kind=ServiceKind.FRONT_DOOR)
    with time_machine.travel(NOW, tick=False):
        client.force_login(staff["manager"])
        response = client.post("/contacts/hours/", christmas_eve(cass))
        assert response.status_code == 302
        page = client.get("/contacts/hours/").content.decode()
    assert "Thursday 24 December 2026" in page
    assert "CASS: 08:45 to 12:30 (Christmas Eve)" in page
    answer = client.get(
        "/api/v1/contacts/now", {"authority": "birmingham", "at": "2026-12-24T12:30"}
    ).json()
    assert answer["front_door_open"] is False
    assert AuditEvent.objects.filter(
        actor=staff["manager"], object_type="contacts.oneoffday", action="create"
    ).exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"date_0": "31", "date_1": "2"}, "must be a real date"),
        ({"date_0": "", "date_1": "", "date_2": ""}, "Enter the date"),
        ({"date_2": "2025"}, "The date must be today or in the future"),
        ({"change": ""}, "Select whether the service is closed or open at other times"),
        ({"opens": ""}, "Enter the opening time"),
        ({"closes": "half past"}, "Enter the closing time like 12:30"),
        ({"closes": "08:45"}, "The closing time must be different from the opening time"),
        ({"service": "999999"}, "Select a service"),
    ],
)
def test_mistakes_are_explained_and_what_was_typed_is_kept(client, seeded, staff, extra, message):
    cass = service_for(authority=seeded.birmingham, kind=ServiceKind.FRONT_DOOR)
    with time_machine.travel(NOW, tick=False):
        client.force_login(staff["manager"])
        response = client.post("/contacts/hours/", christmas_eve(cass, **extra))
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert message in html
    assert 'value="Christmas Eve"' in html
    assert not OneOffDay.objects.exists()


def test_closed_all_day_needs_no_times(client, seeded, staff):
    cass = service_for(authority=seeded.birmingham, kind=ServiceKind.FRONT_DOOR)
    with time_machine.travel(NOW, tick=False):
        client.force_login(staff["manager"])
        client.post("/contacts/hours/", christmas_eve(cass, change="closed", opens="", closes=""))
    day = OneOffDay.objects.get()
    assert (day.closed, day.opens, day.closes) == (True, None, None)


def test_a_manager_removes_a_date_and_the_usual_hours_return(client, seeded, staff):
    cass = service_for(authority=seeded.birmingham, kind=ServiceKind.FRONT_DOOR)
    with time_machine.travel(NOW, tick=False):
        client.force_login(staff["manager"])
        client.post("/contacts/hours/", christmas_eve(cass, change="closed"))
        day = OneOffDay.objects.get()
        response = client.post(f"/contacts/hours/{day.pk}/remove/")
    assert response.status_code == 302
    assert not OneOffDay.objects.exists()
    answer = client.get(
        "/api/v1/contacts/now", {"authority": "birmingham", "at": "2026-12-24T10:00"}
    ).json()
    assert answer["front_door_open"] is True
    assert AuditEvent.objects.filter(object_type="contacts.oneoffday", action="delete").exists()


def test_another_authoritys_manager_cannot_see_or_remove_the_date(client, seeded, staff):
    cass = service_for(authority=seeded.birmingham, kind=ServiceKind.FRONT_DOOR)
    with time_machine.travel(NOW, tick=False):
        client.force_login(staff["manager"])
        client.post("/contacts/hours/", christmas_eve(cass))
        day = OneOffDay.objects.get()
        client.force_login(staff["other_manager"])
        page = client.get("/contacts/hours/").content.decode()
        refused = client.post(f"/contacts/hours/{day.pk}/remove/")
        forged = client.post("/contacts/hours/", christmas_eve(cass, date_0="23"))
    assert "(Christmas Eve)" not in page
    assert "Children&#x27;s Advice" not in page
    assert refused.status_code == 404
    assert "Select a service" in forged.content.decode()
    assert OneOffDay.objects.count() == 1
    assert AuditEvent.objects.filter(actor=staff["other_manager"], action="denied").exists()


@pytest.mark.parametrize(
    ("who", "status"), [("officer", 403), ("practitioner", 403), ("anonymous", 302)]
)
def test_only_managers_and_admins_change_hours(client, seeded, staff, who, status):
    if who == "officer":
        client.force_login(staff["officer"])
    elif who == "practitioner":
        agency = AgencyFactory(authority=seeded.birmingham, name="Elm School")
        client.force_login(
            UserFactory(email="p@elm.example.org", role=Role.PRACTITIONER, agency=agency)
        )
    assert client.get("/contacts/hours/").status_code == status


def test_the_directory_links_a_manager_to_the_change_page(client, seeded, staff):
    client.force_login(staff["manager"])
    assert "/contacts/hours/" in client.get("/contacts/").content.decode()
    client.force_login(staff["officer"])
    assert "/contacts/hours/" not in client.get("/contacts/").content.decode()
