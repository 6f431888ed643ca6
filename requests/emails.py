"""Emails of the Request for Support: the acknowledgement and the draft-expiry warning. Both
are written to the outbox (referral_portal/outbox) in the transaction that causes them; the
core sends them. Neither holds a child's details."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from referral_portal.accounts.models import Role
from referral_portal.govuk.dates import clock, day
from referral_portal.outbox.models import Email
from referral_portal.outbox.registry import Kind, register
from referral_portal.outbox.services import email_build, email_queue
from referral_portal.procedures.selectors import ResponseAim
from requests.models import Contact

ACKNOWLEDGEMENT = "acknowledgement"
DRAFT_WARNING = "draft_warning"


def register_kinds() -> None:
    # A referrer not told their request arrived: the front door sees it and sends it again.
    register(
        Kind(
            name=ACKNOWLEDGEMENT,
            label="Request for Support: acknowledgement to the referrer",
            responsible=frozenset({Role.OFFICER, Role.MANAGER}),
        )
    )
    # A warning that did not go keeps the draft (its deletion waits for the warning): the
    # administrator, who answers for practitioners' accounts, sees it and sends it again.
    register(
        Kind(
            name=DRAFT_WARNING,
            label="Draft Request for Support: deletion warning",
            responsible=frozenset({Role.ADMIN}),
        )
    )


def status_url(contact: Contact) -> str:
    return settings.PORTAL_BASE_URL + reverse("requests:status", args=[contact.pk])


def acknowledgement_key(contact: Contact) -> str:
    return f"acknowledgement:{contact.pk}"


def acknowledgement(contact: Contact, *, referrer: object, aim: ResponseAim | None) -> Email:
    """The unsaved acknowledgement of a contact just sent: the reference and a link, no child's
    data. The submission writes it with its other rows in one statement. The response aim is
    the authority's procedure's (None: no time is promised)."""
    received = timezone.localtime(contact.submitted_at)
    if aim is not None and contact.due_at is not None:
        due = timezone.localtime(contact.due_at)
        by = f"{clock(due)} on {due:%A} {day(due)}"
        timing = aim.sentence(front_door=contact.authority.front_door_name, by=by) + " "
    else:
        timing = (
            f"{contact.authority.front_door_name} will look at your request. The portal "
            "promises no response time for this authority: none of its sources gives one. "
        )
    body = (
        f"Dear {referrer.full_name},\n\n"  # type: ignore[attr-defined]  # the referrer is a User; typed Any | None here
        f"{contact.authority.front_door_name} received your Request for Support "
        f"on {day(received)} at {clock(received)}.\n\n"
        f"Reference: {contact.reference}\n\n"
        f"{timing}You can follow what happens to your request here (sign in needed):\n"
        f"{status_url(contact)}\n\n"
        "If a child is in immediate danger, call 999.\n\n"
        "This email does not contain details of the child or family: keep it with your records.\n"
    )
    return email_build(
        kind=ACKNOWLEDGEMENT,
        key=acknowledgement_key(contact),
        to=referrer.email,  # type: ignore[attr-defined]  # the referrer is a User; typed Any | None here
        subject=f"Request for Support received: {contact.reference}",
        body=body,
        authority_id=contact.authority_id,
        obj=contact,
    )


def draft_warning(contact: Contact, *, deletion: dt.datetime) -> Email:
    """Queue the warning that an untouched draft will be deleted (one per period untouched)."""
    on = timezone.localtime(deletion)
    return email_queue(
        kind=DRAFT_WARNING,
        key=f"draft-warning:{contact.pk}:{contact.updated_at.timestamp():.6f}",
        to=contact.created_by.email,
        subject="Your draft Request for Support will be deleted in 7 days",
        body=(
            f"Dear {contact.created_by.full_name},\n\n"
            "You have a draft Request for Support that has not been changed for 23 days. "
            f"It will be deleted on or after {on:%-d %B %Y} unless you open and save it.\n\n"
            f"Your drafts: {settings.PORTAL_BASE_URL}{reverse('requests:drafts')}\n\n"
            "This email does not contain details of the child or family.\n"
        ),
        authority_id=contact.authority_id,
        obj=contact,
    )


# --- emails in flight under the mechanisms before the outbox (issue 24) ------------------------

# The old acknowledgement sweep gave up on a contact received more than 2 days before.
OLD_ACKNOWLEDGEMENT_WINDOW = dt.timedelta(days=2)


def acknowledgements_in_flight(apps: Any) -> int:
    """For the migration that drops the old markers, before it drops them: every received
    contact whose acknowledgement the old mechanism had not sent (``acknowledgement_sent_at``
    empty, within its window) gets its acknowledgement in the outbox, worded as a new one. Reads
    and writes with the migration's models (``apps``); returns how many were written."""
    from referral_portal.procedures.selectors import response_aim_from

    contact_model = apps.get_model("requests", "Contact")
    procedure_model = apps.get_model("procedures", "Procedure")
    email_model = apps.get_model("outbox", "Email")
    due = (
        contact_model.objects.filter(
            acknowledgement_sent_at__isnull=True,
            submitted_at__gte=timezone.now() - OLD_ACKNOWLEDGEMENT_WINDOW,
        )
        .exclude(status="draft")
        .select_related("authority", "created_by")
    )
    written = 0
    for contact in due:
        if email_model.objects.filter(key=f"acknowledgement:{contact.pk}").exists():
            continue
        row = procedure_model.objects.filter(
            authority_id=contact.authority_id, kind="response_aim", offered=True
        ).first()
        aim = None
        if row is not None:
            parts = [row.source_publisher, row.source_title, row.source_section]
            aim = response_aim_from(
                details=row.details,
                portal_standard=row.portal_standard,
                citation=", ".join(p for p in parts if p),
            )
        email = acknowledgement(contact, referrer=contact.created_by, aim=aim)
        email_model.objects.create(
            **{
                f.attname: getattr(email, f.attname)
                for f in email_model._meta.concrete_fields
                if f.attname != "id"
            }
        )
        written += 1
    return written
