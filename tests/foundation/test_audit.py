"""The audit trail is append-only, written on sign-in and change, and readable by managers."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse

from referral_portal.audit.models import AppendOnlyError, AuditAction, AuditEvent
from referral_portal.audit.services import audit_record


def test_audit_event_cannot_be_changed_or_deleted_through_the_model(people):
    event = audit_record(actor=people.olga, action=AuditAction.VIEW, object_type="x", object_id=1)
    event.action = AuditAction.DELETE
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)
def test_postgres_trigger_refuses_update_and_delete_even_in_raw_sql(people):
    event = audit_record(actor=people.olga, action=AuditAction.VIEW, object_type="x", object_id=1)
    for sql in (
        "UPDATE audit_auditevent SET action = 'delete' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [event.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="delete")
    assert AuditEvent.objects.get(pk=event.pk).action == AuditAction.VIEW


def test_admin_site_offers_no_change_or_delete_of_audit_events(client, people):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root@example.org", "x-very-long-password-1")
    client.force_login(root)
    event = audit_record(actor=people.olga, action=AuditAction.VIEW, object_type="x", object_id=1)
    url = reverse("admin:audit_auditevent_change", args=[event.pk])
    response = client.post(url, {"action": "delete"})
    assert response.status_code == 403
    response = client.post(
        reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_sign_in_and_failed_sign_in_are_audited_without_the_typed_email(client, people):
    from tests.factories import PASSWORD

    client.post(
        reverse("accounts:login"), {"username": "olga@home.example.org", "password": "wrong"}
    )
    failed = AuditEvent.objects.get(action=AuditAction.SIGN_IN_FAILED)
    assert "olga" not in str(failed.changes) and failed.actor is None
    client.post(
        reverse("accounts:login"), {"username": "olga@home.example.org", "password": PASSWORD}
    )
    signed_in = AuditEvent.objects.get(action=AuditAction.SIGN_IN)
    assert signed_in.actor == people.olga and signed_in.authority_id == people.home.pk
    assert signed_in.ip == "127.0.0.1"


def test_manager_reads_only_their_authoritys_trail_and_filters_it(client, people):
    audit_record(
        actor=people.olga, action=AuditAction.VIEW, object_type="requests.contact", object_id=11
    )
    audit_record(
        actor=people.olga, action=AuditAction.UPDATE, object_type="requests.contact", object_id=12
    )
    audit_record(
        actor=people.otto, action=AuditAction.VIEW, object_type="requests.contact", object_id=99
    )
    client.force_login(people.mike)
    response = client.get(reverse("audit:trail"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "olga@home.example.org" in body and "otto@away.example.org" not in body
    response = client.get(reverse("audit:trail"), {"object_type": "requests.contact"})
    assert response.context["page"].paginator.count == 2
    response = client.get(
        reverse("audit:trail"), {"date_from_0": "31", "date_from_1": "2", "date_from_2": "2026"}
    )
    assert "Start date must be a real date" in response.content.decode()


@pytest.mark.parametrize("persona", ["alice", "lena", "olga", "dora", "adam"])
def test_only_managers_may_read_the_trail(client, people, persona):
    client.force_login(getattr(people, persona))
    assert client.get(reverse("audit:trail")).status_code == 403


def test_signed_out_visitor_is_sent_to_sign_in_from_the_trail(client, db):
    response = client.get(reverse("audit:trail"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
