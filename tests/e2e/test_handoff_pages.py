"""The hand-off's pages in Chromium, under the real CSP, with axe: the administrator's
addresses (an unsafe address refused beside the field, the secret shown once), the front
door's failed hand-offs and the record's hand-off section."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from tests.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("SCREENSHOTS_DIR")


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_the_administrator_adds_an_address(page, live_server, people, settings):
    settings.HANDOFF_ALLOW_PRIVATE_ENDPOINTS = False
    sign_in(page, live_server, people.adam)
    page.goto("/handoff/endpoints/")
    assert_accessible(page)
    page.click("text=Add an address")
    page.fill("#id_name", "Mosaic integration")
    page.fill("#id_url", "https://127.0.0.1/portal-events")
    page.click("button:has-text('Save')")
    page.wait_for_selector(".govuk-error-summary")
    assert "private or local address" in page.inner_text(".govuk-error-message")
    assert page.input_value("#id_url") == "https://127.0.0.1/portal-events"
    assert_accessible(page)
    _shot(page, "handoff-endpoint-error")
    settings.HANDOFF_ALLOW_PRIVATE_ENDPOINTS = True
    page.click("button:has-text('Save')")
    page.wait_for_selector(".app-secret")
    assert page.inner_text(".app-secret").startswith("whsec_")
    assert_accessible(page)
    _shot(page, "handoff-secret")
    page.goto("/handoff/endpoints/")
    assert "Mosaic integration" in page.inner_text("table")
    assert_accessible(page)
    _shot(page, "handoff-endpoints")


def test_the_front_door_sees_failed_hand_offs_and_the_record(page, live_server, people, settings):
    settings.HANDOFF_ALLOW_PRIVATE_ENDPOINTS = True  # the loopback receiver
    from django.utils import timezone

    from requests.handoff import services
    from requests.handoff.models import Delivery
    from tests.handoff.conftest import Receiver, decide, endpoint_for, free_port

    receiver = Receiver(port=free_port(), mode="500")
    receiver.start()
    try:
        from tests.conftest import tasks_in_process

        with tasks_in_process(True):
            endpoint_for(people.home, receiver.url)
            contact = decide(people)
            Delivery.objects.update(
                give_up_at=timezone.now() - dt.timedelta(seconds=1),
                next_attempt_at=timezone.now(),
                queued_at=None,
            )
            services.handoff_sweep()
    finally:
        receiver.stop()
    sign_in(page, live_server, people.olga)
    page.goto("/handoff/failed/")
    assert contact.reference in page.inner_text("table")
    assert_accessible(page)
    _shot(page, "handoff-failed")
    page.goto(f"/triage/contacts/{contact.pk}/")
    assert "Council's case-management system" in page.content()
    assert_accessible(page)
    _shot(page, "handoff-record")
