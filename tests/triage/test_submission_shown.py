"""The officer's record shows the whole Request for Support (issue 18, review F2/D1)."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from referral_portal.audit.models import AuditAction, AuditEvent
from tests.triage.factories import PNG, full_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def full(people):
    return full_submission(people)


def test_the_record_shows_every_field_the_referrer_sent(people, client_for, full):
    response = client_for(people.olga).get(reverse("triage:record", args=[full.pk]))
    page = html.unescape(response.content.decode())
    for shown in (
        "Neglect",
        "Domestic abuse, including controlling or coercive behaviour",
        "Arrives hungry most mornings.",
        "Worried the younger child is left alone.",
        "Recent house move.",
        "Grandmother visits weekly.",
        "Breakfast club place offered.",
        "A conversation with mother about support.",
        "Some food at home but not reliably.",
        "I make my own tea.",
        "Talked with the class teacher at break time.",
        "Needs are complex and more than one agency is involved.",
        "Persistent missed health appointments (level 3)",
        "The parents refused consent",
        "Mother said she did not want social services involved.",
        # the child
        "Mia Example",
        "4 May 2017",
        "Female",
        "White British",
        "1 Example Road<br>Exampletown",
        "Example Primary",
        "Polish",
        "Uses a hearing aid.",
        # the person
        "Jo Example",
        "Mother",
        "Address unsafe",
        "Yes: do not send letters there",
        "9 Hidden Lane<br>Elsewhere",
        "jo@example.org",
        "07700 900123",
        "Interpreter: Polish",
        "EasyRead",
        "Large print",
    ):
        assert shown in page, shown
    assert '<dd class="govuk-summary-list__value">4</dd>' in page.replace("\n", "")


def test_attachments_are_links_that_check_access_and_are_audited(people, client_for, full):
    officer = client_for(people.olga)
    attachment = full.attachments.get()
    url = reverse("requests:attachment_download", args=[full.pk, attachment.pk])
    page = officer.get(reverse("triage:record", args=[full.pk])).content.decode()
    assert f'href="{url}"' in page
    download = officer.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG
    assert AuditEvent.objects.filter(
        action=AuditAction.DOWNLOAD, actor=people.olga, object_id=str(full.pk)
    ).exists()
    # Another authority's officer cannot fetch it.
    assert client_for(people.otto).get(url).status_code == 404
