"""The dashboard page, its export and its JSON API: who may see what, and what they see."""

from __future__ import annotations

import csv
import io

import pytest
import time_machine
from django.urls import reverse

from referral_portal.audit.models import AuditEvent
from tests.dashboard.conftest import NOW
from tests.factories import api_key_for

pytestmark = pytest.mark.django_db

WEEK = {
    "period": "custom",
    "from_date_0": "28",
    "from_date_1": "3",
    "from_date_2": "2026",
    "to_date_0": "2",
    "to_date_1": "4",
    "to_date_2": "2026",
}


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("mike", 200),
        ("olga", 200),
        ("alice", 403),
        ("lena", 403),
        ("dora", 403),
        ("adam", 403),
    ],
)
def test_only_managers_and_officers_open_the_dashboard(client, people, persona, status):
    client.force_login(getattr(people, persona))
    assert client.get(reverse("dashboard:index")).status_code == status


def test_signed_out_people_are_sent_to_sign_in(client, people):
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 302
    assert "sign-in" in response["Location"]


@time_machine.travel(NOW, tick=False)
def test_the_manager_sees_the_weeks_figures_and_the_definitions(client, scenario):
    client.force_login(scenario.people.mike)
    response = client.get(reverse("dashboard:index"), WEEK)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-figure="received">8 (1 withdrawn)' in html
    # Glanceable (D25): overdue in red, due soon in orange.
    assert 'data-figure="overdue"><strong class="govuk-tag govuk-tag--red">1</strong>' in html
    assert 'data-figure="due_soon"><strong class="govuk-tag govuk-tag--orange">1</strong>' in html
    # Of the 5 whose time has ended: H and K are still within time (issue 18, F17).
    assert 'data-figure="within_24h">2 (40.0%)' in html
    assert 'data-figure="within_extension">1 (20.0%)' in html
    assert 'data-figure="late">1 (20.0%)' in html
    assert 'data-figure="overdue_not_decided">1 (20.0%)' in html
    assert 'data-figure="still_within">2' in html
    assert 'data-figure="median">24 h 38 min' in html
    assert 'data-figure="p90">28 h 48 min' in html
    assert "How these figures are worked out" in html
    assert "elapsed time, measured in UTC" in html
    assert scenario.d.contact.reference in html  # the overdue contact, listed
    assert "Olga Officer" in html
    assert "style=" not in html
    assert "Pat Officer" in html
    assert "no-store" in response["Cache-Control"]


@time_machine.travel(NOW, tick=False)
def test_the_overdue_list_links_the_record_and_escapes_names(client, scenario):
    olga = scenario.people.olga
    olga.full_name = "Olga <b>Officer</b>"
    olga.save()
    client.force_login(scenario.people.mike)
    html = client.get(reverse("dashboard:index"), WEEK).content.decode()
    record = reverse("triage:record", args=[scenario.d.contact.pk])
    assert f'<a class="govuk-link" href="{record}">{scenario.d.contact.reference}</a>' in html
    assert "Olga &lt;b&gt;Officer&lt;/b&gt;" in html
    assert "<b>Officer</b>" not in html
    # Received 31/3 08:00 BST and due 1/4 08:00 BST, shown in London time; its state in words.
    assert '31 Mar 08:00</td><td class="govuk-table__cell">1 Apr 08:00' in html
    assert "Returned by manager" in html


@time_machine.travel(NOW, tick=False)
def test_the_wall_screen_shows_no_childs_name(client, scenario):
    from tests.factories import ChildFactory

    ChildFactory(contact=scenario.d.contact, first_name="Zebedee", last_name="Quartermaine")
    client.force_login(scenario.people.mike)
    assert "Quartermaine" not in client.get(reverse("dashboard:index"), WEEK).content.decode()


@time_machine.travel(NOW, tick=False)
def test_an_officer_sees_a_read_only_page_of_their_own_figures(client, scenario):
    client.force_login(scenario.people.olga)
    html = client.get(reverse("dashboard:index"), WEEK).content.decode()
    assert "Your own figures, read only" in html
    assert 'data-figure="received">3' in html
    assert "Pat Officer" not in html
    assert "Information requests made" not in html
    record = reverse("triage:record", args=[scenario.d.contact.pk])
    assert scenario.d.contact.reference in html  # the overdue contact she holds
    assert f'href="{record}"' not in html  # listed, not a way into the record from here


@time_machine.travel(NOW, tick=False)
def test_the_other_authoritys_manager_sees_none_of_home(client, scenario):
    client.force_login(scenario.people.mona)
    html = client.get(reverse("dashboard:index"), WEEK).content.decode()
    assert scenario.d.contact.reference not in html
    assert 'data-figure="received">2' in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"period": "custom"}, "Enter the start date"),
        ({**WEEK, "to_date_2": "2025"}, "The end date must be the same as or after the start date"),
        ({**WEEK, "from_date_1": "13"}, "Start date must be a real date"),  # not "From" (D18)
        ({**WEEK, "from_date_2": "2020"}, "3 years or less"),
        ({"period": "nonsense"}, "Select a valid choice"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_a_bad_period_is_explained_and_todays_figures_stay(client, people, params, message):
    client.force_login(people.mike)
    response = client.get(reverse("dashboard:index"), params)
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert message in html
    assert "Thursday 2 April 2026" in html


@time_machine.travel(NOW, tick=False)
def test_the_export_lists_figures_and_contacts_without_names_and_is_audited(client, scenario):
    client.force_login(scenario.people.mike)
    response = client.get(reverse("dashboard:export"), WEEK)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "dashboard-2026-03-28-to-2026-04-02.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert ["Decided within 24 hours", "2", "40.0"] in rows
    header = rows.index(
        [
            "Reference",
            "Referring agency type",
            "Received",
            "Decided",
            "Outcome",
            "Within 24 hours",
            "Within an approved extension",
        ]
    )
    contacts = {row[0]: row for row in rows[header + 1 :]}
    assert len(contacts) == 8
    a = contacts[scenario.a.contact.reference]
    # Shown in London time: received in GMT, decided in BST.
    assert a[1:] == [
        "School",
        "2026-03-28 23:30",
        "2026-03-29 23:45",
        "Advice and, if necessary, directing to other services",
        "yes",
        "no",
    ]
    assert contacts[scenario.b.contact.reference][5:] == ["no", "yes"]
    assert contacts[scenario.c.contact.reference][5:] == ["no", "no"]
    assert contacts[scenario.g.reference][3] == "Withdrawn"
    event = AuditEvent.objects.get(action="export")
    assert event.actor == scenario.people.mike
    assert event.authority_id == scenario.people.home.pk
    assert event.changes["from"] == "2026-03-28"


def test_practitioners_cannot_export(client, people):
    client.force_login(people.alice)
    assert client.get(reverse("dashboard:export")).status_code == 403
    assert not AuditEvent.objects.filter(action="export").exists()


API = "/api/v1/dashboard"


@time_machine.travel(NOW, tick=False)
def test_the_api_gives_a_manager_the_same_figures_with_a_token(client, scenario):
    key = api_key_for(scenario.people.mike)
    response = client.get(
        API,
        {"authority": "home", "from": "2026-03-28", "to": "2026-04-02"},
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["received"], body["within_24h"], body["within_extension"], body["late"]) == (
        8,
        2,
        1,
        1,
    )
    assert body["percent_within_24h"] == 40.0  # of the contacts whose time has ended
    assert body["median_seconds"] == pytest.approx(88650)
    assert body["from"] == "2026-03-28"


@time_machine.travel(NOW, tick=False)
def test_the_api_defaults_to_today(client, scenario):
    client.force_login(scenario.people.mike)
    body = client.get(API, {"authority": "home"}).json()
    assert (body["from"], body["to"], body["received"]) == ("2026-04-02", "2026-04-02", 1)


@pytest.mark.parametrize(
    ("persona", "params", "status"),
    [
        ("olga", {"authority": "home"}, 403),
        ("alice", {"authority": "home"}, 403),
        ("mike", {"authority": "away"}, 404),
        ("mike", {"authority": "nowhere"}, 404),
        ("mike", {}, 400),
        ("mike", {"authority": "home", "from": "2026-02-30"}, 400),
        ("mike", {"authority": "home", "from": "2026-04-02", "to": "2026-04-01"}, 400),
        ("mike", {"authority": "home", "from": "2020-01-01", "to": "2026-04-01"}, 400),
    ],
)
def test_the_api_refuses_with_a_json_error(client, people, persona, params, status):
    client.force_login(getattr(people, persona))
    response = client.get(API, params)
    assert response.status_code == status
    assert set(response.json()) == {"error"}


def test_the_api_audits_a_look_at_another_authority(client, people):
    client.force_login(people.mike)
    client.get(API, {"authority": "away"})
    assert AuditEvent.objects.filter(action="denied", actor=people.mike).exists()


def test_the_api_needs_sign_in(client, people):
    assert client.get(API, {"authority": "home"}).status_code in (401, 403)


@time_machine.travel(NOW, tick=False)
def test_the_page_runs_the_same_queries_however_many_contacts(client, scenario):
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.dashboard.factories import decided_contact, open_contact

    client.force_login(scenario.people.mike)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("dashboard:index"), WEEK).status_code == 200
        return len(captured.captured_queries)

    queries()  # the first page of the process fills the who-to-call-now panel's cache
    before = queries()
    received = NOW - dt.timedelta(days=3)
    for hours in range(12):
        decided_contact(
            by=scenario.pat,
            received=received + dt.timedelta(hours=hours),
            decided=received + dt.timedelta(hours=hours + 30),
            created_by=scenario.people.bob,
        )
        open_contact(received=received + dt.timedelta(hours=hours), held_by=scenario.pat)
    # Session, user, rollups, the page, the authority (+1 spare), and the staff idle clock's
    # stamp on every request (savepoint, UPDATE, release: security review L5), and the
    # authority's response aim and manager agreement (its procedure rows, one query), and the
    # information-gathering figures (issue 22, two queries).
    assert queries() == before <= 12
