"""The 24-hour aim comes from another council's published practice: the portal words it as its
own standard, never as a promise of the authority's front door."""

from __future__ import annotations

from referral_portal.outbox.models import Email


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
    ack = Email.objects.get(key=f"acknowledgement:{draft.pk}")
    assert "This portal's standard is a response within 24 hours" in ack.body
    assert "aims to" not in ack.body


def test_an_authority_without_a_response_aim_is_promised_no_time(
    client, people, django_capture_on_commit_callbacks
):
    """The aim is the authority's procedure row: with none, no deadline is set or shown, the
    page and the acknowledgement say so, and the status page has no 'Due by'."""
    from referral_portal.procedures.models import Procedure
    from tests.requests.factories import CompleteDraftFactory

    Procedure.objects.filter(authority=people.home, kind="response_aim").update(offered=False)
    draft = CompleteDraftFactory(created_by=people.alice)
    client.force_login(people.alice)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            f"/requests-for-support/{draft.pk}/check/", {"declaration": "on"}, follow=True
        ).content.decode()
    draft.refresh_from_db()
    assert draft.reference and draft.due_at is None
    assert "The portal promises no response time for Home Council" in page
    assert "24 hours" not in page
    status = client.get(f"/requests-for-support/{draft.pk}/status/").content.decode()
    assert "Due by" not in status and "24 hours" not in status
    assert "The portal promises no response time for Home Council" in status
    # The acknowledgement as the outbox holds it (sent by the worker).
    ack = Email.objects.get(key=f"acknowledgement:{draft.pk}")
    assert "24 hours" not in ack.body
    assert "promises no response time for this authority" in ack.body


def test_the_hours_and_the_extension_are_the_authoritys_row(
    client, people, django_capture_on_commit_callbacks
):
    """An administrator who sets 48 hours and no extension: the deadline is 48 hours after
    receipt and no extension is described."""
    from referral_portal.procedures.models import Procedure
    from tests.requests.factories import CompleteDraftFactory

    Procedure.objects.filter(authority=people.home, kind="response_aim").update(
        details={"hours": "48"}
    )
    draft = CompleteDraftFactory(created_by=people.alice)
    client.force_login(people.alice)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            f"/requests-for-support/{draft.pk}/check/", {"declaration": "on"}, follow=True
        ).content.decode()
    draft.refresh_from_db()
    assert (draft.due_at - draft.submitted_at).total_seconds() == 48 * 3600
    assert "a response within 48 hours" in page
    status = client.get(f"/requests-for-support/{draft.pk}/status/").content.decode()
    assert "a response within 48 hours" in status
    assert "MASH" not in status
