"""Writes of the Request for Support: drafts, children and people, attachments, submission.

Each function is keyword-only, writes in one transaction and records what it changed in the
audit trail (field names and ids, never a child's personal data).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import unicodedata
from typing import IO, Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from referral_portal import rows
from referral_portal.accounts.models import AGENCY_ROLES, Agency, Authority
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_event, audit_record
from requests import attachments as files
from requests.dashboard.services import contact_figure_statement_updated
from requests.models import (
    Attachment,
    Child,
    Contact,
    ContactStatus,
    Person,
    PossibleMatch,
)
from requests.references import reference_next
from requests.selectors import contact_missing

log = logging.getLogger(__name__)

# 003: "We aim to respond to all initial contacts within 24 hours."
RESPONSE_AIM = dt.timedelta(hours=24)
# Drafts untouched for 30 days are deleted, with a warning a week before (issue 6).
DRAFT_LIFETIME = dt.timedelta(days=30)
DRAFT_WARNING = dt.timedelta(days=23)
# Contacts still open at the front door: where a possible match is worth an officer's look.
OPEN_STATUSES = (
    ContactStatus.RECEIVED,
    ContactStatus.IN_TRIAGE,
    ContactStatus.AWAITING_MANAGER,
    ContactStatus.RETURNED,
)


class SubmissionError(Exception):
    """A request that cannot be sent: the message says why, in plain words."""


def user_may_refer(*, user: Any, authority_id: int | None) -> bool:
    """Practitioners and safeguarding leads refer to their own agency's authority only."""
    # A practitioner's authority_id is their agency's, kept in step by User.save().
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role in AGENCY_ROLES
        and user.agency_id is not None
        and authority_id is not None
        and user.authority_id == authority_id
    )


# --- drafts -----------------------------------------------------------------------------------


@transaction.atomic
def draft_start(
    *,
    user: Any,
    immediate_danger: bool,
    assessment_pk: int | None = None,
    request: HttpRequest | None = None,
) -> Contact:
    """A new draft in the user's agency's authority, prefilled with how to reach the referrer."""
    if not user_may_refer(user=user, authority_id=user.authority_id):
        raise SubmissionError("You cannot make a Request for Support from this account")
    contact = Contact.objects.create(
        authority_id=user.authority_id,
        agency_id=user.agency_id,
        created_by=user,
        status=ContactStatus.DRAFT,
        immediate_danger=immediate_danger,
        referrer_role=user.job_title[:200],
        referrer_phone=user.phone[:40],
        referrer_email=user.email,
    )
    audit_record(actor=user, action=AuditAction.CREATE, obj=contact, request=request)
    if assessment_pk is not None:
        draft_level_from_assessment(
            contact=contact, user=user, assessment_pk=assessment_pk, request=request
        )
    return contact


def _touch(contact: Contact, fields: list[str]) -> None:
    # Any edit restarts the 30-day clock and clears an expiry warning already sent.
    contact.expiry_warning_sent_at = None
    contact.save(update_fields=[*fields, "expiry_warning_sent_at", "updated_at"])


@transaction.atomic
def draft_update(
    *,
    contact: Contact,
    user: Any,
    page: str,
    fields: dict[str, Any],
    request: HttpRequest | None = None,
) -> Contact:
    """Save one page of the form; what was typed and refused on that page is forgotten."""
    _require_draft(contact=contact, user=user)
    changed = sorted(k for k, v in fields.items() if getattr(contact, k) != v)
    for name, value in fields.items():
        setattr(contact, name, value)
    contact.pending_input.pop(page, None)
    _touch(contact, [*fields.keys(), "pending_input"])
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=contact,
        request=request,
        changes={"fields": changed},
    )
    return contact


@transaction.atomic
def draft_pending_save(*, contact: Contact, user: Any, page: str, data: dict[str, Any]) -> None:
    """Keep what was typed on a page that failed validation, so it survives leaving the page."""
    _require_draft(contact=contact, user=user)
    contact.pending_input[page] = data
    _touch(contact, ["pending_input"])


@transaction.atomic
def draft_delete(*, contact: Contact, user: Any, request: HttpRequest | None = None) -> None:
    _require_draft(contact=contact, user=user)
    audit_record(actor=user, action=AuditAction.DELETE, obj=contact, request=request)
    _delete_draft(contact)


def _delete_draft(contact: Contact) -> None:
    stored = list(contact.attachments.values_list("stored_name", flat=True))
    contact.delete()
    transaction.on_commit(lambda: [files.attachment_delete_file(name) for name in stored])


def _require_draft(*, contact: Contact, user: Any) -> None:
    if contact.status != ContactStatus.DRAFT:
        raise SubmissionError("This request has been sent and can no longer be changed")
    if contact.created_by_id != user.pk:
        raise SubmissionError("Only the person who started this request can change it")


# --- level of need from a saved assessment ---------------------------------------------------


def _assessment_snapshot(*, user: Any, assessment_pk: int) -> dict[str, Any] | None:
    """The levels-of-need tool's assessment as plain data, or None if there is none to see."""
    try:
        from thresholds.selectors import assessment_for_user
    except ImportError:  # the levels-of-need tool is not installed in this build
        return None
    try:
        assessment = assessment_for_user(user=user, pk=assessment_pk)
    except Exception:  # noqa: BLE001 - not found, not theirs: the same to the practitioner
        return None
    if assessment is None:
        return None
    ticked: Any = None
    for name in ("ticked_indicators", "indicators"):
        ticked = getattr(assessment, name, None)
        if ticked is not None:
            break
    if ticked is not None and hasattr(ticked, "all"):
        ticked = ticked.all()
    framework = getattr(assessment, "framework", None)
    try:
        level = int(assessment.level)
    except (TypeError, ValueError, AttributeError):
        return None
    return {
        "level": level,
        "framework_version": str(getattr(framework, "version", "") or ""),
        "indicators": [
            {"text": str(getattr(i, "text", i)), "level": getattr(i, "level", None)}
            for i in (ticked or [])
        ],
    }


@transaction.atomic
def draft_level_from_assessment(
    *, contact: Contact, user: Any, assessment_pk: int, request: HttpRequest | None = None
) -> bool:
    """Carry a saved assessment's level and ticked indicators into the draft (a snapshot)."""
    snapshot = _assessment_snapshot(user=user, assessment_pk=assessment_pk)
    if snapshot is None or snapshot["level"] not in (1, 2, 3, 4):
        return False
    draft_update(
        contact=contact,
        user=user,
        page="level",
        fields={
            "assessment_id": assessment_pk,
            "assessment_snapshot": snapshot,
            "level_of_need": snapshot["level"],
            "level_reason": "",
        },
        request=request,
    )
    return True


# --- children and people ---------------------------------------------------------------------


def _fold(text: str) -> str:
    """Name folded for matching: no accents, no case, no spaces, hyphens or apostrophes."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in bare.casefold() if c.isalnum())


def child_match_key(*, first_name: str, last_name: str, date_of_birth: dt.date | None) -> str:
    if date_of_birth is None:
        return ""
    return f"{_fold(first_name)}|{_fold(last_name)}|{date_of_birth.isoformat()}"[:250]


@transaction.atomic
def child_save(
    *,
    contact: Contact,
    user: Any,
    fields: dict[str, Any],
    child: Child | None = None,
    page: str = "",
    request: HttpRequest | None = None,
) -> Child:
    _require_draft(contact=contact, user=user)
    if child is None:
        child = Child(contact=contact)
    for name, value in fields.items():
        setattr(child, name, value)
    child.match_key = child_match_key(
        first_name=child.first_name, last_name=child.last_name, date_of_birth=child.date_of_birth
    )
    child.save()
    contact.pending_input.pop(page, None)
    _touch(contact, ["pending_input"])
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=contact,
        request=request,
        changes={"child": child.pk, "fields": sorted(fields)},
    )
    return child


@transaction.atomic
def child_remove(
    *, contact: Contact, user: Any, child: Child, request: HttpRequest | None = None
) -> None:
    _require_draft(contact=contact, user=user)
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=contact,
        request=request,
        changes={"removed_child": child.pk},
    )
    child.delete()
    _touch(contact, [])


@transaction.atomic
def person_save(
    *,
    contact: Contact,
    user: Any,
    fields: dict[str, Any],
    person: Person | None = None,
    page: str = "",
    request: HttpRequest | None = None,
) -> Person:
    _require_draft(contact=contact, user=user)
    if person is None:
        person = Person(contact=contact)
    for name, value in fields.items():
        setattr(person, name, value)
    person.save()
    contact.pending_input.pop(page, None)
    _touch(contact, ["pending_input"])
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=contact,
        request=request,
        changes={"person": person.pk, "fields": sorted(fields)},
    )
    return person


@transaction.atomic
def person_remove(
    *, contact: Contact, user: Any, person: Person, request: HttpRequest | None = None
) -> None:
    _require_draft(contact=contact, user=user)
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=contact,
        request=request,
        changes={"removed_person": person.pk},
    )
    person.delete()
    _touch(contact, [])


# --- attachments -----------------------------------------------------------------------------


def attachment_add(
    *,
    contact: Contact,
    user: Any,
    name: str,
    size: int,
    stream: IO[bytes],
    request: HttpRequest | None = None,
) -> Attachment:
    """Check the file from its bytes and store it; ValidationError names the file if refused."""
    _require_draft(contact=contact, user=user)
    kind = files.attachment_check(
        name=name, size=size, stream=stream, already=contact.attachments.count()
    )
    stored = files.attachment_store(stream)
    try:
        with transaction.atomic():
            attachment = Attachment.objects.create(
                contact=contact,
                name=files.attachment_name_clean(name),
                stored_name=stored,
                content_type=kind.content_type,
                size=size,
                uploaded_by=user,
            )
            _touch(contact, [])
            audit_record(
                actor=user,
                action=AuditAction.UPDATE,
                obj=contact,
                request=request,
                changes={"attachment": attachment.pk},
            )
    except Exception:
        files.attachment_delete_file(stored)
        raise
    return attachment


@transaction.atomic
def attachment_remove(
    *, contact: Contact, user: Any, attachment: Attachment, request: HttpRequest | None = None
) -> None:
    _require_draft(contact=contact, user=user)
    stored = attachment.stored_name
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=contact,
        request=request,
        changes={"removed_attachment": attachment.pk},
    )
    attachment.delete()
    _touch(contact, [])
    transaction.on_commit(lambda: files.attachment_delete_file(stored))


# --- submission ------------------------------------------------------------------------------


def contact_submit(*, contact_id: int, user: Any, request: HttpRequest | None = None) -> Contact:
    """Send a draft to its authority's front door, once.

    In one transaction: the draft (locked) becomes a received contact with a reference, the
    received time and a due time 24 hours later (003), possible matches are linked and it
    enters the front door's queue. The acknowledgement email follows the commit: from the
    outbox within seconds, or in-process with no broker.
    Submitting again (a double click, a resubmitted POST) finds the contact already sent and
    returns it unchanged. Raises ``Contact.DoesNotExist`` for no such contact.

    Every submission goes through here, so it is kept to three statements on PostgreSQL (see
    ``tests/bench/submit.py`` and decision 17): the locked read (with the children and their
    possible matches), the reference, and one statement for every write, the dashboard figure
    included (``referral_portal.rows.write``); the rows are built by the same functions as
    elsewhere.
    """
    from requests.tasks import send_acknowledgement
    from requests.triage.services import queue_entry_new

    with transaction.atomic():
        # The draft is locked: a second click waits here, then finds it sent.
        contact, children, matches = _contact_locked(contact_id)
        if contact.created_by_id != user.pk:
            raise SubmissionError("Only the person who started this request can send it")
        if contact.status != ContactStatus.DRAFT:
            return contact
        if not user_may_refer(user=user, authority_id=contact.authority_id):
            raise SubmissionError("You cannot send a Request for Support to this authority")
        # The children, read with the lock, serve completeness and the queue entry.
        missing = contact_missing(
            contact,
            counts=(len(children), int(contact.has_people), int(contact.has_attachments)),
        )
        if missing:
            raise SubmissionError(f"Complete every section before you send: {', '.join(missing)}")
        now = timezone.now()
        contact.reference = reference_next(authority=contact.authority, at=now)
        contact.status = ContactStatus.RECEIVED
        contact.submitted_at = now
        contact.declaration_at = now
        contact.due_at = now + RESPONSE_AIM
        contact.pending_input = {}
        # Linked both ways, for officers (the referrer is never shown them).
        links = [
            PossibleMatch(child_id=a, matched_child_id=b)
            for child_id, other_id in matches
            for a, b in ((child_id, other_id), (other_id, child_id))
        ]
        # Into the front door's queue in the same transaction: received means queued.
        triage, entry = queue_entry_new(contact=contact, children=children)
        event = audit_event(
            actor=user,
            action=AuditAction.UPDATE,
            obj=contact,
            request=request,
            changes={"status": ContactStatus.RECEIVED, "possible_matches": len(links) // 2},
        )
        rows.write(
            update=(contact, _SUBMITTED_FIELDS),
            inserts=[triage, entry, event],
            many=(PossibleMatch, links),
            # Received: counted on the dashboard from this transaction on.
            then=[contact_figure_statement_updated()],
        )
        if send_acknowledgement.app.conf.task_always_eager:
            # No broker (a first run): sent here, once the transaction has committed.
            send_acknowledgement.delay_on_commit(contact.pk)
        # With a broker the outbox (``acknowledgements_queue``, every few seconds from beat)
        # hands it to the worker: the request does not wait on the broker, nor fail with it.
    return contact


_SUBMITTED_FIELDS = (
    "reference",
    "status",
    "submitted_at",
    "declaration_at",
    "due_at",
    "pending_input",
    "updated_at",
)


def _contact_locked(contact_id: int) -> tuple[Contact, list[Child], list[tuple[int, int]]]:
    """The contact, locked, with its authority and agency; whether it has any people and any
    attachments (``has_people``, ``has_attachments``: all completeness asks); its children;
    and their possible matches as (child, other child) pairs: all in one statement."""
    with connection.cursor() as cursor:
        rows.execute(cursor, _locked_sql(), [*OPEN_STATUSES, contact_id])
        found = cursor.fetchall()
    if not found:
        raise Contact.DoesNotExist(f"No contact {contact_id}")
    row = found[0]
    contact = rows.from_row(Contact, row)
    at = rows.width(Contact)
    Contact.authority.field.set_cached_value(contact, rows.from_row(Authority, row, at))
    at += rows.width(Authority)
    Contact.agency.field.set_cached_value(contact, rows.from_row(Agency, row, at))
    at += rows.width(Agency)
    contact.has_people, contact.has_attachments = bool(row[at]), bool(row[at + 1])
    at += 2
    children = [rows.from_row(Child, r, at) for r in found if r[at] is not None]
    matches = [
        (r[at], int(other))
        for r in found
        if r[at] is not None and r[-1]
        for other in str(r[-1]).split(",")
    ]
    return contact, children, matches


# The submission's read. Possible matches (issue 6): children with the same match key (name
# and date of birth, ignoring case, accents and spacing) in the authority's other open
# contacts. Only column lists and table names from the models' ``_meta`` are formatted in
# (``referral_portal.rows``); every value is a parameter.
_LOCKED_TEMPLATE = """
SELECT {contact_columns}, {authority_columns}, {agency_columns},
       EXISTS (SELECT 1 FROM {person} p WHERE p.contact_id = c.id),
       EXISTS (SELECT 1 FROM {attachment} a WHERE a.contact_id = c.id),
       {child_columns},
       (SELECT {ids} FROM {child} m JOIN {contact} mc ON mc.id = m.contact_id
        WHERE m.match_key = ch.match_key AND ch.match_key <> '' AND mc.status IN ({statuses})
          AND mc.authority_id = c.authority_id AND mc.id <> c.id)
FROM {contact} c
JOIN {authority} au ON au.id = c.authority_id
JOIN {agency} ag ON ag.id = c.agency_id
LEFT JOIN {child} ch ON ch.contact_id = c.id
WHERE c.id = %s
ORDER BY ch.id{lock}
"""


@functools.cache
def _locked_sql() -> str:
    """The statement, built once the models (and the database vendor) are known."""
    table = {m.__name__.lower(): connection.ops.quote_name(m._meta.db_table) for m in _READ}
    return _LOCKED_TEMPLATE.format(
        contact_columns=rows.select_columns(Contact, "c"),
        authority_columns=rows.select_columns(Authority, "au"),
        agency_columns=rows.select_columns(Agency, "ag"),
        child_columns=rows.select_columns(Child, "ch"),
        statuses=", ".join(["%s"] * len(OPEN_STATUSES)),
        # A child's matches as "12,34": a subquery per child, so it is planned from the match
        # key's index whatever the parameters (a join was planned from the statuses instead).
        ids="string_agg(CAST(m.id AS TEXT), ',')"
        if connection.vendor == "postgresql"
        else "group_concat(m.id, ',')",
        # SQLite has no row locks: its writes are serialised by the database lock.
        lock=" FOR UPDATE OF c" if connection.features.has_select_for_update_of else "",
        **table,
    )


_READ = (Contact, Authority, Agency, Person, Attachment, Child)


# --- emails (run by tasks) ---------------------------------------------------------------------


def status_url(contact: Contact) -> str:
    return settings.PORTAL_BASE_URL + reverse("requests:status", args=[contact.pk])


def acknowledgement_send(*, contact_id: int) -> bool:
    """Email the referrer the reference and a link; no child's data. Sent at most once.

    The contact is claimed with a conditional update; if sending fails the claim is released
    so that the task's retry can send it.
    """
    now = timezone.now()
    claimed = (
        Contact.objects.filter(pk=contact_id, acknowledgement_sent_at__isnull=True)
        .exclude(status=ContactStatus.DRAFT)
        .update(acknowledgement_sent_at=now)
    )
    if claimed != 1:
        return False
    # Only what the email and the audit row use: not the request's text, not the password hash.
    contact = (
        Contact.objects.select_related("authority", "created_by")
        .only(
            "reference",
            "submitted_at",
            "authority__front_door_name",
            "created_by__full_name",
            "created_by__email",
        )
        .get(pk=contact_id)
    )
    received = timezone.localtime(contact.submitted_at)
    body = (
        f"Dear {contact.created_by.full_name},\n\n"
        f"{contact.authority.front_door_name} received your Request for Support "
        f"on {received:%-d %B %Y} at {received:%-I:%M%p}.\n\n"
        f"Reference: {contact.reference}\n\n"
        "This portal's standard is a response within 24 hours. You can follow what happens to your "
        f"request here (sign in needed):\n{status_url(contact)}\n\n"
        "If a child is in immediate danger, call 999.\n\n"
        "This email does not contain details of the child or family: keep it with your records.\n"
    )
    try:
        send_mail(
            subject=f"Request for Support received: {contact.reference}",
            message=body,
            from_email=None,
            recipient_list=[contact.created_by.email],
        )
    except Exception:
        Contact.objects.filter(pk=contact_id, acknowledgement_sent_at=now).update(
            acknowledgement_sent_at=None
        )
        raise
    audit_record(
        actor=None,
        action=AuditAction.SEND,
        obj=contact,
        changes={"email": "acknowledgement"},
    )
    return True


# An acknowledgement queued but still not sent after this is queued again (the task's own
# retries, with backoff up to 10 minutes, span about half an hour).
ACKNOWLEDGEMENT_REQUEUE_AFTER = dt.timedelta(hours=1)
# Not sent later than this after the request: by then the referrer has had the confirmation
# page and the status page, and a contact from before the outbox existed is not mailed now.
ACKNOWLEDGEMENT_WINDOW = dt.timedelta(days=2)


def acknowledgements_queue(*, now: dt.datetime | None = None, limit: int = 500) -> list[int]:
    """The acknowledgement outbox, emptied by beat every few seconds: queue the task for each
    received contact whose acknowledgement is not sent and not already queued (or queued an
    hour ago without result). Returns the contacts' ids.

    A submission only commits; this hands its acknowledgement to the worker. So a broker that
    is down when a request is sent loses nothing, and the request does not wait on the broker.
    Published first, marked after (in one UPDATE): a crash in between publishes it twice, and
    the send's own claim sends it once.
    """
    from requests.tasks import send_acknowledgement

    now = now or timezone.now()
    due = (
        Contact.objects.filter(
            acknowledgement_sent_at__isnull=True, submitted_at__gte=now - ACKNOWLEDGEMENT_WINDOW
        )
        .exclude(status=ContactStatus.DRAFT)
        .filter(
            Q(acknowledgement_queued_at__isnull=True)
            | Q(acknowledgement_queued_at__lt=now - ACKNOWLEDGEMENT_REQUEUE_AFTER)
        )
        .order_by("submitted_at")
        .values_list("pk", flat=True)[:limit]
    )
    queued: list[int] = []
    try:
        for pk in due:
            send_acknowledgement.delay(pk)
            queued.append(pk)
    finally:  # those published are marked, even if the broker fails part way
        Contact.objects.filter(pk__in=queued).update(acknowledgement_queued_at=now)
    return queued


def drafts_expire(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Warn owners of drafts untouched for 23 days; delete drafts untouched for 30 days."""
    now = now or timezone.now()
    deleted = 0
    for contact in Contact.objects.filter(
        status=ContactStatus.DRAFT, updated_at__lt=now - DRAFT_LIFETIME
    ):
        with transaction.atomic():
            audit_record(
                actor=None, action=AuditAction.DELETE, obj=contact, changes={"reason": "expired"}
            )
            _delete_draft(contact)
            deleted += 1
    warned = 0
    due = Contact.objects.filter(
        Q(status=ContactStatus.DRAFT)
        & Q(updated_at__lt=now - DRAFT_WARNING)
        & Q(expiry_warning_sent_at__isnull=True)
    ).select_related("created_by")
    for contact in due:
        # Claimed first: a second run of the task finds it warned and sends nothing.
        if not Contact.objects.filter(
            pk=contact.pk, expiry_warning_sent_at__isnull=True, updated_at=contact.updated_at
        ).update(expiry_warning_sent_at=now):
            continue
        deletion = timezone.localtime(contact.updated_at + DRAFT_LIFETIME)
        send_mail(
            subject="Your draft Request for Support will be deleted in 7 days",
            message=(
                f"Dear {contact.created_by.full_name},\n\n"
                "You have a draft Request for Support that has not been changed for 23 days. "
                f"It will be deleted on {deletion:%-d %B %Y} unless you open and save it.\n\n"
                f"Your drafts: {settings.PORTAL_BASE_URL}{reverse('requests:drafts')}\n\n"
                "This email does not contain details of the child or family.\n"
            ),
            from_email=None,
            recipient_list=[contact.created_by.email],
            fail_silently=True,
        )
        warned += 1
    return warned, deleted


# --- the API: a whole request in one call ---------------------------------------------------

CONTACT_FIELDS = (
    "referrer_role",
    "referrer_phone",
    "referrer_email",
    "categories",
    "past_harm",
    "future_danger",
    "complicating_factors",
    "existing_strengths",
    "existing_safety",
    "needs_to_happen",
    "safety_scale",
    "safety_scale_reason",
    "child_words",
    "child_heard_how",
    "level_of_need",
    "level_reason",
    "consent",
    "consent_refused_details",
    "consent_not_sought_reason",
    "consent_not_sought_details",
)


@transaction.atomic
def request_create(
    *,
    user: Any,
    fields: dict[str, Any],
    children: list[dict[str, Any]],
    people: list[dict[str, Any]],
    immediate_danger: bool = False,
    request: HttpRequest | None = None,
) -> Contact:
    """A whole Request for Support (already validated) made and sent in one transaction."""
    contact = draft_start(user=user, immediate_danger=immediate_danger, request=request)
    draft_update(
        contact=contact,
        user=user,
        page="api",
        fields={k: v for k, v in fields.items() if k in CONTACT_FIELDS},
        request=request,
    )
    for child in children:
        child_save(contact=contact, user=user, fields=child, request=request)
    for person in people:
        person_save(contact=contact, user=user, fields=person, request=request)
    return contact_submit(contact_id=contact.pk, user=user, request=request)
