"""The front door's pages: the queue, a contact's record and its forms, a manager's approvals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST

from referral_portal.accounts.decorators import role_required
from referral_portal.accounts.http import AuthenticatedHttpRequest
from referral_portal.accounts.models import AgencyType, Role
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record
from referral_portal.errors import DomainError, show
from referral_portal.govuk import dates
from referral_portal.procedures.selectors import response_aim_for
from requests import support_rules
from requests.handoff.selectors import contact_handoff
from requests.models import Contact, PossibleMatch
from requests.selectors import category_labels, get_contact_for_user, people_declared
from requests.triage import forms as triage_forms
from requests.triage import rules, selectors, services
from requests.triage.models import (
    ApprovalKind,
    ApprovalRequest,
    ApprovalStatus,
    ConsentToGather,
    Decision,
    DecisionStatus,
    FurtherEnquiries,
    HoldsPR,
    Outcome,
    QueueEntry,
    Triage,
)
from requests.triage.pr import pr_record
from requests.triage.states import (
    FOLLOW_UP_STATES,
    TRIAGE,
    TriageAction,
    TriageState,
)

FRONT_DOOR = (Role.OFFICER, Role.MANAGER)


def _record_url(contact: Contact) -> str:
    return reverse("triage:record", args=[contact.pk])


@role_required(*FRONT_DOOR)
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Open contacts of the user's authority, most urgent first, then by due time."""
    user: Any = request.user
    # The authority's response aim (its procedure row): the deadlines shown, or none.
    aim = response_aim_for(authority=user.authority_id)
    services.queue_reconcile_if_due(authority_id=user.authority_id, aim=aim)
    form = triage_forms.QueueFilterForm(request.GET or None)
    filters = selectors.QueueFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.QueueFilters(
            state=data["state"],
            held_by_me=data["mine"],
            unassigned=data["unassigned"],
            agency_type=data["agency_type"],
            level=data["level"],
            overdue=data["overdue"],
        )
    page = selectors.queue_page(user=user, filters=filters, cursor=request.GET.get("after", ""))
    audit_record(
        actor=user,
        action=AuditAction.LIST,
        object_type="triage.queue",
        request=request,
        changes={"shown": [entry.contact_id for entry in page.entries]},
    )
    query = request.GET.copy()
    query.pop("after", None)
    rows = _queue_rows(page, user, deadlines=aim is not None)
    token = get_token(request)
    for row in rows:
        row["html"] = _row_html(row, token)
    return render(
        request,
        "triage/queue.html",
        {
            "form": form,
            "rows": rows,
            "next_cursor": page.next_cursor,
            "query": query.urlencode(),
            "is_later_page": bool(request.GET.get("after")),
            "aim": aim,
        },
    )


_AGENCY_TYPES = dict(AgencyType.choices)
_STATES = dict(TriageState.choices)


def _queue_rows(
    page: selectors.QueuePage, user: Any, *, deadlines: bool = True
) -> list[dict[str, Any]]:
    """Each row's text made here, once: the page must cost the same with 5 or 25 rows.

    ``deadlines`` false: the authority has no response aim, so no row shows a deadline or a tag
    (an entry's due time is then only its place in the queue: its receipt).

    URLs are built from the queue's own prefix (see urls.py: contacts/<pk>/...) instead of one
    ``reverse`` per link, which was most of the page's time at 25 rows.
    """
    prefix = reverse("triage:queue")
    rows = []
    for entry in page.entries:
        pk = entry.contact_id
        holder = entry.held_by
        danger = entry.immediate_danger
        rows.append(
            {
                "pk": pk,
                "url": f"{prefix}contacts/{pk}/",
                "claim_url": f"{prefix}contacts/{pk}/claim/",
                "reference": entry.reference or str(pk),
                "urgent": entry.urgent,
                "urgent_label": "Immediate danger" if danger else "Immediate action",
                "children": [name for name in entry.child_names.split("\n") if name],
                "agency": entry.agency_name,
                "agency_type": _AGENCY_TYPES.get(entry.agency_type, ""),
                "level": f"Level {entry.level_of_need}" if entry.level_of_need else "Not given",
                "received": timezone.localtime(entry.received_at).strftime("%-d %b %H:%M"),
                "due": timezone.localtime(entry.due_at).strftime("%-d %b %H:%M")
                if deadlines
                else "No deadline",
                "tag": selectors.due_tag(entry, page.now) if deadlines else "",
                # Released by its holder: waiting again, not "being looked at" (review D24).
                "state": "Waiting (released)"
                if entry.state == TriageState.IN_TRIAGE and holder is None
                else _STATES.get(entry.state, entry.state),
                "holder": ("You" if holder.pk == user.pk else str(holder)) if holder else "",
            }
        )
    return rows


# Fixed markup, no user text.
_TAGS = {
    "overdue": mark_safe('<br><strong class="govuk-tag govuk-tag--red">Overdue</strong>'),  # noqa: S308  # nosec B308
    "due_soon": mark_safe(  # noqa: S308  # nosec B308
        '<br><strong class="govuk-tag govuk-tag--orange">Due in under 2 hours</strong>'
    ),
    "": "",
}
_CELL = '<td class="govuk-table__cell">{}</td>'


def _row_html(row: dict[str, Any], csrf_token: str) -> SafeString:
    """One queue row as HTML, every value escaped by format_html.

    Built in Python rather than in the template because the template engine's cost per row
    was most of the page's time at 25 rows; the queue must read as fast full as nearly empty.
    """
    reference = format_html('<a class="govuk-link" href="{}">{}</a>', row["url"], row["reference"])
    if row["urgent"]:
        reference += format_html(
            '<br><strong class="govuk-tag govuk-tag--red">{}</strong>', row["urgent_label"]
        )
    children = (
        format_html_join(mark_safe("<br>"), "{}", ((name,) for name in row["children"]))  # noqa: S308  # nosec B308
        if row["children"]
        else "None recorded"
    )
    agency = format_html(
        '{}<br><span class="govuk-hint govuk-!-font-size-16">{}</span>',
        row["agency"],
        row["agency_type"],
    )
    due = format_html("{}{}", row["due"], _TAGS.get(row["tag"], ""))
    holder = row["holder"] or format_html(
        '<form method="post" action="{}" novalidate>'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<button type="submit" class="govuk-button govuk-button--secondary '
        'govuk-!-margin-bottom-0" data-module="govuk-button">Claim'
        '<span class="govuk-visually-hidden"> {}</span></button></form>',
        row["claim_url"],
        csrf_token,
        row["reference"],
    )
    cells = format_html_join(
        "",
        _CELL,
        (
            (value,)
            for value in (
                reference,
                children,
                agency,
                row["level"],
                row["received"],
                due,
                row["state"],
                holder,
            )
        ),
    )
    return format_html('<tr class="govuk-table__row">{}</tr>', cells)


@require_POST
@role_required(*FRONT_DOOR)
def take_next(request: AuthenticatedHttpRequest) -> HttpResponse:
    contact = services.contact_take_next(user=request.user, request=request)
    if contact is None:
        messages.info(request, "There is nothing unclaimed in the queue")
        return redirect("triage:queue")
    messages.success(request, f"You have claimed {contact.reference}")
    return redirect(_record_url(contact))


def _contact(request: AuthenticatedHttpRequest, pk: int) -> Contact:
    return get_contact_for_user(user=request.user, pk=pk, request=request)


@require_POST
@role_required(*FRONT_DOOR)
def claim(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = _contact(request, pk)
    try:
        services.contact_claim(user=request.user, contact=contact, request=request)
    except DomainError as error:
        show(request, error)
    else:
        messages.success(request, f"You have claimed {contact.reference}")
    return redirect(_record_url(contact))


@require_POST
@role_required(*FRONT_DOOR)
def release(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = _contact(request, pk)
    try:
        services.contact_release(user=request.user, contact=contact, request=request)
    except DomainError as error:
        show(request, error)
        return redirect(_record_url(contact))
    messages.success(request, f"{contact.reference} is back in the queue")
    return redirect("triage:queue")


def _possible_matches(contact: Contact, children: list[Any]) -> list[dict[str, Any]]:
    """Earlier contacts with a child of the same name and date of birth, for officers only."""
    by_child: dict[int, list[PossibleMatch]] = {child.pk: [] for child in children}
    for match in PossibleMatch.objects.filter(child__in=children).select_related(
        "matched_child__contact"
    ):
        by_child[match.child_id].append(match)  # one query for every child
    found = []
    for child in children:
        for match in by_child[child.pk]:
            other = match.matched_child.contact
            if other.authority_id != contact.authority_id:
                continue
            found.append({"child": child, "other": other})
    return found


def _submitted(contact: Contact) -> list[tuple[str, str]]:
    def when(value: Any) -> str:
        return dates.when(value) if value else "Not given"

    referrer = contact.created_by
    who = ", ".join(
        str(part)
        for part in (
            referrer.full_name,
            contact.referrer_role or referrer.job_title,
            contact.referrer_phone or referrer.phone,
            contact.referrer_email or referrer.email,
        )
        if part
    )
    rows = [
        ("Reference", contact.reference or ""),
        ("Referrer", who),
        ("Agency", f"{contact.agency.name} ({contact.agency.get_agency_type_display()})"),
        ("Immediate danger", "Yes" if contact.immediate_danger else "No"),
        ("Received", when(contact.submitted_at or contact.created_at)),
        _due_row(contact, when),
    ]
    return rows


def _due_row(contact: Contact, when: Callable[[Any], str]) -> tuple[str, str]:
    """The deadline as the authority's response aim set it, or that it has none."""
    if contact.due_at is None:
        return ("Due", "No deadline: the authority has no response aim in the portal")
    aim = response_aim_for(authority=contact.authority_id)
    if aim is None:
        return ("Due", when(contact.due_at))
    whose = "this portal's standard" if aim.portal_standard else "the authority's aim"
    return (f"Due ({aim.hours}-hour aim, {whose})", when(contact.due_at))


def letters_for_contact(*, contact: Contact) -> list[Any]:
    # Outcome letters are their own app (requests.letters); the record lists them.
    from requests.letters.selectors import letters_for_contact as letters

    return list(letters(contact=contact))


def gathering_for_contact(*, contact: Contact) -> list[Any]:
    # Information gathering in the portal is its own app (requests.gathering); the record
    # shows its requests, with the answers beside the questions.
    from requests.gathering.selectors import requests_for_record

    return requests_for_record(contact=contact)


@role_required(*FRONT_DOOR)
def record(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Everything submitted, the triage work so far and the contact's timeline."""
    contact = _contact(request, pk)
    services.queue_entry_open(contact=contact)
    triage = Triage.objects.filter(contact=contact).first()
    entry = QueueEntry.objects.filter(contact=contact).select_related("held_by").first()
    prefetch_related_objects([contact], "children")  # the people and PR record reuse them
    children = list(contact.children.all())
    state = triage.state if triage else ""
    user: Any = request.user
    holds = entry is not None and entry.held_by_id == user.pk
    enquiries = FurtherEnquiries.objects.filter(contact=contact).select_related("officer").first()
    follows_up = (
        enquiries is not None and enquiries.officer_id == user.pk and state in FOLLOW_UP_STATES
    )
    may_work = holds or follows_up or user.role == Role.MANAGER
    now = timezone.now()
    action_missing = (
        triage is not None
        and rules.immediate_action_required(
            immediate_danger=contact.immediate_danger,
            immediate_action_needed=triage.immediate_action_needed,
        )
        and not rules.immediate_action_recorded(
            taken=triage.immediate_action_taken,
            by=triage.immediate_action_by,
            at=triage.immediate_action_at,
        )
    )
    return render(
        request,
        "triage/record.html",
        {
            "contact": contact,
            "submitted": _submitted(contact),
            "triage": triage,
            "entry": entry,
            "tag": selectors.due_tag(entry) if entry else "",
            "children": children,
            "people": people_declared(contact),
            "attachments": list(contact.attachments.all()),
            "categories": category_labels(contact=contact),
            "matches": _possible_matches(contact, children),
            "pr_record": pr_record(contact=contact),
            "professionals": list(contact.professionals_contacted.all()),
            "approvals": list(contact.approval_requests.select_related("decided_by")),
            "decisions": list(contact.decisions.select_related("made_by", "manager")),
            "letters": letters_for_contact(contact=contact),
            "gathering_rows": gathering_for_contact(contact=contact),
            "timeline": selectors.contact_timeline(contact_id=contact.pk),
            "handoff": contact_handoff(contact=contact),
            "holds": holds,
            "may_claim": entry is not None
            and entry.held_by_id is None
            and TRIAGE.allows(state, TriageAction.CLAIM),
            "may_record": may_work and TRIAGE.allows(state, TriageAction.RECORD),
            "may_decide": may_work and TRIAGE.allows(state, TriageAction.SUBMIT_DECISION),
            "is_manager": user.role == Role.MANAGER,
            "is_open": entry is not None,
            "may_gather": triage is not None
            and selectors.gathering_allowed(contact=contact, consent=triage.consent_to_gather),
            "referrer_consent": referrer_consent_rows(contact),
            "action_missing": action_missing,
            "overdue_by": rules.overdue_by(due_at=entry.due_at, now=now) if entry else "",
            "enquiries": enquiries,
            "in_follow_up": state in FOLLOW_UP_STATES,
        },
    )


def _form_page(
    request: AuthenticatedHttpRequest,
    contact: Contact,
    *,
    form_class: type[forms.Form],
    title: str,
    button: str,
    save: Callable[[dict[str, Any]], Any],
    success: str,
    initial: dict[str, Any] | None = None,
    intro: str = "",
    form_kwargs: dict[str, Any] | None = None,
    letters_link: bool = False,
    summary: list[tuple[str, str]] | None = None,
) -> HttpResponse:
    """A form about one contact: on success back to the record, otherwise errors in place."""
    kwargs = form_kwargs or {}
    if request.method == "POST":
        form = form_class(request.POST, **kwargs)
        if form.is_valid():
            try:
                save(form.cleaned_data)
            except DomainError as error:
                show(request, error, form)
            else:
                messages.success(request, success)
                return redirect(_record_url(contact))
    else:
        form = form_class(initial=initial, **kwargs)
    return render(
        request,
        "triage/form.html",
        {
            "form": form,
            "contact": contact,
            "title": title,
            "button": button,
            "intro": intro,
            "letters_link": letters_link,
            "summary": summary or [],
        },
    )


@role_required(*FRONT_DOOR)
def gathering(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Consent to gather, the MASH enquiry and immediate action; a stale save is refused."""
    contact = _contact(request, pk)
    services.queue_entry_open(contact=contact)
    triage = Triage.objects.get(contact=contact)
    mash = "concluded" if triage.mash_concluded_at else "started" if triage.mash_started_at else ""
    consent_at = timezone.localtime(triage.consent_given_at) if triage.consent_given_at else None
    action_at = (
        timezone.localtime(triage.immediate_action_at) if triage.immediate_action_at else None
    )
    current = {
        "version": triage.version,
        # The referrer's answer on the Request for Support until the officer records their own.
        "consent_to_gather": triage.consent_to_gather
        or (contact.consent if contact.consent in ConsentToGather.values else ""),
        "consent_notes": triage.consent_notes,
        "consent_given_by": triage.consent_given_by,
        "consent_given_on": consent_at.date() if consent_at else None,
        "consent_given_time": consent_at.strftime("%H:%M") if consent_at else "",
        "consent_given_how": triage.consent_given_how,
        "mash": mash,
        "mash_summary": triage.mash_summary,
        "immediate_action_needed": triage.immediate_action_needed,
        "immediate_action_taken": triage.immediate_action_taken,
        "immediate_action_by": triage.immediate_action_by,
        "immediate_action_on": action_at.date() if action_at else None,
        "immediate_action_time": action_at.strftime("%H:%M") if action_at else "",
    }
    stale: services.StaleEdit | None = None
    if request.method == "POST":
        form = triage_forms.GatheringForm(request.POST)
        if form.is_valid():
            try:
                services.triage_update(
                    user=request.user, contact=contact, request=request, **form.for_service()
                )
            except services.StaleEdit as error:
                stale = error
                # Keep what was typed; the next save is made against the version now shown.
                posted = request.POST.copy()
                posted["version"] = str(error.triage.version)
                form = triage_forms.GatheringForm(posted)
                form.is_valid()
                form.add_error(None, str(error))
            except DomainError as error:
                show(request, error, form)
            else:
                messages.success(request, "Consent, MASH and immediate action saved")
                return redirect(_record_url(contact))
    else:
        form = triage_forms.GatheringForm(initial=current)
    labels = {name: field.label for name, field in triage_forms.GatheringForm().fields.items()}
    differences = [
        {
            "label": labels.get(name, name),
            "now": _shown(_CONSENT.get(now, now) if isinstance(now, str) else now),
            "yours": _shown(_CONSENT.get(yours, yours) if isinstance(yours, str) else yours),
        }
        for name, now, yours in (stale.differences if stale else [])
    ]
    return render(
        request,
        "triage/gathering.html",
        {
            "form": form,
            "contact": contact,
            "stale": stale,
            "differences": differences,
            "referrer_consent": referrer_consent_rows(contact),
            "danger": contact.immediate_danger,
        },
    )


def referrer_consent_rows(contact: Contact) -> list[tuple[str, str]]:
    """The referrer's consent answer and its reasons, as the Request for Support recorded it."""
    if not contact.consent:
        return [("The referrer's answer", "Not given")]
    rows = [("The referrer's answer", contact.get_consent_display())]
    if contact.consent_refused_details:
        rows.append(("What the family said", contact.consent_refused_details))
    if contact.consent_not_sought_reason:
        rows.append(("Why it was not sought", contact.get_consent_not_sought_reason_display()))
    if contact.consent_not_sought_details:
        rows.append(("Explanation", contact.consent_not_sought_details))
    return rows + support_rules.consent_more_rows(contact)


_CONSENT = dict(ConsentToGather.choices)


def _shown(value: Any) -> str:
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    return str(value) if value not in (None, "") else "(empty)"


@role_required(*FRONT_DOOR)
def professional(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = _contact(request, pk)

    def save(data: dict[str, Any]) -> Any:
        return services.professional_contacted_add(
            user=request.user,
            contact=contact,
            request=request,
            name=data["name"],
            agency=data["agency"],
            email=data["email"],
            address=data["address"],
            contacted_at=data["contacted_at"],
            asked=data["asked"],
            said=data["said"],
        )

    consent = Triage.objects.filter(contact=contact).values_list("consent_to_gather", flat=True)
    if request.method != "POST" and not selectors.gathering_allowed(
        contact=contact, consent=consent.first() or ""
    ):
        # Said before anything is typed. A form posted anyway (consent reversed meanwhile)
        # is refused by the service with what was typed kept.
        return render(request, "triage/gathering_closed.html", {"contact": contact})
    now = timezone.localtime()
    return _form_page(
        request,
        contact,
        form_class=triage_forms.ProfessionalForm,
        title="Professional contacted",
        button="Save",
        save=save,
        success="Professional contacted saved",
        initial={"contacted_on": now.date(), "contacted_time": now.strftime("%H:%M")},
    )


@role_required(*FRONT_DOOR)
def override_request(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = _contact(request, pk)
    return _form_page(
        request,
        contact,
        form_class=triage_forms.OverrideRequestForm,
        title="Ask a duty manager to override consent",
        intro="Consent was refused or not sought. A duty manager may override the need for it.",
        button="Send to a duty manager",
        save=lambda data: services.approval_request_create(
            user=request.user,
            contact=contact,
            request=request,
            kind=ApprovalKind.CONSENT_OVERRIDE,
            reason=data["reason"],
        ),
        success="Override request sent to the duty managers",
    )


@role_required(*FRONT_DOOR)
def extension_request(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = _contact(request, pk)
    aim = response_aim_for(authority=contact.authority_id)
    if aim is None or not aim.extension:
        messages.error(
            request,
            "This authority's response aim in the portal gives no extension, so none can be "
            "asked for.",
        )
        return redirect("triage:record", pk=contact.pk)
    standard = "This portal's standard" if aim.portal_standard else "The authority's aim"
    intro = (
        f"{standard} is a response within {aim.hours} hours. {aim.extension} A duty manager "
        "may extend it, before the deadline passes. " + ROUTE_GUIDANCE
    )
    entry = QueueEntry.objects.filter(contact=contact).first()
    if entry is not None:
        due = dates.when(entry.due_at)
        late = rules.overdue_by(due_at=entry.due_at, now=timezone.now())
        intro += (
            f" This contact was due {due} and is overdue by {late}: it can no longer be extended."
            if late
            else f" This contact is due {due}."
        )
    return _form_page(
        request,
        contact,
        form_class=triage_forms.ExtensionRequestForm,
        title="Ask for more time",
        intro=intro,
        button="Send to a duty manager",
        save=lambda data: services.approval_request_create(
            user=request.user,
            contact=contact,
            request=request,
            kind=ApprovalKind.EXTENSION,
            reason=data["reason"],
            extension_reason=data["extension_reason"],
            new_due_at=data["new_due_at"],
        ),
        success="Extension request sent to the duty managers",
    )


def _easy_read_needed(contact: Contact) -> bool:
    """Someone who may hold PR needs EasyRead (anyone not confirmed to hold none)."""
    from requests.triage.pr import pr_record

    return any(
        entry.person.needs_easy_read
        and not all(answer.confirmed == HoldsPR.NO for answer in entry.answers)
        for entry in pr_record(contact=contact)
    )


@role_required(*FRONT_DOOR)
def decision(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Two steps: the outcome, then the rationale (internal) and what the letters say, which
    start from the outcome's standard wording (003) and are edited by the officer."""
    from requests.triage.wording import standard_texts

    contact = _contact(request, pk)
    triage = Triage.objects.filter(contact=contact).first()
    final = triage is not None and triage.state in FOLLOW_UP_STATES
    # Issue 19: a duty manager agrees only where the authority's own procedures say so.
    agreement = services.manager_agreement_required(authority=contact.authority_id)
    takes_effect = (
        "The decision takes effect when a duty manager agrees it. "
        if agreement
        else f"Your decision is final when you record it: no duty manager agrees it, as "
        f"{contact.authority.name}'s procedures in this portal give no duty manager's agreement "
        "of front-door decisions. Recording it sends the outcome letters and closes the contact. "
    )
    intro = takes_effect + (
        "This is the final outcome of the further enquiries: "
        + ("agreeing" if agreement else "recording")
        + " it sends the outcome letters again, to everyone including the professionals "
        "consulted during the enquiries."
        if final
        else ROUTE_GUIDANCE
    )
    if (
        triage is not None
        and rules.immediate_action_required(
            immediate_danger=contact.immediate_danger,
            immediate_action_needed=triage.immediate_action_needed,
        )
        and not rules.immediate_action_recorded(
            taken=triage.immediate_action_taken,
            by=triage.immediate_action_by,
            at=triage.immediate_action_at,
        )
    ):
        intro += (
            " This contact needs immediate action: record what was done, by whom and when "
            "(Consent, MASH and immediate action) before a decision can be sent."
        )
    outcome = request.POST.get("outcome") or request.GET.get("outcome") or ""
    offered = services.outcomes_offered(authority=contact.authority)
    allowed = [value for value, _ in triage_forms.final_outcomes()] if final else Outcome.values
    allowed = [value for value in allowed if value in offered]
    if outcome not in allowed:
        step_one = triage_forms.DecisionOutcomeForm(
            request.GET if "step" in request.GET else None, final=final, offered=offered
        )
        if step_one.is_bound:
            step_one.is_valid()
        return render(
            request,
            "triage/decision_outcome.html",
            {
                "form": step_one,
                "contact": contact,
                "title": "Record the decision",
                "intro": intro,
            },
        )
    easy_read_needed = _easy_read_needed(contact)
    warnings: list[str] = []
    if not agreement:
        # What the officer confirms, as a manager would: the letters that will not reach everyone.
        easy_read = request.POST.get("family_text_easy_read") if request.method == "POST" else None
        warnings = services.letters_warnings(
            decision=Decision(
                contact=contact,
                outcome=outcome,
                family_text_easy_read=easy_read or standard_texts(outcome)["family_text_easy_read"],
            )
        )
    if request.method == "POST":
        form = triage_forms.DecisionForm(
            request.POST, easy_read_needed=easy_read_needed, letters_warnings=warnings
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.decision_propose(
                    user=request.user,
                    contact=contact,
                    request=request,
                    outcome=data["outcome"],
                    rationale=data["rationale"],
                    family_text=data["family_text"],
                    family_text_easy_read=data.get("family_text_easy_read", ""),
                    referrer_text=data["referrer_text"],
                    immediate_action_taken=data["immediate_action_taken"],
                    letters_reason=data.get("letters_reason", ""),
                )
            except services.LettersNeedConfirmation as error:
                # The record changed since the page was shown: show what the letters do now.
                warnings = error.warnings
                form = triage_forms.DecisionForm(
                    request.POST, easy_read_needed=easy_read_needed, letters_warnings=warnings
                )
                form.is_valid()
                form.add_error(None, str(error))
            except DomainError as error:
                show(request, error, form)
            else:
                messages.success(
                    request,
                    "Decision sent to the duty managers for agreement"
                    if agreement
                    else "Decision recorded. It is final: the outcome letters are being sent, by "
                    "email or listed in Letters to post. Letters held back are not sent.",
                )
                return redirect(_record_url(contact))
    else:
        form = triage_forms.DecisionForm(
            initial={
                "outcome": outcome,
                **standard_texts(outcome),
                "immediate_action_taken": Triage.objects.filter(contact=contact)
                .values_list("immediate_action_taken", flat=True)
                .first()
                or "",
            },
            easy_read_needed=easy_read_needed,
            letters_warnings=warnings,
        )
    return render(
        request,
        "triage/decision.html",
        {
            "form": form,
            "contact": contact,
            "title": "Record the final outcome" if final else "Record the decision",
            "outcome_label": Outcome(outcome).label,
            "intro": intro,
            "agreement": agreement,
            "warnings": warnings,
        },
    )


# One line on the decision and extension pages: which of the two MASH routes to use.
ROUTE_GUIDANCE = (
    "If the enquiries (by the duty worker or through the MASH) can finish before you decide, "
    "ask for more time; if the decision now is to make further enquiries, choose that outcome: "
    "the contact is decided and a follow-up stays open for the final outcome and its letters."
)


@role_required(*FRONT_DOOR)
def enquiries(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = _contact(request, pk)
    follow_up = FurtherEnquiries.objects.filter(contact=contact).first()
    if follow_up is None:
        raise Http404("No further enquiries on this contact")
    return _form_page(
        request,
        contact,
        form_class=triage_forms.EnquiriesForm,
        title="Further enquiries",
        intro="Record the enquiries being made and, when they are done, what they found.",
        button="Save",
        save=lambda data: services.enquiries_update(
            user=request.user, contact=contact, request=request, **data
        ),
        success="Further enquiries saved",
        initial={"enquiries": follow_up.enquiries, "result": follow_up.result},
    )


@role_required(*FRONT_DOOR)
def enquiries_open(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Further enquiries still open in the user's authority, oldest first."""
    user: Any = request.user
    rows = list(
        FurtherEnquiries.objects.filter(authority_id=user.authority_id, concluded_at__isnull=True)
        .select_related("contact", "officer", "contact__triage")
        .order_by("opened_at", "id")
    )
    audit_record(
        actor=user,
        action=AuditAction.LIST,
        object_type="triage.enquiries",
        request=request,
        changes={"shown": [row.contact_id for row in rows]},
    )
    return render(request, "triage/enquiries.html", {"rows": rows})


@role_required(Role.MANAGER)
def reassign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = _contact(request, pk)
    return _form_page(
        request,
        contact,
        form_class=triage_forms.ReassignForm,
        form_kwargs={"authority_id": contact.authority_id},
        title="Reassign",
        button="Reassign",
        save=lambda data: services.contact_reassign(
            manager=request.user, contact=contact, to_user=data["officer"], request=request
        ),
        success="Contact reassigned",
    )


@role_required(Role.MANAGER)
def approvals(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What waits for a duty manager: overrides, extensions and decisions to agree."""
    pending = selectors.pending_approvals(manager=request.user)
    audit_record(actor=request.user, action=AuditAction.LIST, object_type="triage.approvals")
    return render(
        request,
        "triage/approvals.html",
        {
            "overrides": [a for a in pending if a.kind == ApprovalKind.CONSENT_OVERRIDE],
            "extensions": [a for a in pending if a.kind == ApprovalKind.EXTENSION],
            "consent_changes": [a for a in pending if a.kind == ApprovalKind.CONSENT_CHANGE],
            "decisions": selectors.decisions_awaiting(manager=request.user),
        },
    )


@role_required(Role.MANAGER)
def approval_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    approval = ApprovalRequest.objects.filter(pk=pk).first()
    if approval is None:
        raise Http404
    contact = _contact(request, approval.contact_id)
    if approval.status != ApprovalStatus.PENDING:
        messages.info(request, f"This request has been {approval.get_status_display().lower()}")
        return redirect(_record_url(contact))
    return _form_page(
        request,
        contact,
        form_class=triage_forms.ApprovalDecideForm,
        form_kwargs={"kind": approval.kind},
        title=approval.get_kind_display(),
        intro=_approval_intro(approval),
        button="Save your answer",
        save=lambda data: services.approval_decide(
            manager=request.user,
            approval=approval,
            approve=data["answer"] == "approve",
            comment=data["comment"],
            request=request,
        ),
        success="Your answer is saved",
    )


def _approval_intro(approval: ApprovalRequest) -> str:
    if approval.kind == ApprovalKind.CONSENT_CHANGE:
        return (
            f"{approval.requested_by} recorded: {approval.reason} Information may be gathered "
            "while you look at this; if you put the earlier answer back, gathering stops until "
            "consent is given or overridden."
        )
    text = f"{approval.requested_by} asks: {approval.reason}"
    if approval.kind == ApprovalKind.EXTENSION and approval.new_due_at:
        when = timezone.localtime(approval.new_due_at).strftime("%-d %b %Y %H:%M")
        text += f" New deadline: {when} ({approval.get_extension_reason_display()})."
        entry = QueueEntry.objects.filter(contact_id=approval.contact_id).first()
        if entry is not None:
            now = timezone.now()
            due = timezone.localtime(entry.due_at).strftime("%-d %b %Y %H:%M")
            late = rules.overdue_by(due_at=entry.due_at, now=now)
            text += (
                f" It was due {due} (overdue by {late}): an extension can no longer be approved."
                if late
                else f" It is due {due}."
            )
    return text


@role_required(Role.MANAGER)
def decision_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The proposed decision, what each letter will say, and what the letters will not do
    (PR not known, nobody with PR written to, undeliverable): agreeing then needs a reason."""
    proposed = Decision.objects.filter(pk=pk).select_related("made_by").first()
    if proposed is None:
        raise Http404
    contact = _contact(request, proposed.contact_id)
    proposed.contact = contact  # read once, with its referrer and agency, for the letters
    if proposed.status != DecisionStatus.AWAITING_MANAGER:
        messages.info(request, f"This decision has been {proposed.get_status_display().lower()}")
        return redirect(_record_url(contact))
    warnings = services.letters_warnings(decision=proposed)
    if request.method == "POST":
        form = triage_forms.DecisionReviewForm(request.POST, letters_warnings=warnings)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["answer"] == "agree":
                    services.decision_agree(
                        manager=request.user,
                        decision=proposed,
                        letters_reason=data.get("letters_reason", ""),
                        request=request,
                    )
                else:
                    services.decision_return(
                        manager=request.user,
                        decision=proposed,
                        comment=data["comment"],
                        request=request,
                    )
            except services.LettersNeedConfirmation as error:
                # The record changed since the page was shown: show what the letters do now.
                warnings = error.warnings
                form = triage_forms.DecisionReviewForm(request.POST, letters_warnings=warnings)
                form.is_valid()
                form.add_error(None, str(error))
            except DomainError as error:
                show(request, error, form)
            else:
                messages.success(
                    request,
                    # Say what happened and what happens next (review D18).
                    "Decision agreed. The outcome letters are being sent: by email, or listed in "
                    "Letters to post for people with no email address. Letters held back are "
                    "not sent."
                    if data["answer"] == "agree"
                    else "Decision returned to the officer with your comment",
                )
                return redirect(_record_url(contact))
    else:
        form = triage_forms.DecisionReviewForm(letters_warnings=warnings)
    return render(
        request,
        "triage/decision_review.html",
        {
            "form": form,
            "title": "Agree the final outcome"
            if proposed.after_enquiries
            else "Agree the decision",
            "contact": contact,
            "decision": proposed,
            "warnings": warnings,
            "summary": _proposal_rows(proposed, contact),
        },
    )


def _pr_summary(contact: Contact) -> str:
    lines = [
        f"{entry.person.full_name}: "
        + "; ".join(f"{a.child_name}: {a.status_words.lower()}" for a in entry.answers)
        for entry in pr_record(contact=contact)
    ]
    return "\n".join(lines) or "Nobody named"


def _proposal_rows(proposed: Decision, contact: Contact) -> list[tuple[str, str]]:
    """The proposal in labelled parts, with what the manager must check beside it. Each text
    says where it goes: the rationale nowhere outside the portal (issue 17 point 3)."""
    from requests.letters.rendering import family_text, referrer_text

    triage = Triage.objects.filter(contact=contact).first()
    when = dates.when(proposed.made_at)
    rows = [
        (
            "Final outcome of further enquiries" if proposed.after_enquiries else "Outcome",
            proposed.get_outcome_display(),
        ),
        ("Rationale (internal, never printed in a letter)", proposed.rationale),
        (
            "What we tell the family (letters to people with parental responsibility)",
            family_text(proposed, easy_read=False),
        ),
    ]
    if proposed.family_text_easy_read:
        rows.append(("What we tell the family, in EasyRead", proposed.family_text_easy_read))
    rows += [
        (
            "What we tell the referrer (and professionals contacted)",
            referrer_text(proposed),
        ),
        ("Proposed by", f"{proposed.made_by}, {when}"),
    ]
    danger = contact.immediate_danger
    needed = bool(triage and triage.immediate_action_needed)
    if danger or needed or (triage and triage.immediate_action_taken):
        flag = "Immediate danger (said by the referrer)" if danger else "Immediate action needed"
        action = [flag if (danger or needed) else "Not flagged"]
        if triage and triage.immediate_action_taken:
            action.append(f"Taken: {triage.immediate_action_taken}")
        if triage and triage.immediate_action_by:
            at = (
                dates.when(triage.immediate_action_at)
                if triage.immediate_action_at
                else "time not recorded"
            )
            action.append(f"By {triage.immediate_action_by}, {at}")
        rows.append(("Immediate action", "\n".join(action)))
    follow_up = FurtherEnquiries.objects.filter(contact=contact).first()
    if proposed.after_enquiries and follow_up is not None:
        rows.append(("The enquiries", follow_up.enquiries or "Not recorded"))
        rows.append(("What they found", follow_up.result or "Not recorded"))
        consulted = contact.professionals_contacted.filter(during_enquiries=True)
        rows.append(
            (
                "Consulted during the enquiries (each is sent the outcome letter)",
                "\n".join(f"{p.name}, {p.agency}" for p in consulted) or "Nobody",
            )
        )
    consent = triage.get_consent_to_gather_display() if triage and triage.consent_to_gather else ""
    rows.append(("Consent to gather", consent or "Not recorded"))
    rows.append(("Referrer's consent answer", referrer_consent_rows(contact)[0][1]))
    rows.append(("Professionals contacted", str(contact.professionals_contacted.count())))
    rows.append(("Parental responsibility", _pr_summary(contact)))
    return rows
