"""The demo (`make run`, DEBUG on) shows the portal's own error pages, as a deployment does, not
Django's technical pages listing every URL pattern and setting (review S8)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_debug(settings):
    settings.DEBUG = True
    settings.DEBUG_TECHNICAL_PAGES = False


def test_a_mistyped_address_in_the_demo_shows_the_portals_page_not_found(demo_debug):
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in body
    assert "If you typed the web address, check it is correct." in body
    assert "URLconf" not in body and "admin/" not in body


def test_a_record_that_does_not_exist_in_the_demo_shows_the_portals_page_not_found(demo_debug):
    response = Client().get("/thresholds/no-such-area/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body and "Raised by" not in body


def test_a_failing_page_in_the_demo_shows_the_portals_error_page(demo_debug, monkeypatch, caplog):
    from referral_portal import views

    def fail(request):
        raise RuntimeError("database gone")

    monkeypatch.setattr(views, "_retention_rows", fail)
    response = Client(raise_request_exception=False).get("/privacy/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Traceback" not in body and "database gone" not in body
    assert "Sorry, there is a problem with the service" in body
    # The developer still has the traceback, in the console log.
    assert any(r.exc_info and "database gone" in str(r.exc_info[1]) for r in caplog.records)


def test_developers_can_ask_for_djangos_technical_pages(settings):
    settings.DEBUG = True
    settings.DEBUG_TECHNICAL_PAGES = True
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert "URLconf" in response.content.decode()
