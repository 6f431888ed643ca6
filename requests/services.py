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

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest
from django.utils import timezone

from referral_portal import rows
from referral_portal.accounts.models import AGENCY_ROLES, Agency, Authority, User
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_event, audit_record
from referral_portal.errors import DomainError
from referral_portal.outbox.models import Email, EmailStatus
from referral_portal.outbox.services import emails_cancel, emails_dispatch_on_commit
from referral_portal.outbox.services import in_process as outbox_in_process
from referral_portal.procedures.models import Kind, Procedure
from referral_portal.procedures.selectors import ResponseAim, response_aim_from
from referral_portal.tasks import after_commit
from requests import attachments as files
from requests import emails
from requests.dashboard.services import contact_figure_refresh_of
from requests.models import (
    Attachment,
    Child,
    Contact,
    ContactStatus,
    DeclaredPR,
    Person,
    PossibleMatch,
    pr_summary,
)
from requests.references import reference_next
from requests.selectors import contact_missing
from thresholds.selectors import assessment_for_user

log = logging.getLogger(__name__)

# Drafts untouched for 30 days are deleted, with a warning a week before (issue 6).
DRAFT_LIFETIME = dt.timedelta(days=30)
DRAFT_WARNING = dt.timedelta(days=23)
# A draft is deleted no sooner than this after its warning was delivered.
DRAFT_NOTICE = DRAFT_LIFETIME - DRAFT_WARNING
# Contacts still open at the front door: where a possible match is worth an officer's look.
OPEN_STATUSES = (
    ContactStatus.RECEIVED,
    ContactStatus.IN_TRIAGE,
    ContactStatus.AWAITING_MANAGER,
    ContactStatus.RETURNED,
)


class SubmissionError(DomainError):
    """A request that cannot be sent: the message says why, in plain words. The API answers
    403: the account may not send this request (as it may not change another's draft)."""

    api_status = 403


def user_may_refer(*, user: User, authority_id: int | None) -> bool:
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
    user: User,
    immediate_danger: bool,
    assessment_pk: int | None = None,
    request: HttpRequest | None = None,
) -> Contact:
    """A new draft in the user's agency's authority, prefilled with how to reach the referrer."""
    if not user_may_refer(user=user, authority_id=user.authority_id):
        raise SubmissionError("You cannot make a Request for Support from this account")
    contact = Contact.objects.create(
        authority_id=user.authority_id or 0,  # user_may_refer: never None here
        agency_id=user.agency_id or 0,  # user_may_refer: never None here
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
    # Any edit restarts the 30-day clock and clears an expiry warning already sent (one still
    # waiting in the outbox is no longer true: it is cancelled).
    if contact.expiry_warning_sent_at is not None:
        emails_cancel(kind=emails.DRAFT_WARNING, obj=contact)
    contact.expiry_warning_sent_at = None
    contact.save(update_fields=[*fields, "expiry_warning_sent_at", "updated_at"])


@transaction.atomic
def draft_update(
    *,
    contact: Contact,
    user: User,
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
def draft_pending_save(*, contact: Contact, user: User, page: str, data: dict[str, Any]) -> None:
    """Keep what was typed on a page that failed validation, so it survives leaving the page."""
    _require_draft(contact=contact, user=user)
    contact.pending_input[page] = data
    _touch(contact, ["pending_input"])


@transaction.atomic
def draft_delete(*, contact: Contact, user: User, request: HttpRequest | None = None) -> None:
    _require_draft(contact=contact, user=user)
    audit_record(actor=user, action=AuditAction.DELETE, obj=contact, request=request)
    _delete_draft(contact)


def _delete_draft(contact: Contact) -> None:
    stored = list(contact.attachments.values_list("stored_name", flat=True))
    emails_cancel(kind=emails.DRAFT_WARNING, obj=contact)
    contact.delete()

    def delete_files() -> None:
        for name in stored:
            files.attachment_delete_file(name)

    after_commit(delete_files, what="deleting a deleted draft's files")


def _require_draft(*, contact: Contact, user: User) -> None:
    if contact.status != ContactStatus.DRAFT:
        raise SubmissionError("This request has been sent and can no longer be changed")
    if contact.created_by_id != user.pk:
        raise SubmissionError("Only the person who started this request can change it")


# --- level of need from a saved assessment ---------------------------------------------------


def _assessment_snapshot(*, user: User, assessment_pk: int) -> dict[str, Any] | None:
    """The levels-of-need tool's assessment as plain data, or None if there is none to see."""
    # Not found and not theirs are the same to the practitioner: None.
    assessment = assessment_for_user(user=user, pk=assessment_pk)
    if assessment is None or assessment.level is None:
        return None
    return {
        "level": assessment.level,
        "framework_version": assessment.framework.version,
        "indicators": [{"text": i.text, "level": i.level} for i in assessment.indicators.all()],
    }


@transaction.atomic
def draft_level_from_assessment(
    *, contact: Contact, user: User, assessment_pk: int, request: HttpRequest | None = None
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
    user: User,
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
    *, contact: Contact, user: User, child: Child, request: HttpRequest | None = None
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
    # The people's answers for that child went with it: their summaries follow.
    for person in contact.people.prefetch_related("declared_pr"):
        summary = pr_summary([d.parental_responsibility for d in person.declared_pr.all()])
        if summary != person.parental_responsibility:
            person.parental_responsibility = summary
            person.save(update_fields=["parental_responsibility"])
    _touch(contact, [])


@transaction.atomic
def person_save(
    *,
    contact: Contact,
    user: User,
    fields: dict[str, Any],
    person: Person | None = None,
    page: str = "",
    request: HttpRequest | None = None,
) -> Person:
    _require_draft(contact=contact, user=user)
    fields = dict(fields)
    # The referrer's answer per child ({child id: "yes" | "no" | "not_known"}).
    declared: dict[int, str] | None = fields.pop("declared_pr", None)
    if person is None:
        person = Person(contact=contact)
    for name, value in fields.items():
        setattr(person, name, value)
    if declared is not None:
        children = set(contact.children.values_list("pk", flat=True))
        declared = {int(k): v for k, v in declared.items() if int(k) in children}
        kept = {
            d.child_id: d.parental_responsibility
            for d in (person.declared_pr.all() if person.pk else [])
            if d.child_id not in declared
        }
        person.parental_responsibility = pr_summary([*declared.values(), *kept.values()])
    person.save()
    if declared:
        for child_id, value in declared.items():
            DeclaredPR.objects.update_or_create(
                person=person, child_id=child_id, defaults={"parental_responsibility": value}
            )
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
    *, contact: Contact, user: User, person: Person, request: HttpRequest | None = None
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
    user: User,
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
            # Counted again under the draft's row lock: concurrent uploads queue here, so the
            # limit holds (review L7: 12 at once left 7).
            Contact.objects.select_for_update().filter(pk=contact.pk).first()
            if Attachment.objects.filter(contact_id=contact.pk).count() >= files.MAX_FILES:
                raise ValidationError(
                    f"You can attach up to {files.MAX_FILES} files; remove one to add "
                    f"{files.attachment_name_clean(name)}"
                )
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
    *, contact: Contact, user: User, attachment: Attachment, request: HttpRequest | None = None
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
    after_commit(lambda: files.attachment_delete_file(stored), what="deleting a removed file")


# --- submission ------------------------------------------------------------------------------


def contact_submit(*, contact_id: int, user: User, request: HttpRequest | None = None) -> Contact:
    """Send a draft to its authority's front door, once.

    In one transaction: the draft (locked) becomes a received contact with a reference, the
    received time and a due time by the authority's response aim (its procedure row; none, and
    no deadline, where it has none), possible matches are linked and it
    enters the front door's queue, and the acknowledgement is written to the email outbox. It
    is sent after the commit: by the worker within seconds (the outbox's sweep), or in this
    process with no broker.
    Submitting again (a double click, a resubmitted POST) finds the contact already sent and
    returns it unchanged. Raises ``Contact.DoesNotExist`` for no such contact.

    Every submission goes through here, so it is kept to three statements on PostgreSQL (see
    ``tests/bench/submit.py`` and decision 17): the locked read (with the children and their
    possible matches), the reference, and one statement for every write, the dashboard figure
    and the acknowledgement included (``referral_portal.rows.write``); the rows are built by
    the same functions as elsewhere.
    """
    from requests.triage.services import queue_entry_new

    with transaction.atomic():
        # The draft is locked: a second click waits here, then finds it sent.
        contact, children, matches, aim = _contact_locked(contact_id)
        if contact.created_by_id != user.pk:
            raise SubmissionError("Only the person who started this request can send it")
        if contact.status != ContactStatus.DRAFT:
            return contact
        if not user_may_refer(user=user, authority_id=contact.authority_id):
            raise SubmissionError("You cannot send a Request for Support to this authority")
        # The children, read with the lock, serve completeness and the queue entry.
        missing = contact_missing(
            contact,
            counts=(
                len(children),
                contact.n_people,  # type: ignore[attr-defined]  # counts set by _read
                int(contact.has_attachments),  # type: ignore[attr-defined]  # counts set by _read
                contact.n_declared,  # type: ignore[attr-defined]  # counts set by _read
            ),
        )
        if missing:
            raise SubmissionError(f"Complete every section before you send: {', '.join(missing)}")
        now = timezone.now()
        contact.reference = reference_next(authority=contact.authority, at=now)
        contact.status = ContactStatus.RECEIVED
        contact.submitted_at = now
        contact.declaration_at = now
        contact.due_at = now + aim.delta if aim is not None else None
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
        # The acknowledgement, in the same transaction: sent means it will be acknowledged.
        acknowledgement = emails.acknowledgement(contact, referrer=user, aim=aim)
        rows.write(
            update=(contact, _SUBMITTED_FIELDS),
            inserts=[triage, entry, event, acknowledgement],
            many=(PossibleMatch, links),
            # Received: counted on the dashboard from this transaction on.
            then=[contact_figure_refresh_of],
        )
        if outbox_in_process():
            # No broker (a first run): sent here, once the transaction has committed.
            emails_dispatch_on_commit(keys=[acknowledgement.key or ""])
        # With a broker the outbox's sweep (every few seconds from beat) hands it to the
        # worker: the request does not wait on the broker, nor fail with it.
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


def _contact_locked(
    contact_id: int,
) -> tuple[Contact, list[Child], list[tuple[int, int]], ResponseAim | None]:
    """The contact, locked, with its authority and agency; how many people it has, whether it
    has attachments and how many per-child parental responsibility answers (``n_people``,
    ``has_attachments``, ``n_declared``: all completeness asks); its children; their possible
    matches as (child, other child) pairs; and the authority's response aim (None: it has
    none): all in one statement."""
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
    # The statement's counts, carried on the instance for contact_missing (not fields).
    contact.n_people = int(row[at])  # type: ignore[attr-defined]  # see above
    contact.has_attachments = bool(row[at + 1])  # type: ignore[attr-defined]  # see above
    contact.n_declared = int(row[at + 2])  # type: ignore[attr-defined]  # see above
    aim = _aim(row[at + 3])
    at += 4
    children = [rows.from_row(Child, r, at) for r in found if r[at] is not None]
    matches = [
        (r[at], int(other))
        for r in found
        if r[at] is not None and r[-1]
        for other in str(r[-1]).split(",")
    ]
    return contact, children, matches, aim


# The submission's read. Possible matches (issue 6): children with the same match key (name
# and date of birth, ignoring case, accents and spacing) in the authority's other open
# contacts. Only column lists and table names from the models' ``_meta`` are formatted in
# (``referral_portal.rows``); every value is a parameter.
_LOCKED_TEMPLATE = """
SELECT {contact_columns}, {authority_columns}, {agency_columns},
       (SELECT COUNT(*) FROM {person} p WHERE p.contact_id = c.id),
       EXISTS (SELECT 1 FROM {attachment} a WHERE a.contact_id = c.id),
       (SELECT COUNT(*) FROM {declaredpr} d JOIN {person} dp ON dp.id = d.person_id
        WHERE dp.contact_id = c.id),
       (SELECT pr.details FROM {procedure} pr
        WHERE pr.authority_id = c.authority_id AND pr.kind = '{response_aim}' AND pr.offered),
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
        response_aim=Kind.RESPONSE_AIM.value,
        # A child's matches as "12,34": a subquery per child, so it is planned from the match
        # key's index whatever the parameters (a join was planned from the statuses instead).
        ids="string_agg(CAST(m.id AS TEXT), ',')"
        if connection.vendor == "postgresql"
        else "group_concat(m.id, ',')",
        # SQLite has no row locks: its writes are serialised by the database lock.
        lock=" FOR UPDATE OF c" if connection.features.has_select_for_update_of else "",
        **table,
    )


_READ = (Contact, Authority, Agency, Person, Attachment, Child, DeclaredPR, Procedure)


def _aim(details: str | None) -> ResponseAim | None:
    """The authority's response aim from its offered procedure row's details, read with the
    submission's statement (a string from the database, parsed as the model field does)."""
    if details is None:
        return None
    field = Procedure._meta.get_field("details")
    # JSONField.from_db_value reads no expression: None, as Django's own compiler passes it.
    parsed = field.from_db_value(details, None, connection)  # type: ignore[arg-type]  # see the comment above
    return response_aim_from(details=parsed)


def drafts_expire(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Warn owners of drafts untouched for 23 days; delete drafts untouched for 30 days, and
    only once their warning was delivered at least 7 days before.

    A warning that could not be delivered postpones the deletion: the draft stays while the
    outbox tries again, and while the warning is shown as failed to the administrator, until it
    has gone and 7 days have passed. Returns (warned, deleted).
    """
    now = now or timezone.now()
    deleted = 0
    delivered = Email.objects.filter(
        kind=emails.DRAFT_WARNING,
        object_type=Contact._meta.label_lower,
        object_id=OuterRef("pk"),
        # a warning about this untouched period, not one before the draft was last saved
        created_at__gte=OuterRef("updated_at"),
        status=EmailStatus.SENT,
        sent_at__lte=now - DRAFT_NOTICE,
    )
    for contact in Contact.objects.filter(
        Exists(delivered), status=ContactStatus.DRAFT, updated_at__lt=now - DRAFT_LIFETIME
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
        with transaction.atomic():
            # Claimed first: a second run of the task finds it warned and writes nothing.
            if not Contact.objects.filter(
                pk=contact.pk, expiry_warning_sent_at__isnull=True, updated_at=contact.updated_at
            ).update(expiry_warning_sent_at=now):
                continue
            deletion = max(contact.updated_at + DRAFT_LIFETIME, now + DRAFT_NOTICE)
            emails.draft_warning(contact, deletion=deletion)
        warned += 1
    return warned, deleted


def status_url(contact: Contact) -> str:
    return emails.status_url(contact)


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
    "consent_advice",
    "consent_advice_outcome",
    "consent_child_protection",
    "child_consent",
    "child_consent_details",
    "discussed_with_lead",
    "early_help_in_place",
    "early_help_confirmed",
)


@transaction.atomic
def request_create(
    *,
    user: User,
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
    saved = [
        child_save(contact=contact, user=user, fields=child, request=request) for child in children
    ]
    for person in people:
        # The API names each child by its place in ``children``.
        person = dict(person)
        person["declared_pr"] = {
            saved[int(index)].pk: value for index, value in person.get("declared_pr", {}).items()
        }
        person_save(contact=contact, user=user, fields=person, request=request)
    return contact_submit(contact_id=contact.pk, user=user, request=request)
