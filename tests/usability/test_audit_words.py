"""The audit trail speaks the manager's language: records by reference, people by name, the
portal's own work as such, and a filter by reference rather than database ids."""

from __future__ import annotations

import pytest
from django.urls import reverse

from referral_portal.audit.models import AuditAction, AuditEvent
from referral_portal.audit.services import audit_record
from tests.triage.factories import received_contact


@pytest.mark.django_db
def test_the_trail_names_records_by_reference_and_people_by_name(client, people):
    contact = received_contact(by=people.alice, authority=people.home)
    other = received_contact(by=people.alice, authority=people.home)
    assert contact.reference and other.reference
    audit_record(actor=people.olga, action=AuditAction.VIEW, obj=contact)
    audit_record(actor=people.olga, action=AuditAction.VIEW, obj=other)
    AuditEvent.objects.create(
        action=AuditAction.SEND,
        object_type="requests.contact",
        object_id=str(contact.pk),
        authority=people.home,
        actor_label="anonymous",
    )
    client.force_login(people.mike)
    page = client.get(reverse("audit:trail")).content.decode().split("<tbody")[1]
    assert f"Request for Support {contact.reference}" in page
    assert people.olga.full_name in page
    assert "The portal (automatic)" in page
    assert "requests.contact" not in page and ">anonymous<" not in page

    response = client.get(reverse("audit:trail"), {"reference": contact.reference.lower()})
    rows = list(response.context["page"])
    assert rows and all(contact.reference in row.record for row in rows)
    assert len(rows) == 2  # the officer's view and the portal's send, not the other request
    response = client.get(reverse("audit:trail"), {"reference": "NOT-A-REFERENCE"})
    assert "Nothing matches these filters." in response.content.decode()
