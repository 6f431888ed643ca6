"""On the clock (issue 22 item 4): beat reminds, then flags; the dashboard counts."""

from __future__ import annotations

import datetime as dt
import html

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from requests.gathering import services
from requests.gathering.models import GatheringRequest
from tests.triage.factories import consented_contact

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def _sent(people, hours=4):
    contact = consented_contact(by=people.bob, officer=people.olga)
    return services.gathering_request_send(
        user=people.olga,
        contact=contact,
        agency_id=people.school.pk,
        lead_id=people.lena.pk,
        questions=["Attendance?"],
        reply_by=timezone.now() + dt.timedelta(hours=hours),
    )


def test_reminder_before_the_reply_by_time_then_the_overdue_flag(people, helpers):
    gathering = _sent(people, hours=6)
    start = timezone.now()
    assert services.clock_tick(now=start) == {"reminded": 0, "flagged": 0}
    # Two hours before the reply-by time: the professional is reminded, once.
    at = gathering.reply_by - dt.timedelta(hours=2) + dt.timedelta(minutes=1)
    assert services.clock_tick(now=at) == {"reminded": 1, "flagged": 0}
    assert services.clock_tick(now=at) == {"reminded": 0, "flagged": 0}
    (reminder,) = helpers.emails_to(people.lena.email, "gathering_reminder")
    assert "/gathering/answer/" in reminder.body
    # Past it: the officer and the duty manager are told, once.
    late = gathering.reply_by + dt.timedelta(minutes=1)
    assert services.clock_tick(now=late) == {"reminded": 0, "flagged": 1}
    assert services.clock_tick(now=late) == {"reminded": 0, "flagged": 0}
    assert len(helpers.emails_to(people.olga.email, "gathering_overdue")) == 1
    assert len(helpers.emails_to(people.mike.email, "gathering_overdue")) == 1


def test_overdue_shown_on_the_record_and_the_dashboard(client_for, people):
    gathering = _sent(people, hours=2)
    manager = client_for(people.mike)
    page = text(manager.get(reverse("dashboard:index")))
    assert "Requests for information waiting for an answer" in page
    assert 'data-figure="gathering_outstanding">1<' in page
    assert 'data-figure="gathering_overdue">0<' in page
    # The reply-by time passes (moved back: the sessions would time out if the clock moved).
    GatheringRequest.objects.filter(pk=gathering.pk).update(
        reply_by=timezone.now() - dt.timedelta(minutes=5)
    )
    page = text(manager.get(reverse("dashboard:index")))
    assert 'data-figure="gathering_overdue"><strong class="govuk-tag govuk-tag--red">1<' in page
    record = text(
        client_for(people.olga).get(reverse("triage:record", args=[gathering.contact_id]))
    )
    assert "Overdue</strong>" in record[record.index("Requests for information sent") :]


def test_ninety_day_figures_by_agency_type(client_for, people, helpers):
    gathering = _sent(people, hours=4)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1, minutes=30)):
        services.answer_send(
            gathering=gathering,
            answers=[{"kind": "answer", "text": "Good attendance"}],
            name="Lena",
            email=people.lena.email,
            user=people.lena,
            verified_how="Signed in",
        )
    _sent(people, hours=4)  # a second, unanswered
    page = text(client_for(people.mike).get(reverse("dashboard:index")))
    assert "Requests for information in the last 90 days, by agency type" in page
    row = page[page.index('id="gathering-figures"') :]
    row = row[row.index(">School<") :]
    assert "1 (50.0%)" in row[:400]
    assert "1 h 30 min" in row[:400]
