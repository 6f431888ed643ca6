"""Staff are signed out after 30 idle minutes; practitioners keep their working day."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse
from django.utils import timezone


def test_officer_idle_for_more_than_30_minutes_is_signed_out_and_told_why(client, people):
    client.force_login(people.olga)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert client.get(reverse("home")).status_code == 200
        traveller.shift(dt.timedelta(minutes=29))
        assert client.get(reverse("home")).context["user"].is_authenticated
        traveller.shift(dt.timedelta(minutes=31))
        response = client.get(reverse("accounts:profile"))
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
        page = client.get(response["Location"]).content.decode()
        assert "You were signed out because you were inactive for 30 minutes" in page


def test_staff_pages_carry_the_timeout_warning_and_practitioner_pages_do_not(client, people):
    client.force_login(people.olga)
    html = client.get(reverse("home")).content.decode()
    assert 'data-idle-timeout="1800"' in html and 'id="timeout-warning"' in html
    assert client.get(reverse("accounts:keep_alive")).status_code == 204
    client.force_login(people.alice)
    assert "timeout-warning" not in client.get(reverse("home")).content.decode()


def test_practitioner_is_not_signed_out_after_an_idle_hour(client, people):
    client.force_login(people.alice)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client.get(reverse("home"))
        traveller.shift(dt.timedelta(hours=1))
        assert client.get(reverse("accounts:profile")).status_code == 200
