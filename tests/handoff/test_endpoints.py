"""The authority administrator's endpoints: add, refuse unsafe addresses, rotate secrets."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from referral_portal.audit.models import AuditEvent
from requests.handoff.models import Endpoint
from tests.handoff.conftest import decide, endpoint_for, verify


def signed_in(user):
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_an_administrator_adds_an_address_and_sees_its_secret_once(people, receiver):
    client = signed_in(people.adam)
    page = client.post(
        reverse("handoff:endpoint_add"),
        {"name": "Mosaic", "url": receiver.url, "sections": ["rationale"], "active": "on"},
    )
    assert page.status_code == 200
    secret = re.search(r"whsec_[A-Za-z0-9+/=]+", page.content.decode()).group(0)
    endpoint = Endpoint.objects.get()
    assert endpoint.secret == secret and endpoint.authority == people.home
    listing = client.get(reverse("handoff:endpoints")).content.decode()
    assert "Mosaic" in listing and secret not in listing
    assert AuditEvent.objects.filter(object_type="handoff.endpoint").exists()


def test_a_private_address_is_refused_beside_the_field_when_not_allowed(people, settings):
    settings.HANDOFF_ALLOW_PRIVATE_ENDPOINTS = False
    client = signed_in(people.adam)
    for url, words in [
        ("http://cms.example.org/in", "https://"),
        ("https://127.0.0.1/in", "private or local address"),
        ("https://169.254.169.254/latest", "private or local address"),
    ]:
        page = client.post(reverse("handoff:endpoint_add"), {"name": "X", "url": url})
        assert page.status_code == 200
        text = page.content.decode()
        assert words in text and 'id="url-error"' in text.replace("id_url-error", "url-error")
        assert url in text  # nothing typed is lost
    assert not Endpoint.objects.exists()


def test_only_that_authoritys_administrator_may_change_its_address(people, receiver):
    from tests.factories import UserFactory

    endpoint = endpoint_for(people.home, receiver.url)
    away_admin = UserFactory(
        email="ada@away.example.org", role="admin", authority=people.away, agency=None
    )
    assert (
        signed_in(away_admin).get(reverse("handoff:endpoint_edit", args=[endpoint.pk])).status_code
        == 404
    )
    assert signed_in(people.mike).get(reverse("handoff:endpoints")).status_code == 403


def test_during_a_rotation_both_the_old_and_the_new_secret_verify(people, receiver):
    endpoint = endpoint_for(people.home, receiver.url)
    old = endpoint.secret
    page = signed_in(people.adam).post(reverse("handoff:endpoint_rotate", args=[endpoint.pk]))
    new = re.search(r"whsec_[A-Za-z0-9+/=]+", page.content.decode()).group(0)
    assert new != old
    decide(people)
    [got] = receiver.accepted()
    verify(old, got)
    verify(new, got)


def test_the_front_door_sees_a_failed_hand_off_and_sends_it_again(
    people, receiver, django_capture_on_commit_callbacks
):
    import datetime as dt

    from django.utils import timezone

    from referral_portal.outbox.models import OutboxStatus
    from requests.handoff import services
    from requests.handoff.models import Delivery

    receiver.mode = "500"
    endpoint_for(people.home, receiver.url)
    contact = decide(people)
    Delivery.objects.update(
        give_up_at=timezone.now() - dt.timedelta(seconds=1),
        next_attempt_at=timezone.now(),
        queued_at=None,
    )
    services.handoff_sweep()
    client = signed_in(people.olga)
    page = client.get(reverse("handoff:failed")).content.decode()
    assert contact.reference in page and "HTTP 500" in page
    record = client.get(reverse("triage:record", args=[contact.pk])).content.decode()
    assert "Failed: send it again" in record
    receiver.mode = "ok"
    delivery = Delivery.objects.get()
    assert (
        signed_in(people.otto).post(reverse("handoff:resend", args=[delivery.pk])).status_code
        == 404
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("handoff:resend", args=[delivery.pk]))
    assert Delivery.objects.get().status == OutboxStatus.SENT
