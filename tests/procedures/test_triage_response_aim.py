"""The front door's deadlines are the authority's response aim (its procedure row): with no
aim, the queue and the record show no deadline and no extension can be asked for."""

from __future__ import annotations

from referral_portal.procedures.models import Procedure


def _send(client, people, django_capture_on_commit_callbacks):
    from tests.requests.factories import CompleteDraftFactory

    draft = CompleteDraftFactory(created_by=people.alice)
    client.force_login(people.alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/requests-for-support/{draft.pk}/check/", {"declaration": "on"})
    draft.refresh_from_db()
    return draft


def test_the_queue_and_record_word_the_aim_as_this_portals_standard(
    client, people, django_capture_on_commit_callbacks
):
    contact = _send(client, people, django_capture_on_commit_callbacks)
    client.force_login(people.olga)
    queue = client.get("/triage/").content.decode()
    assert "This portal's standard is a response within 24 hours." in queue
    record = client.get(f"/triage/contacts/{contact.pk}/").content.decode()
    assert "Due (24-hour aim, this portal&#x27;s standard)" in record
    page = client.get(f"/triage/contacts/{contact.pk}/extension/")
    assert page.status_code == 200
    assert "Multi Agency Safeguarding Hub (MASH)" in page.content.decode()


def test_no_response_aim_no_deadline_and_no_extension(
    client, people, django_capture_on_commit_callbacks
):
    Procedure.objects.filter(authority=people.home, kind="response_aim").delete()
    contact = _send(client, people, django_capture_on_commit_callbacks)
    assert contact.due_at is None
    client.force_login(people.olga)
    queue = client.get("/triage/").content.decode()
    assert contact.reference in queue
    assert "The authority has no response aim in the portal: no deadline is set" in queue
    assert "No deadline" in queue and "within 24 hours" not in queue
    assert "govuk-tag--red" not in queue  # no 'Overdue' tag
    record = client.get(f"/triage/contacts/{contact.pk}/").content.decode()
    assert "No deadline: the authority has no response aim in the portal" in record
    page = client.get(f"/triage/contacts/{contact.pk}/extension/", follow=True)
    assert "gives no extension, so none can be asked for" in page.content.decode()


def test_the_dashboard_measures_against_the_authoritys_aim_or_says_it_has_none(client, people):
    client.force_login(people.mike)
    page = client.get("/dashboard/").content.decode()
    assert "24-hour dashboard" in page and "Decided within 24 hours" in page
    Procedure.objects.filter(authority=people.home, kind="response_aim").update(
        details={"hours": "48"}
    )
    page = client.get("/dashboard/").content.decode()
    assert "48-hour dashboard" in page and "Decided within 48 hours" in page
    Procedure.objects.filter(authority=people.home, kind="response_aim").update(offered=False)
    page = client.get("/dashboard/").content.decode()
    assert "Home Council has no response aim in the portal" in page
    assert "within 24 hours" not in page and "within 48 hours" not in page
    assert "has no response aim" in client.get("/dashboard/export.csv").content.decode()
