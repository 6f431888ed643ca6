"""Reads of contacts, always scoped to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from referral_portal.accounts.access import can_view_child_record, scope_child_records
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record
from requests.models import Contact


def contacts_for_user(*, user: Any) -> QuerySet[Contact]:
    return scope_child_records(user, Contact.objects.all())


def get_contact_for_user(*, user: Any, pk: int, request: HttpRequest | None = None) -> Contact:
    """The contact if ``user`` may see it; 404 otherwise, with the refusal in the audit trail.

    A record the user may not see is "not found", never "forbidden": that it exists in another
    agency or authority is itself not to be disclosed. Seeing it is audited as a view.
    """
    contact = Contact.objects.filter(pk=pk).first()
    if contact is None or not can_view_child_record(user, contact):
        audit_record(
            actor=user,
            action=AuditAction.DENIED,
            object_type="requests.contact",
            object_id=pk,
            request=request,
        )
        raise Http404("No such contact")
    audit_record(actor=user, action=AuditAction.VIEW, obj=contact, request=request)
    return contact
