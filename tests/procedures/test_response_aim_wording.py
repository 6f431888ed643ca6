"""The 24-hour aim comes from another council's published practice: the portal words it as its
own standard, never as a promise of the authority's front door."""

from __future__ import annotations

from django.core import mail


def test_the_sent_page_and_email_word_the_24_hours_as_this_portals_standard(
    client, people, django_capture_on_commit_callbacks
):
    from tests.requests.factories import CompleteDraftFactory

    draft = CompleteDraftFactory(created_by=people.alice)
    client.force_login(people.alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/requests-for-support/{draft.pk}/check/", {"declaration": "on"}, follow=True
        )
    page = response.content.decode()
    assert "This portal's standard is a response within 24 hours" in page
    assert "aims to respond" not in page
    status = client.get(f"/requests-for-support/{draft.pk}/status/").content.decode()
    assert "This portal's standard is a response within 24 hours" in status
    assert "aims to respond" not in status
    bodies = [m.body for m in mail.outbox]
    assert all("aims to respond" not in body for body in bodies)
