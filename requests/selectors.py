"""Reads of contacts, always scoped to what the user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest

from referral_portal.accounts.access import (
    Viewer,
    can_view_child_record,
    get_for_user,
    scope_child_records,
)
from requests.models import (
    Attachment,
    Child,
    ConcernCategory,
    Contact,
    ContactStatus,
    DeclaredPR,
    Person,
    PossibleMatch,
)
from requests.triage.models import ApprovalKind, ApprovalStatus, DecisionStatus, Triage


def contacts_for_user(*, user: Viewer) -> QuerySet[Contact]:
    """Contacts the user may see. A draft is its author's alone until it is sent."""
    from django.db.models import Q

    visible = scope_child_records(user, Contact.objects.all())
    return visible.exclude(Q(status=ContactStatus.DRAFT) & ~Q(created_by_id=user.pk))


def get_contact_for_user(*, user: Viewer, pk: int, request: HttpRequest | None = None) -> Contact:
    """The contact if ``user`` may see it; 404 otherwise, with the refusal in the audit trail.

    A record the user may not see is "not found", never "forbidden": that it exists in another
    agency or authority is itself not to be disclosed. A draft is its author's alone. Seeing it
    is audited as a view.
    """

    def may_see(contact: Contact) -> bool:
        others_draft = contact.status == ContactStatus.DRAFT and contact.created_by_id != getattr(
            user, "pk", None
        )
        return not others_draft and can_view_child_record(user, contact)

    return get_for_user(
        # The referrer, agency and authority are on every page showing a contact: one query.
        Contact.objects.filter(pk=pk).select_related("created_by", "agency", "authority"),
        user=user,
        object_id=pk,
        may_see=may_see,
        request=request,
        not_found="No such contact",
    )


# --- the Request for Support -------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    url_name: str
    status: str  # "completed", "in_progress", "not_started" or "optional"
    required: bool = True  # only required sections count towards "completed N of M" (D15)

    @property
    def done(self) -> bool:
        return self.status in ("completed", "optional")

    def href(self, contact_pk: int) -> str:
        from django.urls import reverse

        if self.url_name == "requests:section":
            return reverse(self.url_name, args=[contact_pk, self.slug])
        return reverse(self.url_name, args=[contact_pk])


def _filled(*values: object) -> bool:
    return all(v not in (None, "", [], {}) for v in values)


def people_declared(contact: Contact) -> list[Person]:
    """The contact's people with the referrer's per-child parental responsibility answers
    (``Person.declared_pr_answers``), the children read once for all of them."""
    prefetch_related_objects([contact], "children")
    people = list(contact.people.prefetch_related("declared_pr"))
    for person in people:
        Person.contact.field.set_cached_value(person, contact)
    return people


def contact_count_annotations() -> dict[str, Any]:
    """Annotations counting a contact's children, people and attachments in its own query."""
    from django.db.models import Count, Model, OuterRef, Subquery

    def count(model: type[Model]) -> Subquery:
        return Subquery(
            model._default_manager.filter(contact=OuterRef("pk"))
            .order_by()
            .values("contact")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        )

    declared = Subquery(
        DeclaredPR.objects.filter(person__contact=OuterRef("pk"))
        .order_by()
        .values("person__contact")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return {
        "n_children": count(Child),
        "n_people": count(Person),
        "n_attachments": count(Attachment),
        "n_declared": declared,
    }


# Children, people, attachments, and the people's parental responsibility answers (one per
# person and child: the people section is complete when there are people x children of them).
Counts = tuple[int, int, int, int]


def contact_counts(contact: Contact) -> Counts:
    """How many children, people, attachments and per-child answers, in one query."""
    names = ("n_children", "n_people", "n_attachments", "n_declared")
    # The names are annotations (``contact_count_annotations``), not fields: django-stubs
    # cannot resolve them, so the row is read as a dict.
    row: dict[str, Any] | None = (
        Contact.objects.filter(pk=contact.pk)
        .annotate(**contact_count_annotations())
        .values(*names)
        .first()
    )
    if row is None:
        return (0, 0, 0, 0)
    children, people, attachments, declared = (int(row[name] or 0) for name in names)
    return (children, people, attachments, declared)


def contact_sections(contact: Contact, counts: Counts | None = None) -> list[Section]:
    """The form's task list: each section and whether it is complete."""
    children, people, attachments, declared = counts or contact_counts(contact)
    # Every person answered for every child (a child added after a person is asked about).
    people_done = people > 0 and declared >= people * children
    from requests import support_rules as rules

    consent_done = rules.consent_complete(contact)
    # A level in the framework's terms with a reason or an assessment; or, where the authority
    # has no framework in the portal (Birmingham), the need described against its own document
    # (the level form asks for no number there, so no framework's levels are implied).
    level_done = contact.assessment_id is not None or _filled(contact.level_reason)
    # Below the threshold for social care the referrer confirms what they ask for (000; 004 §7).
    early_help_next = level_done and rules.early_help_pending(contact)
    level_done = level_done and not early_help_next
    harm = rules.past_harm_asked(contact.categories)
    rows = [
        (
            "referrer",
            "Your details",
            "requests:section",
            (
                _filled(contact.referrer_role, contact.referrer_phone),
                _filled(contact.referrer_role) or _filled(contact.referrer_phone),
            ),
        ),
        ("children", "The child or children", "requests:children", (children > 0, False)),
        (
            "people",
            "Household and parental responsibility",
            "requests:people",
            (people_done, people > 0),
        ),
        (
            "concerns",
            "What the request is about",
            "requests:section",
            (
                _filled(
                    contact.categories, contact.discussed_with_lead, contact.early_help_in_place
                ),
                _filled(contact.categories),
            ),
        ),
        (
            "worries",
            "What are we worried about?",
            "requests:section",
            (
                _filled(contact.future_danger) and (not harm or _filled(contact.past_harm)),
                _filled(contact.past_harm) or _filled(contact.future_danger),
            ),
        ),
        (
            "working-well",
            "What is working well?",
            "requests:section",
            (
                _filled(contact.existing_strengths, contact.existing_safety),
                _filled(contact.existing_strengths) or _filled(contact.existing_safety),
            ),
        ),
        (
            "next-steps",
            "What needs to happen?",
            "requests:section",
            (
                _filled(contact.needs_to_happen),
                False,
            ),
        ),
        (
            "safety-scale",
            "Safety scale",
            "requests:section",
            (
                contact.safety_scale is not None and _filled(contact.safety_scale_reason),
                False,
            ),
        ),
        (
            "childs-voice",
            "The child's voice",
            "requests:section",
            (
                _filled(contact.child_words, contact.child_heard_how),
                _filled(contact.child_words) or _filled(contact.child_heard_how),
            ),
        ),
        (
            "level",
            "Level of need",
            # Level chosen, Early Help route still to read: the link goes straight there.
            "requests:early_help" if early_help_next else "requests:level",
            (level_done, contact.level_of_need is not None or _filled(contact.level_reason)),
        ),
        (
            "consent",
            "Consent",
            "requests:section",
            (consent_done, rules.consent_started(contact)),
        ),
    ]
    sections = []
    for slug, title, url_name, (complete, started) in rows:
        status = "completed" if complete else "in_progress" if started else "not_started"
        if slug in contact.pending_input or any(
            k.startswith(f"{slug}-") for k in contact.pending_input
        ):
            status = "in_progress"
        sections.append(Section(slug, title, url_name, status))
    sections.append(
        Section(
            "attachments",
            "Attachments",
            "requests:attachments",
            "completed" if attachments else "optional",
            required=False,
        )
    )
    return sections


def contact_missing(contact: Contact, counts: Counts | None = None) -> list[str]:
    """Titles of the sections still to complete before the request can be sent."""
    if counts is not None:
        counts = tuple(n or 0 for n in counts)  # type: ignore[assignment]  # same shape: four counts, None read as 0
    return [s.title for s in contact_sections(contact, counts) if not s.done]


def drafts_for_user(*, user: Viewer) -> QuerySet[Contact]:
    return (
        Contact.objects.filter(created_by_id=user.pk, status=ContactStatus.DRAFT)
        .prefetch_related("children")
        .order_by("-updated_at")
    )


def submitted_for_user(*, user: Viewer) -> QuerySet[Contact]:
    """Sent requests the user may see: their own, or their agency's for a safeguarding lead."""
    return (
        contacts_for_user(user=user)
        .exclude(status=ContactStatus.DRAFT)
        .select_related("agency", "created_by")
        .prefetch_related("children")
        .order_by("-submitted_at")
    )


@dataclass(frozen=True)
class StatusView:
    stage: str
    stage_index: int  # 1 received, 2 being looked at, 3 decision made; 0 withdrawn
    due_at: Any
    extended: bool
    extended_reason: str
    overdue: bool
    outcome: str
    # When the council's case-management system said it recorded the contact (its first
    # receipt); the referrer is told the fact and the time, never the council's own ids.
    recorded_at: Any = None


def contact_status(contact: Contact, *, now: dt.datetime | None = None) -> StatusView:
    """What the referrer is told on the status page, in plain words."""
    from django.utils import timezone

    now = now or timezone.now()
    stages: dict[str, tuple[str, int]] = {
        ContactStatus.RECEIVED: ("Received", 1),
        ContactStatus.IN_TRIAGE: ("Being looked at", 2),
        ContactStatus.AWAITING_MANAGER: ("Being looked at", 2),
        ContactStatus.RETURNED: ("Being looked at", 2),
        ContactStatus.DECIDED: ("Decision made", 3),
        ContactStatus.WITHDRAWN: ("Withdrawn", 0),
    }
    stage, index = stages.get(contact.status, ("Draft", 0))
    due_at, reason = contact.due_at, contact.due_extended_reason
    extended = bool(reason)
    # The triage app holds an approved extension: its new deadline and why.
    try:
        extended_due_at = contact.triage.extended_due_at
    except Triage.DoesNotExist:  # not yet opened by the front door
        extended_due_at = None
    if extended_due_at is not None:
        due_at, extended = extended_due_at, True
        if not reason:
            reason = _extension_reason(contact)
    return StatusView(
        stage=stage,
        stage_index=index,
        due_at=due_at,
        extended=extended,
        extended_reason=reason,
        overdue=bool(due_at and index in (1, 2) and due_at < now),
        outcome=_outcome_once_letters_sent(contact) if index == 3 else "",
        recorded_at=_recorded_in_council_system(contact) if index == 3 else None,
    )


def _recorded_in_council_system(contact: Contact) -> Any:
    """The time of the first receipt from the council's case-management system, or None."""
    from requests.handoff.selectors import first_receipt_at

    return first_receipt_at(contact_id=contact.pk)


def _extension_reason(contact: Contact) -> str:
    """The approved extension's reason, in the words of its choices ("Further enquiries...")."""
    approval = (
        contact.approval_requests.filter(
            kind=ApprovalKind.EXTENSION, status=ApprovalStatus.APPROVED, new_due_at__isnull=False
        )
        .order_by("-id")
        .first()
    )
    if approval is None:
        return ""
    label = approval.get_extension_reason_display()
    return str(label or "The front door needs more time for further enquiries.")


def _outcome_once_letters_sent(contact: Contact) -> str:
    """The agreed outcome, shown to the referrer only once the outcome letters have gone (003)."""
    if not contact.letters.filter(sent_at__isnull=False).exists():
        return ""
    decision = contact.decisions.filter(status=DecisionStatus.AGREED).order_by("-id").first()
    return str(decision.get_outcome_display()) if decision is not None else ""


def possible_matches_for_user(*, user: Viewer, contact: Contact) -> list[PossibleMatch]:
    """Possible matches of the contact's children: for front-door staff only, never referrers."""
    if (
        isinstance(user, AnonymousUser)
        or not user.is_front_door
        or user.authority_id != contact.authority_id
    ):
        return []
    return list(
        PossibleMatch.objects.filter(child__contact=contact)
        .select_related("child", "matched_child__contact")
        .order_by("id")
    )


def get_attachment_for_user(
    *, user: Viewer, contact_pk: int, pk: int, request: HttpRequest | None = None
) -> Attachment:
    contact = get_contact_for_user(user=user, pk=contact_pk, request=request)
    if contact.status == ContactStatus.DRAFT and contact.created_by_id != user.pk:
        raise Http404("No such attachment")
    attachment = Attachment.objects.filter(pk=pk, contact=contact).first()
    if attachment is None:
        raise Http404("No such attachment")
    return attachment


def category_labels(*, contact: Contact) -> list[str]:
    """The contact's categories of concern in words, in the order the referrer chose them."""
    labels = dict(ConcernCategory.choices)
    return [labels.get(code, code) for code in contact.categories]
