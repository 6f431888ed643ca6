"""The panel on every page: cached (no query on a hit), cleared when the directory changes,
and every change audited."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import OpeningHours, Service, ServiceKind
from contacts.panel import call_now_panel
from contacts.selectors import service_for
from contacts.services import one_off_day_set, opening_hours_set, service_update
from referral_portal.accounts.models import Role
from referral_portal.audit.models import AuditEvent
from referral_portal.context_processors import AUTHORITY_COOKIE
from tests.factories import AgencyFactory, UserFactory

MONDAY_10 = "2026-11-23T10:00:00+00:00"


def contacts_queries(queries):
    return [q["sql"] for q in queries if "contacts_" in q["sql"]]


@pytest.fixture
def manager(seeded):
    return UserFactory(
        email="marcus@bhm.example.org", role=Role.MANAGER, authority=seeded.birmingham, agency=None
    )


def test_the_panel_costs_no_query_once_cached(seeded, django_assert_num_queries):
    call_now_panel(seeded.birmingham)
    with django_assert_num_queries(0):
        panel = call_now_panel(seeded.birmingham)
    assert panel["phone"] in ("0121 303 1888", "0121 675 4806")


def test_a_visitor_sees_the_number_to_ring_on_every_page(client, seeded):
    client.cookies[AUTHORITY_COOKIE] = "birmingham"
    with time_machine.travel(MONDAY_10, tick=False):
        client.get("/")  # fills the cache
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/")
    html = response.content.decode()
    assert 'A child in immediate danger: call <a href="tel:999">999</a>.' in html
    assert 'CASS is open: call <a href="tel:01213031888">0121 303 1888</a>.' in html
    assert contacts_queries(ctx.captured_queries) == []
    assert len(ctx.captured_queries) <= 1  # the authority lookup from the cookie


def test_a_signed_in_user_sees_their_authoritys_number_out_of_hours(client, seeded):
    agency = AgencyFactory(authority=seeded.worcestershire, name="Severn School")
    user = UserFactory(email="wendy@severn.example.org", role=Role.PRACTITIONER, agency=agency)
    with time_machine.travel("2026-11-28T10:00:00+00:00", tick=False):
        client.force_login(user)  # inside: sessions expire after hours
        response = client.get("/contacts/")
    assert response.status_code == 200, response.get("Location")
    html = response.content.decode()
    assert (
        'Family Front Door is closed: call the out-of-hours team on <a href="tel:01905768020">'
        "01905 768020</a>." in html
    )
    assert "Family Front Door opens at 08:30 on Monday 30 November" in html


def test_a_managers_christmas_eve_early_close_shows_on_the_next_request(client, seeded, manager):
    cass = service_for(authority=seeded.birmingham, kind=ServiceKind.FRONT_DOOR)
    with time_machine.travel("2026-12-24T13:00:00+00:00", tick=False):
        before = client.get("/api/v1/contacts/now", {"authority": "birmingham"}).json()
        one_off_day_set(
            service=cass,
            date=dt.date(2026, 12, 24),
            opens=dt.time(8, 45),
            closes=dt.time(12, 30),
            reason="Christmas Eve",
            actor=manager,
        )
        after = client.get("/api/v1/contacts/now", {"authority": "birmingham"}).json()
        page = client.get("/contacts/", {"authority": "birmingham"}).content.decode()
    assert before["front_door_open"] is True
    assert after["front_door_open"] is False
    assert after["call"]["phone"] == "0121 675 4806"
    assert "Thursday 24 December 2026: 08:45 to 12:30" in page
    event = AuditEvent.objects.get(object_type="contacts.oneoffday")
    assert (event.actor, event.action, event.authority) == (manager, "create", seeded.birmingham)


def test_changed_weekly_hours_and_number_show_at_once_and_are_audited(client, seeded, manager):
    cass = service_for(authority=seeded.birmingham, kind=ServiceKind.FRONT_DOOR)
    with time_machine.travel("2026-11-23T18:00:00+00:00", tick=False):
        assert (
            client.get("/api/v1/contacts/now", {"authority": "birmingham"}).json()[
                "front_door_open"
            ]
            is False
        )
        opening_hours_set(
            service=cass, weekday=0, ranges=[(dt.time(8, 45), dt.time(20, 0))], actor=manager
        )
        service_update(service=cass, phone="0121 303 9999", actor=manager)
        body = client.get("/api/v1/contacts/now", {"authority": "birmingham"}).json()
    assert body["front_door_open"] is True
    assert body["call"]["phone"] == "0121 303 9999"
    assert body["next_change"] == "2026-11-23T20:00:00+00:00"
    changes = [
        e.changes["fields"] for e in AuditEvent.objects.filter(object_type="contacts.service")
    ]
    assert ["phone"] in changes and ["hours:0"] in changes


def test_an_admin_edit_shows_on_the_next_request_and_is_audited(client, seeded, settings):
    settings.TWO_FACTOR_ENFORCED = False
    admin = UserFactory(
        email="ada@bhm.example.org",
        role=Role.ADMIN,
        authority=seeded.birmingham,
        agency=None,
        is_staff=True,
        is_superuser=True,
    )
    client.force_login(admin)
    cass = service_for(authority=seeded.birmingham, kind=ServiceKind.FRONT_DOOR)
    hours = list(cass.hours.all())
    data = {
        "authority": cass.authority_id,
        "kind": cass.kind,
        "name": cass.name,
        "short_name": cass.short_name,
        "phone": "0121 303 0000",
        "email": cass.email,
        "website": cass.website,
        "notes": cass.notes,
        "availability": cass.availability,
        "source": cass.source,
        "hours-TOTAL_FORMS": len(hours),
        "hours-INITIAL_FORMS": len(hours),
        "one_off_days-TOTAL_FORMS": 1,
        "one_off_days-INITIAL_FORMS": 0,
        "one_off_days-0-date": "2026-11-23",
        "one_off_days-0-closed": "on",
        "one_off_days-0-reason": "Training day",
    }
    for i, row in enumerate(hours):
        data.update(
            {
                f"hours-{i}-id": row.pk,
                f"hours-{i}-service": cass.pk,
                f"hours-{i}-weekday": row.weekday,
                f"hours-{i}-opens": f"{row.opens:%H:%M}",
                f"hours-{i}-closes": f"{row.closes:%H:%M}",
            }
        )
    with time_machine.travel(MONDAY_10, tick=False):
        client.get("/api/v1/contacts/now", {"authority": "birmingham"})  # cached
        response = client.post(f"/admin/contacts/service/{cass.pk}/change/", data)
        assert response.status_code == 302, response.content.decode()[:3000]
        body = client.get("/api/v1/contacts/now", {"authority": "birmingham"}).json()
    assert body["front_door_open"] is False  # the training day closure
    assert service_for(authority=seeded.birmingham, kind="front_door").phone == "0121 303 0000"
    actions = set(AuditEvent.objects.filter(actor=admin).values_list("object_type", "action"))
    assert ("contacts.service", "update") in actions
    assert ("contacts.oneoffday", "create") in actions


def test_any_saved_row_clears_the_cache(seeded):
    with time_machine.travel(MONDAY_10, tick=False):
        assert call_now_panel(seeded.birmingham)["front_door_open"] is True
        OpeningHours.objects.filter(service__authority=seeded.birmingham, weekday=0).delete()
        assert call_now_panel(seeded.birmingham)["front_door_open"] is False


def test_no_front_door_means_no_panel(db):
    from tests.contacts.factories import ServiceFactory

    lado = ServiceFactory()
    assert call_now_panel(lado.authority) is None
    assert Service.objects.count() >= 1


def test_a_remembered_answer_is_never_used_past_its_next_change(seeded):
    from contacts.panel import panel_for_directory
    from contacts.selectors import directory_for

    directory = directory_for(seeded.birmingham)

    def at(text: str) -> bool:
        moment = dt.datetime.fromisoformat(text)
        return panel_for_directory(directory, moment)["front_door_open"]

    assert [
        at("2026-11-23T17:14:00+00:00"),
        at("2026-11-23T17:15:00+00:00"),  # the remembered answer's next change
        at("2026-11-23T12:00:00+00:00"),  # earlier than the remembered answer
        at("2026-10-25T01:30:00+01:00"),  # the repeated autumn hour, first time round
        at("2026-11-24T08:45:00+00:00"),
    ] == [True, False, True, False, True]


def test_another_process_sees_a_change_within_seconds(seeded, monkeypatch):
    """Each process keeps its copy for LOCAL_SECONDS; the shared cache was cleared."""
    from contacts import selectors

    clock = [1000.0]
    monkeypatch.setattr(selectors.time, "monotonic", lambda: clock[0])
    with time_machine.travel(MONDAY_10, tick=False):
        assert call_now_panel(seeded.birmingham)["front_door_open"] is True
        # Another process closes CASS today: it clears the shared cache, not our copy.
        stale = selectors._local["birmingham"]
        OpeningHours.objects.filter(service__authority=seeded.birmingham, weekday=0).delete()
        selectors._local["birmingham"] = stale
        assert call_now_panel(seeded.birmingham)["front_door_open"] is True
        clock[0] += selectors.LOCAL_SECONDS
        assert call_now_panel(seeded.birmingham)["front_door_open"] is False


def test_a_cached_directory_of_another_shape_is_ignored(seeded):
    from django.core.cache import cache

    from contacts import selectors

    cache.set(selectors.CACHE_PREFIX + "birmingham", {"not": "a directory"})
    with time_machine.travel(MONDAY_10, tick=False):
        assert call_now_panel(seeded.birmingham)["phone"] == "0121 303 1888"


def test_the_admin_lists_and_opens_services(client, seeded, settings):
    settings.TWO_FACTOR_ENFORCED = False
    admin = UserFactory(
        email="ad@bhm.example.org",
        role=Role.ADMIN,
        authority=seeded.birmingham,
        agency=None,
        is_staff=True,
        is_superuser=True,
    )
    client.force_login(admin)
    listing = client.get("/admin/contacts/service/", {"q": "CASS"}).content.decode()
    assert "Children&#x27;s Advice &amp; Support Service (CASS)" in listing
    cass = service_for(authority=seeded.birmingham, kind=ServiceKind.FRONT_DOOR)
    page = client.get(f"/admin/contacts/service/{cass.pk}/change/")
    assert page.status_code == 200
    assert "Closures and changed hours" in page.content.decode()
