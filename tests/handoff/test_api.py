"""The pull API, the receipt, the daily export and the published schema."""

from __future__ import annotations

import json

import jsonschema
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from referral_portal.accounts.models import Role
from referral_portal.govuk.dates import when
from requests.handoff import document, export
from requests.handoff.models import HandoffEvent, Receipt
from tests.factories import UserFactory, api_key_for
from tests.handoff.conftest import decide


@pytest.fixture
def integration(people):
    return UserFactory(
        email="cms@home.example.org", role=Role.INTEGRATION, authority=people.home, agency=None
    )


def api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(user)}")
    return client


def test_the_integration_account_pulls_its_authoritys_documents_page_by_page(people, integration):
    mine = [decide(people) for _ in range(3)]
    decide(people, by=people.zara, officer=people.otto, manager=people.mona)  # away's contact
    client = api(integration)
    first = client.get(reverse("handoff-feed"), {"limit": 2}).json()
    assert first["more"] is True and len(first["documents"]) == 2
    second = client.get(reverse("handoff-feed"), {"since": first["next"], "limit": 2}).json()
    assert second["more"] is False
    documents = first["documents"] + second["documents"]
    assert [d["contact"]["portal_id"] for d in documents] == [c.pk for c in mine]
    validator = jsonschema.Draft202012Validator(document.schema())
    for d in documents:
        validator.validate(d)
        assert d["sections"] == {}  # the pull API never gives the internal rationale
    empty = client.get(reverse("handoff-feed"), {"since": second["next"]}).json()
    assert empty == {"documents": [], "next": second["next"], "more": False}
    bad = client.get(reverse("handoff-feed"), {"since": "yesterday"})
    assert bad.status_code == 400 and bad.json()["field"] == "since"


def test_officers_keys_cannot_read_the_feed(people):
    assert api(people.olga).get(reverse("handoff-feed")).status_code == 403


def test_a_receipt_is_stored_and_shown_on_the_record_and_its_timeline(people, integration, client):
    contact = decide(people)
    event = HandoffEvent.objects.get(contact=contact)
    child = contact.children.first()
    response = api(integration).post(
        reverse("handoff-receipt", args=[contact.pk]),
        {
            "webhook_id": event.webhook_id,
            "system": "Mosaic",
            "case_id": "CASE-4471",
            "person_ids": [{"kind": "child", "portal_id": child.pk, "external_id": "P-99812"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    receipt = Receipt.objects.get()
    assert receipt.event == event and receipt.case_id == "CASE-4471"
    client.force_login(people.olga, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("triage:record", args=[contact.pk])).content.decode()
    assert "Recorded in Mosaic" in page and "CASE-4471" in page and "P-99812" in page
    assert "Recorded in the council&#x27;s system" in page  # the timeline


def test_a_receipt_for_another_authoritys_contact_or_a_stranger_child_is_refused(
    people, integration
):
    theirs = decide(people, by=people.zara, officer=people.otto, manager=people.mona)
    client = api(integration)
    assert (
        client.post(
            reverse("handoff-receipt", args=[theirs.pk]), {"case_id": "X"}, format="json"
        ).status_code
        == 404
    )
    mine = decide(people)
    stranger = theirs.children.first()
    refused = client.post(
        reverse("handoff-receipt", args=[mine.pk]),
        {"person_ids": [{"kind": "child", "portal_id": stranger.pk, "external_id": "P-1"}]},
        format="json",
    )
    assert refused.status_code == 400 and refused.json()["field"] == "person_ids"
    assert not Receipt.objects.exists()


def test_the_schema_is_published_beside_the_openapi_description(client):
    served = client.get(reverse("handoff-schema")).json()
    assert served == document.schema()
    jsonschema.Draft202012Validator.check_schema(served)


def test_the_daily_export_file_holds_the_days_documents_of_one_authority(
    people, tmp_path, settings
):
    from django.utils import timezone

    settings.HANDOFF_EXPORT_DIR = tmp_path
    contact = decide(people)
    decide(people, by=people.zara, officer=people.otto, manager=people.mona)
    today = timezone.localdate()
    path = export.export_day(people.home, today)
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [d["contact"]["portal_id"] for d in lines] == [contact.pk]
    assert path == tmp_path / "home" / f"{today.isoformat()}.jsonl"
    from referral_portal.accounts.models import Authority

    assert export.export_missing(today=today) == Authority.objects.count()  # yesterday's, once
    assert export.export_missing(today=today) == 0


def test_the_integration_account_signs_in_makes_its_key_and_sees_no_front_door_page(
    people, integration, settings
):
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.TWO_FACTOR_ENFORCED = True
    client = Client()
    client.force_login(integration, backend="django.contrib.auth.backends.ModelBackend")
    device = TOTPDevice.objects.create(user=integration, confirmed=True, name="cms")
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    assert client.get("/").status_code == 200
    page = client.post(reverse("accounts:api_token_create"), {"name": "Mosaic"})
    assert page.status_code == 200 and "Mosaic" in page.content.decode()
    for name in ("triage:queue", "handoff:failed", "handoff:endpoints"):
        assert client.get(reverse(name)).status_code == 403


def test_the_referrer_sees_when_the_council_recorded_it_but_not_the_councils_ids(
    people, integration, client
):
    contact = decide(people)
    client.force_login(people.alice, backend="django.contrib.auth.backends.ModelBackend")
    status_url = reverse("requests:status", args=[contact.pk])
    before = client.get(status_url).content.decode()
    assert "Recorded in the council" not in before
    child = contact.children.first()
    response = api(integration).post(
        reverse("handoff-receipt", args=[contact.pk]),
        {
            "system": "Mosaic",
            "case_id": "CASE-4471",
            "person_ids": [{"kind": "child", "portal_id": child.pk, "external_id": "P-99812"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    page = client.get(status_url).content.decode()
    receipt = Receipt.objects.get()
    assert f"Recorded in the council's system: {when(receipt.received_at)}" in page
    for internal in ("Mosaic", "CASE-4471", "P-99812"):
        assert internal not in page
