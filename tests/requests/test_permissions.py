"""Who sees and changes which request: the referrer, their agency's lead, the authority's staff."""

from __future__ import annotations

import pytest

from referral_portal.audit.models import AuditAction, AuditEvent
from requests.models import ContactStatus
from requests.services import SubmissionError, contact_submit
from tests.requests.factories import CompleteDraftFactory, DraftFactory, SentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("alice", 200),  # made it
        ("lena", 200),  # her agency's safeguarding lead
        ("bob", 404),  # another agency
        ("olga", 200),  # officer of the authority
        ("mike", 200),  # duty manager of the authority
        ("dora", 404),  # Disclosure Team: only Level 3 information requests
        ("adam", 404),  # administrators manage people, not children's records
        ("otto", 404),  # another authority
        ("zara", 404),  # a practitioner of another authority
    ],
)
def test_status_page_access(client, people, persona, code):
    contact = SentFactory(created_by=people.alice)
    client.force_login(getattr(people, persona))
    response = client.get(f"/requests-for-support/{contact.pk}/status/")
    assert response.status_code == code
    if code == 404:
        assert AuditEvent.objects.filter(
            action=AuditAction.DENIED, object_id=str(contact.pk)
        ).exists()


@pytest.mark.parametrize("persona", ["bob", "lena", "olga", "otto"])
def test_nobody_but_its_author_sees_or_changes_a_draft(client, people, persona):
    draft = DraftFactory(created_by=people.alice)
    client.force_login(getattr(people, persona))
    for url in ("", "worries/", "check/", "status/"):
        response = client.get(f"/requests-for-support/{draft.pk}/{url}")
        assert response.status_code in (403, 404), url
    response = client.post(
        f"/requests-for-support/{draft.pk}/worries/", {"past_harm": "x", "future_danger": "y"}
    )
    assert response.status_code in (403, 404)
    draft.refresh_from_db()
    assert draft.past_harm == ""


@pytest.mark.parametrize("persona", ["bob", "lena"])
def test_nobody_but_its_author_can_send_a_draft(client, people, persona):
    """Another referrer's "Accept and send" is "not found", refused in the trail, and sends
    nothing (the send goes straight to the submission, which checks whose draft it is)."""
    draft = CompleteDraftFactory(created_by=people.alice)
    client.force_login(getattr(people, persona))
    response = client.post(f"/requests-for-support/{draft.pk}/check/", {"declaration": "on"})
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.status == ContactStatus.DRAFT and draft.reference is None
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, object_id=str(draft.pk)).exists()


def test_sending_a_request_that_does_not_exist_is_not_found(client, people):
    client.force_login(people.alice)
    response = client.post("/requests-for-support/999999/check/", {"declaration": "on"})
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, object_id="999999").exists()


@pytest.mark.parametrize("persona", ["olga", "mike", "adam", "dora"])
def test_front_door_staff_cannot_start_a_request(client, people, persona):
    client.force_login(getattr(people, persona))
    assert client.get("/requests-for-support/start/").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, people):
    response = client.get("/requests-for-support/start/")
    assert response.status_code == 302 and "/accounts/" in response.url


def test_a_request_to_an_authority_the_user_cannot_refer_to_is_refused(people):
    draft = CompleteDraftFactory(
        created_by=people.alice, agency=people.school, authority=people.away
    )
    with pytest.raises(SubmissionError, match="cannot send a Request for Support to this"):
        contact_submit(contact_id=draft.pk, user=people.alice)
    draft.refresh_from_db()
    assert draft.status == ContactStatus.DRAFT


def test_the_safeguarding_lead_lists_the_agency_requests_and_others_do_not(client, people):
    mine = SentFactory(created_by=people.alice)
    other = SentFactory(created_by=people.bob)
    client.force_login(people.lena)
    page = client.get("/requests-for-support/agency/").content.decode()
    assert mine.reference in page and other.reference not in page
    client.force_login(people.alice)
    assert client.get("/requests-for-support/agency/").status_code == 403
    page = client.get("/requests-for-support/mine/").content.decode()
    assert mine.reference in page and other.reference not in page
