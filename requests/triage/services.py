"""Writes of the front door's triage (seed 003). The pages and the API call only these.

Every change goes through ``states.TRIAGE.move()`` and is written to the audit trail here, against
the contact (``requests.contact``), so the record's timeline shows it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from referral_portal.accounts.models import Role, User
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import Actor, audit_record
from referral_portal.errors import DomainError
from referral_portal.govuk import dates
from referral_portal.procedures.selectors import AuthorityRef, ResponseAim, response_aim_for
from requests.dashboard.services import contact_figure_refresh
from requests.models import Child, Contact, ContactStatus
from requests.triage import rules
from requests.triage.models import (
    ApprovalKind,
    ApprovalRequest,
    ApprovalStatus,
    Decision,
    DecisionStatus,
    FurtherEnquiries,
    Outcome,
    PRCheck,
    ProfessionalContacted,
    QueueEntry,
    Triage,
)
from requests.triage.states import (
    CONTACT_STATUS,
    FOLLOW_UP_STATES,
    OPEN_STATES,
    TRIAGE,
    TriageAction,
    TriageState,
)


class TriageError(DomainError):
    """A request that breaks a triage rule; the message is shown to the user as it is.

    ``field`` names the form field the message belongs beside (pages), or None for the page.
    """


class AlreadyHeld(TriageError):
    api_status = 409


class StaleEdit(TriageError):
    """The record changed since the form was opened; ``differences`` lists what now differs."""

    api_status = 409

    def __init__(self, *, triage: Triage, differences: list[tuple[str, object, object]]) -> None:
        self.triage = triage
        self.differences = differences
        super().__init__(
            "Someone else saved this record while you were editing it. "
            "Your changes have not been saved: check the record as it is now and save again."
        )


GATHERING_FIELDS = (
    "consent_to_gather",
    "consent_notes",
    "mash_summary",
    "immediate_action_needed",
    "immediate_action_taken",
)


def _audit(
    *,
    actor: Actor,
    contact: Contact,
    event: str,
    action: str = AuditAction.UPDATE,
    request: HttpRequest | None = None,
    **details: object,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="requests.contact",
        object_id=contact.pk,
        authority_id=contact.authority_id,
        request=request,
        changes={"event": event, **details},
    )


def _require_front_door(user: User, contact: Contact) -> None:
    if not (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role in {Role.OFFICER, Role.MANAGER}
        and user.authority_id == contact.authority_id
    ):
        raise PermissionDenied("Only the front door of this contact's authority may do this")


def _require_manager(user: User, contact: Contact) -> None:
    _require_front_door(user, contact)
    if user.role != Role.MANAGER:
        raise PermissionDenied("Only a duty manager may do this")


def _triage(contact: Contact, *, lock: bool = False) -> Triage:
    triage = Triage.objects.filter(contact=contact).first()
    if triage is None:
        queue_entry_open(contact=contact)
        triage = Triage.objects.get(contact=contact)
    if lock:
        triage = Triage.objects.select_for_update().get(pk=triage.pk)
    return triage


def _move(
    *, triage: Triage, action: str, fields: dict[str, Any] | None = None, version: int | None = None
) -> str:
    """Apply ``action`` to a LOCKED triage row: state, version, contact status, queue entry."""
    if version is not None and version != triage.version:
        raise StaleEdit(triage=triage, differences=[])
    new_state = TRIAGE.move(triage.state, action)
    changes = dict(fields or {})
    if not changes and new_state == triage.state:
        return new_state  # an append (a PR check, a professional) leaves the version alone
    for name, value in changes.items():
        setattr(triage, name, value)
    triage.state = new_state
    # The version counts saves of the record's own fields and state: see StaleEdit.
    triage.version += 1
    triage.updated_at = timezone.now()
    triage.save()
    Contact.objects.filter(pk=triage.contact_id).update(
        status=CONTACT_STATUS[new_state], updated_at=timezone.now()
    )
    if new_state in OPEN_STATES:
        QueueEntry.objects.filter(contact_id=triage.contact_id).update(state=new_state)
    else:
        QueueEntry.objects.filter(contact_id=triage.contact_id).delete()
    return new_state


def _require_holder_or_manager(user: User, contact: Contact) -> None:
    if user.role == Role.MANAGER:
        return
    if QueueEntry.objects.filter(contact=contact, held_by=user).exists():
        return
    # Further enquiries are followed through by the officer they were given to.
    if FurtherEnquiries.objects.filter(
        contact=contact, officer=user, concluded_at__isnull=True
    ).exists():
        return
    raise TriageError("Claim this contact before you record anything on it")


def gathering_may_ask(*, user: User, contact: Contact) -> str:
    """For information gathering (``requests.gathering``): may ``user`` ask professionals
    about this contact now? Returns the basis, "consent" or "override"; raises otherwise.

    Locks the triage row, so the check holds until the caller's transaction commits."""
    _require_front_door(user, contact)
    _require_holder_or_manager(user, contact)
    triage = _triage(contact, lock=True)
    TRIAGE.move(triage.state, TriageAction.RECORD)
    if triage.consent_to_gather == "given":
        return "consent"
    if _override_approved(contact):
        return "override"
    raise TriageError(
        "Information cannot be gathered yet: record that consent was given, "
        "or ask a duty manager to override"
    )


def in_follow_up(contact: Contact) -> bool:
    return Triage.objects.filter(contact=contact, state__in=FOLLOW_UP_STATES).exists()


# --- the queue -----------------------------------------------------------------------------


def _entry_fields(
    contact: Contact, triage: Triage, children: Iterable[Child] | None = None
) -> dict[str, Any]:
    received = contact.submitted_at or contact.created_at
    if children is None:
        children = contact.children.all()
    return {
        "authority_id": contact.authority_id,
        "urgent": rules.is_urgent(
            immediate_danger=contact.immediate_danger,
            immediate_action_needed=triage.immediate_action_needed,
        ),
        "due_at": rules.due_at_for(
            received_at=received, due_at=contact.due_at, extended_due_at=triage.extended_due_at
        ),
        "received_at": received,
        "state": triage.state,
        "agency_type": contact.agency.agency_type or "",
        "level_of_need": contact.level_of_need,
        "reference": contact.reference or "",
        "immediate_danger": contact.immediate_danger,
        "agency_name": contact.agency.name,
        "child_names": "\n".join(f"{c.first_name} {c.last_name}" for c in children),
    }


def queue_entry_new(*, contact: Contact, children: Sequence[Child]) -> tuple[Triage, QueueEntry]:
    """The triage record and queue entry of a contact received a moment ago, not yet saved.

    For the submission, which holds the contact's lock from its draft state (a draft has
    neither, see :func:`queue_entry_open`) and writes them with its other rows in one
    statement; the dashboard figure is refreshed by the caller after that write.
    """
    triage = Triage(contact=contact, state=TriageState.RECEIVED)
    return triage, QueueEntry(contact=contact, **_entry_fields(contact, triage, children))


def queue_entry_open(*, contact: Contact) -> QueueEntry | None:
    """Put a submitted contact in its authority's queue. Safe to call any number of times.

    The submission service calls this once the contact is received; the queue page also calls
    it for any received contact without an entry, so nothing submitted is ever missing.
    Returns None for a contact that is not open (a draft, decided or withdrawn).
    """
    if contact.status == ContactStatus.DRAFT:
        return None
    with transaction.atomic():
        # Received: counted on the dashboard from this transaction on.
        contact_figure_refresh(contact_id=contact.pk)
        # A contact already moved on by other code starts its record in the matching state.
        state = TriageState(contact.status) if contact.status in TriageState.values else None
        triage, _ = Triage.objects.get_or_create(
            contact=contact, defaults={"state": state or TriageState.RECEIVED}
        )
        if triage.state not in OPEN_STATES:
            return None
        try:
            with transaction.atomic():
                entry, created = QueueEntry.objects.get_or_create(
                    contact=contact, defaults=_entry_fields(contact, triage)
                )
        except IntegrityError:  # opened at the same moment by another request
            return QueueEntry.objects.get(contact=contact)
    return entry


# authority id -> time.monotonic() of this process's last reconciliation.
_last_reconciled: dict[int, float] = {}
RECONCILE_EVERY_SECONDS = 30.0
RECENT_WINDOW = dt.timedelta(minutes=10)


def queue_reconcile_if_due(*, authority_id: int, aim: ResponseAim | None) -> int:
    """Reconcile the queue cheaply on every view, fully at most every 30 s per authority.

    Every view: received contacts due in the last ten minutes' window (submitted in the last
    ten minutes), a short range of the contact index, so a new submission shows at once.
    Every 30 s: all received contacts. The full pass reads every received contact of the
    authority: with a backlog of thousands that is tens of milliseconds, too much for every
    page view of a safety net (the submission service is meant to open entries itself).
    """
    now = time.monotonic()
    last = _last_reconciled.get(authority_id)
    if last is not None and now - last < RECONCILE_EVERY_SECONDS:
        # Due times are receipt + the authority's response aim (the caller's, read once per
        # page); with no aim, none is set.
        if aim is None:
            return queue_reconcile(
                authority_id=authority_id, received_after=timezone.now() - RECENT_WINDOW
            )
        recent = timezone.now() + aim.delta - RECENT_WINDOW
        return queue_reconcile(authority_id=authority_id, due_after=recent)
    _last_reconciled[authority_id] = now
    return queue_reconcile(authority_id=authority_id)


def queue_reconcile(
    *,
    authority_id: int,
    due_after: dt.datetime | None = None,
    received_after: dt.datetime | None = None,
) -> int:
    """Open an entry for every received contact of the authority that has none; how many.

    The contact index (authority, status, due_at) finds the received ones (``due_after``
    narrows it to the newest).
    """
    missing_qs = Contact.objects.filter(
        authority_id=authority_id, status=ContactStatus.RECEIVED, queue_entry__isnull=True
    )
    if due_after is not None:
        missing_qs = missing_qs.filter(due_at__gte=due_after)
    if received_after is not None:  # no response aim: no due time to range over
        missing_qs = missing_qs.filter(due_at__isnull=True, submitted_at__gte=received_after)
    missing = list(missing_qs.select_related("agency")[:500])
    for contact in missing:
        queue_entry_open(contact=contact)
    return len(missing)


def contact_claim(*, user: User, contact: Contact, request: HttpRequest | None = None) -> None:
    """``user`` holds the contact. Exactly one of two officers clicking at once gets it."""
    _require_front_door(user, contact)
    entry = QueueEntry.objects.filter(contact=contact).first() or queue_entry_open(contact=contact)
    triage = _triage(contact)
    new_state = TRIAGE.move(triage.state, TriageAction.CLAIM)
    if entry is None:  # pragma: no cover - a closed contact fails TRIAGE.move() first
        raise TriageError("This contact is no longer in the queue")
    with transaction.atomic():
        # The race is settled here: a conditional update only succeeds while nobody holds it.
        won = QueueEntry.objects.filter(pk=entry.pk, held_by=None).update(
            held_by=user, held_since=timezone.now(), state=new_state
        )
        if not won:
            holder = (
                QueueEntry.objects.filter(pk=entry.pk).values_list("held_by", flat=True).first()
            )
            if holder == user.pk:
                return
            raise AlreadyHeld("Someone else has already claimed this contact")
        if new_state != triage.state:
            Triage.objects.filter(pk=triage.pk, state=triage.state).update(
                state=new_state, version=F("version") + 1, updated_at=timezone.now()
            )
            Contact.objects.filter(pk=contact.pk).update(status=CONTACT_STATUS[new_state])
        _audit(actor=user, contact=contact, event="claimed", request=request)


def contact_take_next(*, user: User, request: HttpRequest | None = None) -> Contact | None:
    """Claim the most urgent unclaimed contact of the user's authority; None if there is none."""
    if user.role not in {Role.OFFICER, Role.MANAGER} or user.authority_id is None:
        raise PermissionDenied
    workable = [
        TriageState.RECEIVED,
        TriageState.IN_TRIAGE,
        TriageState.EXTENDED,
        TriageState.RETURNED,
    ]
    for _attempt in range(5):
        with transaction.atomic():
            # SKIP LOCKED: officers pressing "Take next" together are handed different rows.
            entry = (
                QueueEntry.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(authority_id=user.authority_id, held_by=None, state__in=workable)
                .order_by("-urgent", "due_at", "id")
                .first()
            )
            if entry is None:
                return None
            contact = Contact.objects.get(pk=entry.contact_id)
            try:
                contact_claim(user=user, contact=contact, request=request)
            except AlreadyHeld:
                continue
            return contact
    return None


def contact_release(*, user: User, contact: Contact, request: HttpRequest | None = None) -> None:
    """The holder (or a duty manager) puts the contact back in the queue unclaimed."""
    _require_front_door(user, contact)
    entries = QueueEntry.objects.filter(contact=contact)
    if user.role != Role.MANAGER:
        entries = entries.filter(held_by=user)
    if not entries.exclude(held_by=None).update(held_by=None, held_since=None):
        raise TriageError("You do not hold this contact")
    _audit(actor=user, contact=contact, event="released", request=request)


def contact_reassign(
    *, manager: User, contact: Contact, to_user: User, request: HttpRequest | None = None
) -> None:
    """A duty manager gives the contact to another officer of the authority."""
    _require_manager(manager, contact)
    if not (
        to_user.is_active
        and to_user.role in {Role.OFFICER, Role.MANAGER}
        and to_user.authority_id == contact.authority_id
    ):
        raise TriageError("Choose an officer of this front door")
    triage = _triage(contact)
    TRIAGE.move(triage.state, TriageAction.CLAIM)
    with transaction.atomic():
        QueueEntry.objects.filter(contact=contact).update(
            held_by=to_user, held_since=timezone.now()
        )
        if triage.state == TriageState.RECEIVED:
            _move(triage=_triage(contact, lock=True), action=TriageAction.CLAIM)
        _audit(
            actor=manager, contact=contact, event="reassigned", request=request, to_user=to_user.pk
        )


# --- the record ----------------------------------------------------------------------------


def _override_approved(contact: Contact) -> bool:
    return ApprovalRequest.objects.filter(
        contact=contact, kind=ApprovalKind.CONSENT_OVERRIDE, status=ApprovalStatus.APPROVED
    ).exists()


@transaction.atomic
def triage_update(
    *,
    user: User,
    contact: Contact,
    version: int,
    consent_to_gather: str,
    consent_notes: str,
    mash: str,
    mash_summary: str,
    immediate_action_needed: bool,
    immediate_action_taken: str,
    consent_given_by: str = "",
    consent_given_at: dt.datetime | None = None,
    consent_given_how: str = "",
    immediate_action_by: str = "",
    immediate_action_at: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> Triage:
    """Save consent to gather, the MASH enquiry and immediate action, from version ``version``.

    ``mash`` is "", "started" or "concluded"; the times are stamped when it moves.

    Consent recorded as given where the record (the officer's answer, else the referrer's)
    said refused or not sought needs who gave it, when and how, and raises a consent-change
    request that waits in the duty managers' queue (docs/decisions.md: consent after a refusal).
    """
    _require_front_door(user, contact)
    _require_holder_or_manager(user, contact)
    triage = _triage(contact, lock=True)
    submitted = {
        "consent_to_gather": consent_to_gather,
        "consent_notes": consent_notes,
        "mash_summary": mash_summary,
        "immediate_action_needed": immediate_action_needed,
        "immediate_action_taken": immediate_action_taken,
    }
    if version != triage.version:
        # Saved by someone else since this form was opened: refuse, and show where the record
        # as it is now differs from what this form would have saved.
        differences = [
            (name, getattr(triage, name), value)
            for name, value in submitted.items()
            if getattr(triage, name) != value
        ]
        raise StaleEdit(triage=triage, differences=differences)
    before = rules.consent_before(recorded=triage.consent_to_gather, referrer=contact.consent)
    consent_changed = rules.consent_change_needs_evidence(before=before, after=consent_to_gather)
    now = timezone.now()
    if consent_changed:
        _require_consent_evidence(
            who=consent_given_by, when=consent_given_at, how=consent_given_how, now=now
        )
    if consent_to_gather != "given":
        consent_given_by, consent_given_at, consent_given_how = "", None, ""
    if immediate_action_at is not None and immediate_action_at > now:
        raise TriageError(
            "The time the immediate action was taken must be in the past",
            field="immediate_action_on",
        )
    fields = {
        **submitted,
        "consent_given_by": consent_given_by.strip(),
        "consent_given_at": consent_given_at,
        "consent_given_how": consent_given_how.strip(),
        "immediate_action_by": immediate_action_by.strip(),
        "immediate_action_at": immediate_action_at,
    }
    if mash in {"started", "concluded"} and triage.mash_started_at is None:
        if not rules.may_gather(
            consent=consent_to_gather, override_approved=_override_approved(contact)
        ):
            raise TriageError(
                "A MASH enquiry gathers information: it needs consent or a duty manager's override"
            )
        fields["mash_started_at"] = now
    if mash == "concluded" and triage.mash_concluded_at is None:
        fields["mash_concluded_at"] = now
    changed = [name for name, value in fields.items() if getattr(triage, name) != value]
    _move(triage=triage, action=TriageAction.RECORD, fields=fields)
    entry_fields = _entry_fields(contact, triage)
    QueueEntry.objects.filter(contact=contact).update(urgent=entry_fields["urgent"])
    _audit(actor=user, contact=contact, event="gathering_updated", request=request, fields=changed)
    if consent_changed:
        _consent_change_flag(
            user=user, contact=contact, triage=triage, before=before, request=request
        )
    return triage


def _require_consent_evidence(
    *, who: str, when: dt.datetime | None, how: str, now: dt.datetime
) -> None:
    if not who.strip():
        raise TriageError(
            "Consent was refused or not sought before: enter who gave consent",
            field="consent_given_by",
        )
    if when is None:
        raise TriageError("Enter when consent was given", field="consent_given_on")
    if when > now:
        raise TriageError(
            "The time consent was given must be in the past", field="consent_given_on"
        )
    if not how.strip():
        raise TriageError(
            "Enter how consent was given, for example on the phone to the duty worker",
            field="consent_given_how",
        )


def _consent_change_flag(
    *, user: User, contact: Contact, triage: Triage, before: str, request: HttpRequest | None
) -> ApprovalRequest:
    """Put the change in the duty managers' queue: they confirm it or put the refusal back."""
    when = dates.when(triage.consent_given_at)
    approval = ApprovalRequest.objects.create(
        contact=contact,
        authority_id=contact.authority_id,
        kind=ApprovalKind.CONSENT_CHANGE,
        reason=(
            f"Consent was {_CONSENT_WORDS.get(before, before)} before. Recorded as given by "
            f"{triage.consent_given_by} on {when}, {triage.consent_given_how}."
        ),
        consent_before=before,
        requested_by=user,
    )
    _audit(
        actor=user,
        contact=contact,
        event="consent_change_requested",
        action=AuditAction.CREATE,
        request=request,
        approval=approval.pk,
    )
    return approval


_CONSENT_WORDS = {"refused": "refused", "not_sought": "not sought"}


def _person_of(contact: Contact, person_id: int) -> Any:
    from requests.models import Person

    person = Person.objects.filter(contact=contact, pk=person_id).first()
    if person is None:
        raise TriageError("That person is not on this contact")
    return person


@transaction.atomic
def pr_check_save(
    *,
    user: User,
    contact: Contact,
    person_id: int,
    answers: dict[int, str],
    how_checked: str,
    alleged_source_of_harm: bool | None = None,
    request: HttpRequest | None = None,
) -> list[PRCheck]:
    """The front door's answer, per child, to "does this person hold parental responsibility?"
    (003 line 13). The newest answer per child is the record that decides who is sent an
    outcome letter (003 line 35). ``answers`` maps a child's id to a HoldsPR value; a child
    left out keeps its answer."""
    from requests.triage.models import HoldsPR

    _require_front_door(user, contact)
    _require_holder_or_manager(user, contact)
    triage = _triage(contact, lock=True)
    person = _person_of(contact, person_id)
    children = {child.pk: child for child in contact.children.all()}
    if not answers:
        raise TriageError("Answer for at least one child")
    if any(child_id not in children for child_id in answers):
        raise TriageError("That child is not on this contact")
    if any(value not in HoldsPR.values for value in answers.values()):
        raise TriageError("Choose has, does not have, or not known")
    if any(v in (HoldsPR.YES, HoldsPR.NO) for v in answers.values()) and not how_checked.strip():
        raise TriageError("Say how parental responsibility was checked")
    _move(triage=triage, action=TriageAction.RECORD)
    checks = [
        PRCheck.objects.create(
            contact=contact,
            person=person,
            child=children[child_id],
            person_name="",
            relationship="",
            holds_pr=value,
            confirmed=True,
            how_checked=how_checked.strip(),
            recorded_by=user,
        )
        for child_id, value in answers.items()
    ]
    if alleged_source_of_harm is not None and person.alleged_source_of_harm != (
        alleged_source_of_harm
    ):
        person.alleged_source_of_harm = alleged_source_of_harm
        person.save(update_fields=["alleged_source_of_harm"])
    # Ids and answers only: never a name (the audit trail keeps no family's personal data).
    _audit(
        actor=user,
        contact=contact,
        event="pr_checked",
        action=AuditAction.CREATE,
        request=request,
        person=person.pk,
        answers={str(c.child_id): c.holds_pr for c in checks},
    )
    return checks


@transaction.atomic
def person_add(
    *,
    user: User,
    contact: Contact,
    full_name: str,
    relationship: str,
    address: str = "",
    email: str = "",
    phone: str = "",
    interpreter_language: str = "",
    needs_bsl: bool = False,
    needs_easy_read: bool = False,
    needs_large_print: bool = False,
    alleged_source_of_harm: bool = False,
    request: HttpRequest | None = None,
) -> Any:
    """Someone the referrer did not name (for example a grandmother with an order), added by the
    front door with how to reach them and their communication needs (004 §5)."""
    from requests.models import Person

    _require_front_door(user, contact)
    _require_holder_or_manager(user, contact)
    _move(triage=_triage(contact, lock=True), action=TriageAction.RECORD)
    name = " ".join(full_name.split())
    if not name:
        raise TriageError("Enter the person's full name")
    person = Person.objects.create(
        contact=contact,
        full_name=name,
        relationship=" ".join(relationship.split()),
        # Nothing declared by the referrer (no ``DeclaredPR``, an empty summary): the front
        # door's checks are the record.
        parental_responsibility="",
        lives_with_child=False,
        address=address.strip(),
        email=email.strip(),
        phone=phone.strip(),
        interpreter_language=" ".join(interpreter_language.split()),
        needs_bsl=needs_bsl,
        needs_easy_read=needs_easy_read,
        needs_large_print=needs_large_print,
        alleged_source_of_harm=alleged_source_of_harm,
        added_by=user,
    )
    _audit(
        actor=user,
        contact=contact,
        event="person_added",
        action=AuditAction.CREATE,
        request=request,
        person=person.pk,
    )
    return person


@transaction.atomic
def professional_contacted_add(
    *,
    user: User,
    contact: Contact,
    name: str,
    agency: str,
    email: str,
    contacted_at: dt.datetime,
    asked: str,
    said: str,
    address: str = "",
    request: HttpRequest | None = None,
) -> ProfessionalContacted:
    """Record a professional asked for information; refused without consent or an override.

    They are sent the outcome letter (003), so an email or a full postal address is required."""
    _require_front_door(user, contact)
    _require_holder_or_manager(user, contact)
    if not (email.strip() or address.strip()):
        raise TriageError(
            "Enter their email address or their full postal address: they are sent the "
            "outcome letter"
        )
    if not email.strip() and not rules.postal_address_full(address):
        raise TriageError(rules.POSTAL_ADDRESS_SHORT)
    triage = _triage(contact, lock=True)
    if not rules.may_gather(
        consent=triage.consent_to_gather, override_approved=_override_approved(contact)
    ):
        raise TriageError(
            "Information cannot be gathered yet: record that consent was given, "
            "or ask a duty manager to override"
        )
    during_enquiries = triage.state in FOLLOW_UP_STATES
    _move(triage=triage, action=TriageAction.RECORD)
    professional = ProfessionalContacted.objects.create(
        contact=contact,
        name=" ".join(name.split()),
        agency=" ".join(agency.split()),
        email=email.strip(),
        address=address.strip(),
        contacted_at=contacted_at,
        during_enquiries=during_enquiries,
        asked=asked,
        said=said,
        recorded_by=user,
    )
    _audit(
        actor=user,
        contact=contact,
        event="professional_contacted",
        action=AuditAction.CREATE,
        request=request,
        professional=professional.pk,
    )
    return professional


# --- a duty manager's approvals ------------------------------------------------------------


@transaction.atomic
def approval_request_create(
    *,
    user: User,
    contact: Contact,
    kind: str,
    reason: str,
    extension_reason: str = "",
    new_due_at: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> ApprovalRequest:
    """An officer asks for a consent override or a longer deadline, with a reason."""
    _require_front_door(user, contact)
    _require_holder_or_manager(user, contact)
    triage = _triage(contact, lock=True)
    TRIAGE.move(triage.state, TriageAction.REQUEST_APPROVAL)
    if ApprovalRequest.objects.filter(
        contact=contact, kind=kind, status=ApprovalStatus.PENDING
    ).exists():
        raise TriageError("A request of this kind is already waiting for a duty manager")
    if kind == ApprovalKind.CONSENT_OVERRIDE:
        if not rules.override_may_be_requested(consent=triage.consent_to_gather):
            raise TriageError(
                "An override is needed only where consent was refused or not sought: "
                "record consent first"
            )
        if _override_approved(contact):
            raise TriageError("A duty manager has already overridden consent for this contact")
    elif kind == ApprovalKind.EXTENSION:
        # The extension is the authority's procedure: none where its response aim gives none.
        aim = response_aim_for(authority=contact.authority_id)
        if aim is None or not aim.extension:
            raise TriageError(
                "This authority's response aim in the portal gives no extension, so none can "
                "be asked for"
            )
        current_due = _current_due(contact, triage)
        _require_not_overdue(current_due, asking=True)
        if new_due_at is None or new_due_at <= timezone.now():
            raise TriageError("The new deadline must be in the future", field="new_due_on")
        if new_due_at <= current_due:
            raise TriageError(
                "The new deadline must be later than the current one", field="new_due_on"
            )
    else:
        raise TriageError("Unknown kind of request")
    approval = ApprovalRequest.objects.create(
        contact=contact,
        authority_id=contact.authority_id,
        kind=kind,
        reason=reason,
        extension_reason=extension_reason if kind == ApprovalKind.EXTENSION else "",
        new_due_at=new_due_at if kind == ApprovalKind.EXTENSION else None,
        requested_by=user,
    )
    _audit(
        actor=user,
        contact=contact,
        event=f"{kind}_requested",
        action=AuditAction.CREATE,
        request=request,
        approval=approval.pk,
    )
    return approval


@transaction.atomic
def approval_decide(
    *,
    manager: User,
    approval: ApprovalRequest,
    approve: bool,
    comment: str = "",
    request: HttpRequest | None = None,
) -> ApprovalRequest:
    """A duty manager approves or declines an override or extension request (003)."""
    contact = approval.contact
    _require_manager(manager, contact)
    approval = ApprovalRequest.objects.select_for_update().get(pk=approval.pk)
    if approval.status != ApprovalStatus.PENDING:
        raise TriageError(f"This request has already been {approval.get_status_display().lower()}")
    if not approve and not comment.strip():
        raise TriageError("Say why the request is declined")
    triage = _triage(contact, lock=True)
    if approve and approval.kind == ApprovalKind.EXTENSION:
        current_due = _current_due(contact, triage)
        _require_not_overdue(current_due, asking=False)
        _move(
            triage=triage,
            action=TriageAction.EXTEND,
            fields={
                "extended_due_at": approval.new_due_at,
                "extension_approved_at": timezone.now(),
                "extended_from": current_due,
            },
        )
        QueueEntry.objects.filter(contact=contact).update(due_at=approval.new_due_at)
        Contact.objects.filter(pk=contact.pk).update(due_at=approval.new_due_at)
        contact_figure_refresh(contact_id=contact.pk)
    elif not approve and approval.kind == ApprovalKind.CONSENT_CHANGE:
        # Reversed: the answer before the change is put back, and with it the need for
        # consent or an override before any more information is gathered.
        _move(
            triage=triage,
            action=TriageAction.APPROVE_OVERRIDE,
            fields={
                "consent_to_gather": approval.consent_before,
                "consent_given_by": "",
                "consent_given_at": None,
                "consent_given_how": "",
            },
        )
    else:
        TRIAGE.move(triage.state, TriageAction.APPROVE_OVERRIDE)
    approval.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.DECLINED
    approval.decided_by = manager
    approval.decided_at = timezone.now()
    approval.manager_comment = comment
    approval.save()
    _audit(
        actor=manager,
        contact=contact,
        event=f"{approval.kind}_{approval.status}",
        action=AuditAction.APPROVE if approve else AuditAction.REFUSE,
        request=request,
        approval=approval.pk,
    )
    return approval


def _current_due(contact: Contact, triage: Triage) -> dt.datetime:
    received = contact.submitted_at or contact.created_at
    return rules.due_at_for(
        received_at=received, due_at=contact.due_at, extended_due_at=triage.extended_due_at
    )


def _require_not_overdue(due_at: dt.datetime, *, asking: bool) -> None:
    now = timezone.now()
    if rules.extension_may_be_asked(due_at=due_at, now=now):
        return
    when = dates.when(due_at)
    late = rules.overdue_by(due_at=due_at, now=now)
    if asking:
        raise TriageError(
            f"This contact was due {when} and is overdue by {late}. An extension can only be "
            "asked for before the deadline passes: record the decision now."
        )
    raise TriageError(
        f"This contact was due {when} and is overdue by {late}. An extension can only be "
        "approved before the deadline it extends: decline it with a comment.",
        field="answer",
    )


# --- decisions -----------------------------------------------------------------------------


def outcomes_offered(*, authority: AuthorityRef) -> list[str]:
    """The outcomes an officer may choose for ``authority``'s contacts: 003's, and "early help"
    only where the authority's own Early Help route is in the portal (its procedure row,
    offered, with its source: issue 17 point 6)."""
    from referral_portal.procedures.models import Kind
    from referral_portal.procedures.selectors import offers

    early_help = offers(authority=authority, kind=Kind.EARLY_HELP)
    return [o for o in Outcome.values if o != Outcome.EARLY_HELP or early_help]


@transaction.atomic
def decision_propose(
    *,
    user: User,
    contact: Contact,
    outcome: str,
    rationale: str,
    next_steps: str = "",
    family_text: str | None = None,
    family_text_easy_read: str | None = None,
    referrer_text: str | None = None,
    immediate_action_taken: str = "",
    version: int | None = None,
    letters_reason: str = "",
    request: HttpRequest | None = None,
) -> Decision:
    """An officer records the outcome. It waits for a duty manager's agreement where the
    authority's procedures give one (its manager-agreement row, offered); where they give none,
    the officer's decision is final when recorded: it takes effect here, as on agreement, and
    where the letters will not reach everyone the officer confirms with ``letters_reason``.

    ``rationale`` is internal. What the letters say is ``family_text`` (and its EasyRead
    version) and ``referrer_text``; left out (None), each is the outcome's standard wording."""
    from requests.triage.wording import standard_texts

    standard = standard_texts(outcome)
    _require_front_door(user, contact)
    _require_holder_or_manager(user, contact)
    if outcome not in outcomes_offered(authority=contact.authority):
        raise TriageError(
            "Early help is not an outcome here: this authority's procedures in the portal give "
            "no Early Help route"
        )
    triage = _triage(contact, lock=True)
    if rules.immediate_action_required(
        immediate_danger=contact.immediate_danger,
        immediate_action_needed=triage.immediate_action_needed,
    ) and not rules.immediate_action_recorded(
        taken=triage.immediate_action_taken,
        by=triage.immediate_action_by,
        at=triage.immediate_action_at,
    ):
        raise TriageError(
            "This contact needs immediate action: record what was done, by whom and when "
            "(Consent, MASH and immediate action) before proposing a decision"
        )
    if not immediate_action_taken.strip() and triage.immediate_action_taken:
        immediate_action_taken = triage.immediate_action_taken
    final = triage.state in FOLLOW_UP_STATES
    if final:
        _require_enquiries_ready(contact=contact, outcome=outcome)
    _require_no_gathering_outstanding(contact)
    _move(triage=triage, action=TriageAction.SUBMIT_DECISION, version=version)
    decision = Decision.objects.create(
        contact=contact,
        authority_id=contact.authority_id,
        outcome=outcome,
        rationale=rationale,
        next_steps=next_steps,
        family_text=(standard["family_text"] if family_text is None else family_text).strip(),
        family_text_easy_read=(
            standard["family_text_easy_read"]
            if family_text_easy_read is None
            else family_text_easy_read
        ).strip(),
        referrer_text=(
            standard["referrer_text"] if referrer_text is None else referrer_text
        ).strip(),
        immediate_action_taken=immediate_action_taken,
        after_enquiries=final,
        made_by=user,
    )
    if not manager_agreement_required(authority=contact.authority_id):
        return _decision_takes_effect(
            decision=decision,
            triage=triage,
            by=user,
            letters_reason=letters_reason,
            request=request,
        )
    _audit(
        actor=user,
        contact=contact,
        event="final_outcome_proposed" if final else "decision_proposed",
        action=AuditAction.CREATE,
        request=request,
        decision=decision.pk,
        outcome=outcome,
    )
    return decision


def manager_agreement_required(*, authority: AuthorityRef) -> bool:
    """Whether a duty manager must agree the front door's decisions: only where the authority's
    own sources give that procedure (its manager-agreement row, offered: issue 19)."""
    from referral_portal.procedures.models import Kind
    from referral_portal.procedures.selectors import offers

    return offers(authority=authority, kind=Kind.MANAGER_AGREEMENT)


def _require_no_gathering_outstanding(contact: Contact) -> None:
    """Issue 22: no decision while a professional has still to answer, unless the officer
    closes the request with a reason (information gathering is its own app)."""
    from requests.gathering.selectors import outstanding

    waiting = outstanding(contact_id=contact.pk)
    if waiting:
        agencies = ", ".join(sorted({g.agency.name for g in waiting}))
        raise TriageError(
            f"A request for information is still waiting for an answer ({agencies}): wait for "
            "it, or close it with a reason, before proposing a decision"
        )


def _lock_pending_decision(manager: User, decision: Decision) -> Decision:
    _require_manager(manager, decision.contact)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.status != DecisionStatus.AWAITING_MANAGER:
        raise TriageError(f"This decision has already been {decision.get_status_display().lower()}")
    if decision.made_by_id == manager.pk:
        raise TriageError("Another duty manager must agree a decision you made yourself")
    return decision


class LettersNeedConfirmation(TriageError):
    """Agreeing would leave people with PR unwritten to, or PR unknown: ``warnings`` says what,
    and the manager must confirm with a reason (issue 17 point 2)."""

    def __init__(self, warnings: list[str], *, by_manager: bool = True) -> None:
        self.warnings = warnings
        super().__init__(
            "Read what the outcome letters will and will not do, then give your reason for "
            "agreeing anyway, or return the decision to the officer"
            if by_manager
            else "Read what the outcome letters will and will not do, then give your reason for "
            "recording the decision anyway, or change the record first",
            field=None if by_manager else "letters_reason",
        )


def letters_warnings(*, decision: Decision) -> list[str]:
    from requests.letters.selectors import agreement_warnings

    return agreement_warnings(contact=decision.contact, decision=decision)


@transaction.atomic
def decision_agree(
    *,
    manager: User,
    decision: Decision,
    letters_reason: str = "",
    request: HttpRequest | None = None,
) -> Decision:
    """A duty manager agrees the decision: the ONE place where a decision takes effect.

    003: "All contact made with Children and Family Services via the CAAS team are overseen by
    an experienced manager." The contact is decided and leaves the queue. Where PR is not known
    or not checked, or no PR holder will be written to, or a letter cannot be delivered, the
    manager must confirm with ``letters_reason`` (recorded on the decision).
    """
    decision = _lock_pending_decision(manager, decision)
    triage = _triage(decision.contact, lock=True)
    return _decision_takes_effect(
        decision=decision,
        triage=triage,
        by=manager,
        letters_reason=letters_reason,
        request=request,
        manager=manager,
    )


def _decision_takes_effect(
    *,
    decision: Decision,
    triage: Triage,
    by: User,
    letters_reason: str,
    request: HttpRequest | None,
    manager: User | None = None,
) -> Decision:
    """The decision takes effect: on a duty manager's agreement (``manager``), or when the
    officer records it where the authority's procedures give no manager agreement. The contact
    is decided and leaves the queue; the letters and the hand-off event are made here."""
    contact = decision.contact
    _move(triage=triage, action=TriageAction.AGREE)
    warnings = letters_warnings(decision=decision)
    if warnings and not letters_reason.strip():
        raise LettersNeedConfirmation(warnings, by_manager=manager is not None)
    decision.status = DecisionStatus.AGREED
    decision.manager = manager
    decision.reviewed_at = timezone.now()
    decision.letters_confirmation = letters_reason.strip() if warnings else ""
    decision.save()
    if decision.after_enquiries:
        FurtherEnquiries.objects.filter(contact=contact).update(
            final_decision=decision, concluded_at=decision.reviewed_at
        )
    elif decision.outcome == Outcome.FURTHER_ENQUIRIES:
        # The contact is decided (and counted); the enquiries stay open until their own
        # final outcome is agreed.
        _move(triage=triage, action=TriageAction.OPEN_ENQUIRIES)
        FurtherEnquiries.objects.create(
            contact=contact,
            authority_id=contact.authority_id,
            opened_by_decision=decision,
            officer=decision.made_by,
            opened_at=decision.reviewed_at,
        )
    contact_figure_refresh(contact_id=contact.pk)
    if manager is None:
        event = "final_outcome_made" if decision.after_enquiries else "decision_made"
    else:
        event = "final_outcome_agreed" if decision.after_enquiries else "decision_agreed"
    _audit(
        actor=by,
        contact=contact,
        event=event,
        action=AuditAction.APPROVE,
        request=request,
        decision=decision.pk,
        outcome=decision.outcome,
        letters_confirmed=bool(warnings),
    )
    # OUTCOME LETTERS HOOK (issue 9): the letters are created here, in the agreement's
    # transaction. Recipients: people with PR, the referrer, and every ProfessionalContacted
    # of this contact (003).
    from requests.letters.services import letters_create_for_decision

    letters_create_for_decision(decision=decision)
    # HAND-OFF SEAM (issue 26): the council's case-management system is told, in this
    # transaction; the final outcome of further enquiries amends the first decision.
    from requests.handoff import events

    events.record(
        kind=events.DECISION_AMENDED if decision.after_enquiries else events.DECISION_AGREED,
        contact=contact,
        decision=decision,
    )
    return decision


def _require_enquiries_ready(*, contact: Contact, outcome: str) -> None:
    if outcome == Outcome.FURTHER_ENQUIRIES:
        raise TriageError(
            "Choose the final outcome of the enquiries: further enquiries are already under way",
            field="outcome",
        )
    enquiries = FurtherEnquiries.objects.filter(contact=contact).first()
    if enquiries is None or not enquiries.result.strip():
        raise TriageError("Record what the enquiries found before proposing their final outcome")


@transaction.atomic
def enquiries_update(
    *,
    user: User,
    contact: Contact,
    enquiries: str,
    result: str,
    request: HttpRequest | None = None,
) -> FurtherEnquiries:
    """Record the further enquiries being made and what they found."""
    _require_front_door(user, contact)
    _require_holder_or_manager(user, contact)
    triage = _triage(contact, lock=True)
    follow_up = FurtherEnquiries.objects.select_for_update().filter(contact=contact).first()
    if follow_up is None:
        raise TriageError("No further enquiries are open on this contact")
    TRIAGE.move(triage.state, TriageAction.RECORD)
    if not enquiries.strip():
        raise TriageError("Enter the enquiries being made", field="enquiries")
    follow_up.enquiries = enquiries
    follow_up.result = result
    follow_up.save(update_fields=["enquiries", "result"])
    _audit(actor=user, contact=contact, event="enquiries_updated", request=request)
    return follow_up


@transaction.atomic
def decision_return(
    *, manager: User, decision: Decision, comment: str, request: HttpRequest | None = None
) -> Decision:
    """A duty manager sends the decision back to the officer with a comment."""
    if not comment.strip():
        raise TriageError("Say what needs to change before the decision can be agreed")
    decision = _lock_pending_decision(manager, decision)
    contact = decision.contact
    _move(triage=_triage(contact, lock=True), action=TriageAction.RETURN)
    decision.status = DecisionStatus.RETURNED
    decision.manager = manager
    decision.manager_comment = comment
    decision.reviewed_at = timezone.now()
    decision.save()
    _audit(
        actor=manager,
        contact=contact,
        event="decision_returned",
        action=AuditAction.REFUSE,
        request=request,
        decision=decision.pk,
    )
    return decision


@transaction.atomic
def contact_withdraw(
    *, user: User, contact: Contact, reason: str, request: HttpRequest | None = None
) -> None:
    """A duty manager closes a contact without a decision (for example sent in error)."""
    _require_manager(user, contact)
    if not reason.strip():
        raise TriageError("Say why the contact is withdrawn")
    _move(
        triage=_triage(contact, lock=True),
        action=TriageAction.WITHDRAW,
        fields={"withdrawn_reason": reason},
    )
    contact_figure_refresh(contact_id=contact.pk)
    _audit(actor=user, contact=contact, event="withdrawn", request=request)
    from requests.handoff import events  # the hand-off seam (issue 26)

    events.record(kind=events.CONTACT_WITHDRAWN, contact=contact)
