"""Pages of the Request for Support: start, task list, one page per topic, check and send,
drafts, the status page. Thin: access through ``get_contact_for_user``, writes through services.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from contacts.models import ServiceKind
from contacts.selectors import service_for
from referral_portal.accounts.decorators import role_required
from referral_portal.accounts.http import AuthenticatedHttpRequest
from referral_portal.accounts.models import Role
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record
from referral_portal.errors import show
from referral_portal.govuk.dates import clock, day, when
from referral_portal.procedures.models import Kind
from referral_portal.procedures.selectors import offers, response_aim_for
from requests import attachments as files
from requests import forms as rfs
from requests import selectors, services
from requests import support_rules as rules
from requests.models import Child, ConcernCategory, Contact, ContactStatus, Person
from thresholds.selectors import assessments_saved, framework_for

REFERRERS = (Role.PRACTITIONER, Role.SAFEGUARDING_LEAD)
referrer_required = role_required(*REFERRERS)

# The topic pages that edit fields of the contact itself: slug -> (form, title).
SECTIONS: dict[str, tuple[type[forms.Form], str]] = {
    "referrer": (rfs.ReferrerForm, "Your details"),
    "concerns": (rfs.ConcernsForm, "What the request is about"),
    "worries": (rfs.WorriesForm, "What are we worried about?"),
    "working-well": (rfs.WorkingWellForm, "What is working well?"),
    "next-steps": (rfs.NextStepsForm, "What needs to happen?"),
    "safety-scale": (rfs.SafetyScaleForm, "Safety scale"),
    "childs-voice": (rfs.ChildsVoiceForm, "The child's voice"),
    "consent": (rfs.ConsentForm, "Consent"),
}
MAX_KEPT_FIELDS = 60
MAX_KEPT_CHARS = 20000


def _typed(post: QueryDict) -> dict[str, list[str]]:
    """What was typed on a page, bounded, to keep in the draft when it fails validation."""
    kept: dict[str, list[str]] = {}
    for key in list(post.keys())[:MAX_KEPT_FIELDS]:
        if key == "csrfmiddlewaretoken":
            continue
        # PostgreSQL's JSON cannot hold NUL; the form refuses it anyway when shown again.
        kept[key[:100].replace("\x00", "")] = [
            value[:MAX_KEPT_CHARS].replace("\x00", "") for value in post.getlist(key)[:20]
        ]
    return kept


def _as_query(data: dict[str, list[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in data.items():
        if isinstance(values, list):
            query.setlist(key, [str(v) for v in values])
    return query


def _draft(request: AuthenticatedHttpRequest, pk: int) -> Contact:
    """The user's own draft; another's is "not found", a sent request goes to its status page."""
    contact = selectors.get_contact_for_user(user=request.user, pk=pk, request=request)
    if contact.created_by_id != request.user.pk:
        raise Http404("No such draft")
    return contact


def _sent_redirect(contact: Contact) -> HttpResponse | None:
    if contact.status != ContactStatus.DRAFT:
        return redirect("requests:status", pk=contact.pk)
    return None


def _next(request: AuthenticatedHttpRequest, contact: Contact) -> HttpResponse:
    if request.GET.get("return") == "check":
        return redirect("requests:check", pk=contact.pk)
    return redirect("requests:task_list", pk=contact.pk)


# --- start -----------------------------------------------------------------------------------


@referrer_required
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """First question: is a child in immediate danger? Answering it starts a draft."""
    form = rfs.DangerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        assessment = request.GET.get("assessment", "")
        try:
            contact = services.draft_start(
                user=request.user,
                immediate_danger=form.cleaned_data["immediate_danger"] == "yes",
                assessment_pk=int(assessment) if assessment.isdigit() else None,
                request=request,
            )
        except services.SubmissionError as error:
            show(request, error)
            return redirect("home")
        if contact.immediate_danger:
            return redirect("requests:danger", pk=contact.pk)
        return redirect("requests:task_list", pk=contact.pk)
    return render(request, "requests/start.html", {"form": form})


@referrer_required
def danger(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = _draft(request, pk)
    return render(request, "requests/danger.html", {"contact": contact})


@referrer_required
def task_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = _draft(request, pk)
    if sent := _sent_redirect(contact):
        return sent
    sections = selectors.contact_sections(contact)
    # Only the required sections are counted: an untouched optional one is not "completed" (D15).
    required = [s for s in sections if s.required]
    done = sum(1 for s in required if s.done)
    return render(
        request,
        "requests/task_list.html",
        {
            "contact": contact,
            "sections": [(s, s.href(contact.pk)) for s in sections],
            "done": done,
            "total": len(required),
            "ready": all(s.done for s in sections),
        },
    )


# --- the topic pages -----------------------------------------------------------------------


@referrer_required
def section(request: AuthenticatedHttpRequest, pk: int, slug: str) -> HttpResponse:
    if slug not in SECTIONS:
        raise Http404("No such page")
    contact = _draft(request, pk)
    if sent := _sent_redirect(contact):
        return sent
    form_class, title = SECTIONS[slug]
    # "Past harm" is asked only when a category of harm is chosen (not for family support).
    kwargs: dict[str, Any] = (
        {"harm": rules.past_harm_asked(contact.categories)} if slug == "worries" else {}
    )
    if request.method == "POST":
        form = form_class(request.POST, **kwargs)
        if form.is_valid():
            services.draft_update(
                contact=contact,
                user=request.user,
                page=slug,
                fields=dict(form.cleaned_data),
                request=request,
            )
            if slug == "concerns" and ConcernCategory.RADICALISATION in contact.categories:
                url = reverse("requests:prevent", args=[contact.pk])
                if request.GET.get("return") == "check":
                    url += "?return=check"
                return redirect(url)
            return _next(request, contact)
        services.draft_pending_save(
            contact=contact, user=request.user, page=slug, data=_typed(request.POST)
        )
    elif slug in contact.pending_input:
        form = form_class(_as_query(contact.pending_input[slug]), **kwargs)
    else:
        form = form_class(
            initial={name: getattr(contact, name) for name in form_class.base_fields}, **kwargs
        )
    return render(
        request,
        "requests/consent.html" if slug == "consent" else "requests/section.html",
        {"contact": contact, "form": form, "title": title, "slug": slug, "rules": rules},
    )


@referrer_required
def prevent(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Radicalisation chosen: the Prevent and Channel route (000), beside this request."""
    contact = _draft(request, pk)
    service = service_for(authority=contact.authority, kind=ServiceKind.PREVENT_CHANNEL)
    next_url = reverse(
        "requests:check" if request.GET.get("return") == "check" else "requests:task_list",
        args=[contact.pk],
    )
    return render(
        request,
        "requests/prevent.html",
        {"contact": contact, "service": service, "next_url": next_url},
    )


def _child_initial(child: Child) -> dict[str, Any]:
    initial = {name: getattr(child, name) for name in rfs.ChildForm.base_fields if name != "unborn"}
    initial["unborn"] = "yes" if child.expected_due_date and not child.date_of_birth else "no"
    return initial


def _item_page(
    request: AuthenticatedHttpRequest,
    *,
    contact: Contact,
    form_class: type[forms.Form],
    obj: Any,
    page: str,
    initial: dict[str, Any],
    save: Any,
    template: str,
    title: str,
    form_kwargs: dict[str, Any] | None = None,
) -> HttpResponse:
    kwargs = form_kwargs or {}
    if request.method == "POST":
        form = form_class(request.POST, **kwargs)
        if form.is_valid():
            save(dict(form.cleaned_data))
            if request.GET.get("return") == "check":
                return redirect("requests:check", pk=contact.pk)
            return redirect(
                "requests:children" if form_class is rfs.ChildForm else "requests:people",
                pk=contact.pk,
            )
        services.draft_pending_save(
            contact=contact, user=request.user, page=page, data=_typed(request.POST)
        )
    elif page in contact.pending_input:
        form = form_class(_as_query(contact.pending_input[page]), **kwargs)
    else:
        form = form_class(initial=initial, **kwargs)
    return render(request, template, {"contact": contact, "form": form, "obj": obj, "title": title})


@referrer_required
def children(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = _draft(request, pk)
    if sent := _sent_redirect(contact):
        return sent
    return render(
        request,
        "requests/children.html",
        {"contact": contact, "children": list(contact.children.all())},
    )


@referrer_required
def child_edit(
    request: AuthenticatedHttpRequest, pk: int, child_pk: int | None = None
) -> HttpResponse:
    contact = _draft(request, pk)
    if sent := _sent_redirect(contact):
        return sent
    child = None
    if child_pk is not None:
        child = Child.objects.filter(pk=child_pk, contact=contact).first()
        if child is None:
            raise Http404("No such child")
    page = f"children-{child_pk or 'new'}"

    def save(data: dict[str, Any]) -> None:
        data.pop("unborn", None)
        services.child_save(
            contact=contact, user=request.user, fields=data, child=child, page=page, request=request
        )

    return _item_page(
        request,
        contact=contact,
        form_class=rfs.ChildForm,
        obj=child,
        page=page,
        initial=_child_initial(child) if child else {},
        save=save,
        template="requests/child_form.html",
        title=f"Change {child.first_name}'s details" if child else "Add a child",
    )


@referrer_required
@require_POST
def child_remove(request: AuthenticatedHttpRequest, pk: int, child_pk: int) -> HttpResponse:
    contact = _draft(request, pk)
    if sent := _sent_redirect(contact):
        return sent
    child = Child.objects.filter(pk=child_pk, contact=contact).first()
    if child is None:
        raise Http404("No such child")
    services.child_remove(contact=contact, user=request.user, child=child, request=request)
    messages.success(request, "Child removed from this request")
    return redirect("requests:children", pk=contact.pk)


@referrer_required
def people(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = _draft(request, pk)
    if sent := _sent_redirect(contact):
        return sent
    return render(
        request,
        "requests/people.html",
        {"contact": contact, "people": selectors.people_declared(contact)},
    )


@referrer_required
def person_edit(
    request: AuthenticatedHttpRequest, pk: int, person_pk: int | None = None
) -> HttpResponse:
    contact = _draft(request, pk)
    if sent := _sent_redirect(contact):
        return sent
    person = None
    if person_pk is not None:
        person = Person.objects.filter(pk=person_pk, contact=contact).first()
        if person is None:
            raise Http404("No such person")
    page = f"people-{person_pk or 'new'}"
    initial: dict[str, Any] = {}
    # Parental responsibility is asked per child (half-siblings are common).
    children = [(c.pk, f"{c.first_name} {c.last_name}") for c in contact.children.all()]
    if person is not None:
        initial = {name: getattr(person, name) for name in rfs.PersonForm.base_fields}
        initial["lives_with_child"] = "yes" if person.lives_with_child else "no"
        for declared in person.declared_pr.all():
            initial[rfs.pr_field(declared.child_id)] = declared.parental_responsibility

    def save(data: dict[str, Any]) -> None:
        services.person_save(
            contact=contact,
            user=request.user,
            fields=data,
            person=person,
            page=page,
            request=request,
        )

    return _item_page(
        request,
        contact=contact,
        form_class=rfs.PersonForm,
        obj=person,
        page=page,
        initial=initial,
        save=save,
        template="requests/person_form.html",
        title=f"Change {person.full_name}'s details" if person else "Add a person",
        form_kwargs={"children": children},
    )


@referrer_required
@require_POST
def person_remove(request: AuthenticatedHttpRequest, pk: int, person_pk: int) -> HttpResponse:
    contact = _draft(request, pk)
    if sent := _sent_redirect(contact):
        return sent
    person = Person.objects.filter(pk=person_pk, contact=contact).first()
    if person is None:
        raise Http404("No such person")
    services.person_remove(contact=contact, user=request.user, person=person, request=request)
    messages.success(request, "Person removed from this request")
    return redirect("requests:people", pk=contact.pk)


def _saved_assessments(user: Any) -> list[tuple[str, str]]:
    """The user's saved levels-of-need assessments."""
    rows = assessments_saved(user=user)[:20]
    return [(str(a.pk), f"{a.reference}: level {a.level}, {a.created_at:%-d %B %Y}") for a in rows]


@referrer_required
def level(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Level of need: a saved assessment's level and indicators, or a level chosen with a reason."""
    contact = _draft(request, pk)
    if sent := _sent_redirect(contact):
        return sent
    saved = _saved_assessments(request.user)
    choice_form = rfs.AssessmentChoiceForm(choices=saved) if saved else None
    assessment = request.GET.get("assessment", "")
    if request.method == "GET" and assessment.isdigit():
        if services.draft_level_from_assessment(
            contact=contact, user=request.user, assessment_pk=int(assessment), request=request
        ):
            messages.success(request, "The level of need and indicators were carried over")
        else:
            messages.error(request, "That assessment could not be found")
        return redirect("requests:level", pk=contact.pk)
    if request.method == "POST" and "assessment" in request.POST and saved:
        choice_form = rfs.AssessmentChoiceForm(request.POST, choices=saved)
        if choice_form.is_valid():
            services.draft_level_from_assessment(
                contact=contact,
                user=request.user,
                assessment_pk=choice_form.cleaned_data["assessment"],
                request=request,
            )
            return _after_level(request, contact)
        form = rfs.level_form_for(
            contact.authority, initial={"level_of_need": contact.level_of_need}
        )
    elif request.method == "POST":
        form = rfs.level_form_for(contact.authority, request.POST)
        if form.is_valid():
            services.draft_update(
                contact=contact,
                user=request.user,
                page="level",
                fields={**form.cleaned_data, "assessment_id": None, "assessment_snapshot": {}},
                request=request,
            )
            return _after_level(request, contact)
        services.draft_pending_save(
            contact=contact, user=request.user, page="level", data=_typed(request.POST)
        )
    elif "level" in contact.pending_input:
        form = rfs.level_form_for(contact.authority, _as_query(contact.pending_input["level"]))
    else:
        form = rfs.level_form_for(
            contact.authority,
            initial={"level_of_need": contact.level_of_need, "level_reason": contact.level_reason},
        )
    return render(
        request,
        "requests/level.html",
        {
            "contact": contact,
            "form": form,
            "choice_form": choice_form,
            "levels_tool_url": _levels_tool_url(contact),
        },
    )


def _levels_tool_url(contact: Contact) -> str:
    """The levels-of-need tool of the child's area, or nothing where the portal holds no
    guidance for it (the page then shows the area's own document instead; review D22)."""
    if framework_for(authority=contact.authority) is None:
        return ""
    return reverse("thresholds:assess", args=[contact.authority.slug])


def _after_level(request: AuthenticatedHttpRequest, contact: Contact) -> HttpResponse:
    """Below the threshold for social care, the Early Help route comes next (000; 004 §7)."""
    if rules.early_help_route(authority=contact.authority, level=contact.level_of_need):
        url = reverse("requests:early_help", args=[contact.pk])
        if request.GET.get("return") == "check":
            url += "?return=check"
        return redirect(url)
    return _next(request, contact)


@referrer_required
def early_help(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """What the authority's source says about Early Help, and the referrer's confirmation that
    they ask for what this form is for. Nothing is refused for its level: confirming goes on."""
    contact = _draft(request, pk)
    if sent := _sent_redirect(contact):
        return sent
    route = rules.early_help_route(authority=contact.authority, level=contact.level_of_need)
    if route is None:  # no source gives this authority a route, or the level is not below it
        return _next(request, contact)
    if request.method == "POST":
        form = rfs.EarlyHelpForm(request.POST, route=route)
        if form.is_valid():
            services.draft_update(
                contact=contact,
                user=request.user,
                page="early-help",
                fields={"early_help_confirmed": True},
                request=request,
            )
            return _next(request, contact)
    else:
        form = rfs.EarlyHelpForm(
            initial={"early_help_confirmed": contact.early_help_confirmed}, route=route
        )
    return render(
        request,
        "requests/early_help.html",
        {"contact": contact, "form": form, "route": route, "title": "Early Help: before you send"},
    )


# --- attachments -------------------------------------------------------------------------------


@referrer_required
def attachments(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = _draft(request, pk)
    if sent := _sent_redirect(contact):
        return sent
    form = rfs.AttachmentForm()
    if request.method == "POST":
        form = rfs.AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                services.attachment_add(
                    contact=contact,
                    user=request.user,
                    name=upload.name or "",
                    size=upload.size or 0,
                    stream=upload,
                    request=request,
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(request, f"{files.attachment_name_clean(upload.name)} uploaded")
                return redirect("requests:attachments", pk=contact.pk)
    return render(
        request,
        "requests/attachments.html",
        {"contact": contact, "form": form, "attachments": list(contact.attachments.all())},
    )


@referrer_required
@require_POST
def attachment_remove(
    request: AuthenticatedHttpRequest, pk: int, attachment_pk: int
) -> HttpResponse:
    contact = _draft(request, pk)
    if sent := _sent_redirect(contact):
        return sent
    attachment = contact.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404("No such attachment")
    services.attachment_remove(
        contact=contact, user=request.user, attachment=attachment, request=request
    )
    messages.success(request, f"{attachment.name} removed")
    return redirect("requests:attachments", pk=contact.pk)


@login_required
def attachment_download(
    request: AuthenticatedHttpRequest, pk: int, attachment_pk: int
) -> FileResponse:
    attachment = selectors.get_attachment_for_user(
        user=request.user, contact_pk=pk, pk=attachment_pk, request=request
    )
    try:
        handle = files.attachment_path(attachment.stored_name).open("rb")
    except (OSError, ValueError):
        raise Http404("The file is missing") from None
    audit_record(
        actor=request.user,
        action=AuditAction.DOWNLOAD,
        obj=attachment.contact,
        request=request,
        changes={"attachment": attachment.pk},
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


# --- check, send, status ------------------------------------------------------------------------


@referrer_required
def check(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    form = rfs.DeclarationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # "Accept and send" goes straight to the submission, which reads the draft (locked)
        # and checks whose it is: reading it here first would be a second read and a "view"
        # in the trail of a page that is not shown (the send is audited as the change). A
        # draft that is not the user's, or not there, falls through to ``_draft`` below:
        # "not found", with the refusal audited, as for any other page of the form.
        try:
            contact = services.contact_submit(contact_id=pk, user=request.user, request=request)
        except Contact.DoesNotExist:
            pass
        except services.SubmissionError as error:
            show(request, error, form)
        else:
            # Sent now, or already (a double click): either way, its confirmation.
            return redirect("requests:sent", pk=contact.pk)
    contact = _draft(request, pk)
    if sent := _sent_redirect(contact):
        return sent
    missing = selectors.contact_missing(contact)
    route = rules.early_help_route(authority=contact.authority, level=contact.level_of_need)
    return render(
        request,
        "requests/check.html",
        {
            "contact": contact,
            "form": form,
            "missing": missing,
            "children": list(contact.children.all()),
            "people": selectors.people_declared(contact),
            "attachments": list(contact.attachments.all()),
            "categories": _category_labels(contact),
            "past_harm_asked": rules.past_harm_asked(contact.categories),
            "consent_guidance": rules.consent_guidance(contact),
            "early_help": route,
            "early_help_answer": f"You confirmed: {route.confirm}"
            if route and contact.early_help_confirmed
            else "",
        },
    )


def _category_labels(contact: Contact) -> list[str]:
    labels = dict(ConcernCategory.choices)
    return [labels.get(c, c) for c in contact.categories]


@referrer_required
def sent(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = selectors.get_contact_for_user(user=request.user, pk=pk, request=request)
    if contact.status == ContactStatus.DRAFT:
        return redirect("requests:task_list", pk=contact.pk)
    return render(request, "requests/sent.html", {"contact": contact, **_expectations(contact)})


def _expectations(contact: Contact) -> dict[str, Any]:
    """What the referrer is told to expect, from the authority's procedure rows only: its
    response aim (with when it can be extended) and whether outcome letters are sent. Where a
    row is missing or not offered, nothing is promised and the page says so."""
    aim = response_aim_for(authority=contact.authority)
    front_door = contact.authority.front_door_name
    by = ""
    if aim is not None and contact.due_at is not None:
        due = timezone.localtime(contact.due_at)
        by = f"{clock(due)} on {due:%A} {day(due)}"
    return {
        "aim": aim,
        "by": by,
        "front_door": front_door,
        "authority_name": contact.authority.name,
        "outcome_letters": offers(authority=contact.authority, kind=Kind.OUTCOME_LETTERS),
    }


@login_required
def status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = selectors.get_contact_for_user(user=request.user, pk=pk, request=request)
    if contact.status == ContactStatus.DRAFT:
        if contact.created_by_id != request.user.pk:
            raise Http404("No such request")
        return redirect("requests:task_list", pk=contact.pk)
    return render(
        request,
        "requests/status.html",
        {
            "contact": contact,
            "status": selectors.contact_status(contact),
            "children": list(contact.children.all()),
            "attachments": list(contact.attachments.all()),
            "matches": selectors.possible_matches_for_user(user=request.user, contact=contact),
            **_expectations(contact),
        },
    )


# --- lists ---------------------------------------------------------------------------------------


@referrer_required
def drafts(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = list(selectors.drafts_for_user(user=request.user))
    audit_record(actor=request.user, action=AuditAction.LIST, object_type="requests.draft")
    return render(request, "requests/drafts.html", {"drafts": rows})


@referrer_required
@require_http_methods(["GET", "POST"])
def draft_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = _draft(request, pk)
    if sent := _sent_redirect(contact):
        return sent
    if request.method == "GET":
        # Are you sure? (review D20): a deleted draft cannot be got back.
        children = ", ".join(f"{c.first_name} {c.last_name}" for c in contact.children.all())
        return render(
            request,
            "govuk/confirm.html",
            {
                "caption": "Your drafts",
                "question": "Are you sure you want to delete this draft?",
                "rows": [
                    ("Started", when(contact.created_at)),
                    ("Children", children or "No child added yet"),
                    ("Last saved", when(contact.updated_at)),
                ],
                "consequence": [
                    "Everything in the draft, and any files attached to it, will be deleted. "
                    "You cannot get a deleted draft back."
                ],
                "button": "Yes, delete this draft",
                "warning_button": True,
                "action": reverse("requests:draft_delete", args=[contact.pk]),
                "cancel_url": reverse("requests:drafts"),
            },
        )
    services.draft_delete(contact=contact, user=request.user, request=request)
    messages.success(request, "Draft deleted")
    return redirect("requests:drafts")


@referrer_required
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = list(selectors.submitted_for_user(user=request.user).filter(created_by=request.user))
    audit_record(actor=request.user, action=AuditAction.LIST, object_type="requests.contact")
    return render(
        request, "requests/list.html", {"contacts": rows, "title": "Your requests", "agency": False}
    )


@role_required(Role.SAFEGUARDING_LEAD)
def agency(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = list(selectors.submitted_for_user(user=request.user))
    audit_record(actor=request.user, action=AuditAction.LIST, object_type="requests.contact")
    return render(
        request,
        "requests/list.html",
        {"contacts": rows, "title": "Your agency's requests", "agency": True},
    )


def hidden(request: HttpRequest) -> HttpResponse:
    """The neutral page "Hide this page" goes to: nothing about the portal or a child."""
    return render(request, "requests/hidden.html")
