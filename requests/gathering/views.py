"""Information gathering pages: the officer's ask and close, the professional's answer, the log.

The professional's pages need no account: the signed link opens a page that asks them to sign
in (an existing account with the address the request was sent to) or to confirm that address
with a one-time code. Only then do they see whom the request is about.
"""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from referral_portal.accounts.decorators import role_required
from referral_portal.accounts.http import AuthenticatedHttpRequest
from referral_portal.accounts.models import Role
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record
from requests import attachments as files
from requests.gathering import forms as gathering_forms
from requests.gathering import questions, selectors, services
from requests.gathering.models import GatheringAttachment, GatheringRequest, GatheringStatus
from requests.selectors import get_contact_for_user
from requests.triage import selectors as triage_selectors
from requests.triage.models import Triage

FRONT_DOOR = (Role.OFFICER, Role.MANAGER)


def _may_ask(contact: Any) -> bool:
    """Shown before anything is typed; the service checks again when the form is sent."""
    consent = Triage.objects.filter(contact=contact).values_list("consent_to_gather", flat=True)
    return triage_selectors.gathering_allowed(contact=contact, consent=consent.first() or "")


def _record_url(contact_id: int) -> str:
    return reverse("triage:record", args=[contact_id])


def _add_error(form: Any, error: services.GatheringError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error))


# --- the officer -----------------------------------------------------------------------------


class _NotAllSent(Exception):
    """Undoes every request of one send when any of them is refused."""


def _send_to_each(request: AuthenticatedHttpRequest, contact: Any, agency: Any, form: Any) -> int:
    """One request, link and email per professional, same questions and reply-by; all or none.

    Every refusal is put beside the row it is about (the lead's box, or named person N's
    field), so the officer sees them all at once; nothing is sent until none is refused."""
    data = form.cleaned_data
    people: list[tuple[int | None, str, str, int]] = [
        (lead_id, "", "", 0) for lead_id in form.lead_ids()
    ] + [(None, name, email, row) for row, name, email in data["named_people"]]
    refused = False
    try:
        with transaction.atomic():
            for lead_id, name, email, row in people:
                try:
                    with transaction.atomic():
                        services.gathering_request_send(
                            user=request.user,
                            contact=contact,
                            agency_id=agency.pk,
                            lead_id=lead_id,
                            name=name,
                            email=email,
                            questions=data["question_texts"],
                            reply_by=data["reply_by"],
                            request=request,
                        )
                except services.GatheringError as error:
                    refused = True
                    if row and error.field in ("name", "email"):
                        error.field = gathering_forms.row_fields(row)[error.field == "email"]
                    message = str(error)
                    already = form.errors.get(error.field or "__all__", [])
                    if message not in already:
                        _add_error(form, error)
            if refused:
                raise _NotAllSent
    except _NotAllSent:
        return 0
    return len(people)


@role_required(*FRONT_DOOR)
def ask(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Step 1 chooses the agency (?agency=); step 2 whom to ask, the questions, the reply-by."""
    contact = get_contact_for_user(user=request.user, pk=pk, request=request)
    if not _may_ask(contact):
        return render(request, "gathering/closed.html", {"contact": contact}, status=200)
    agencies = services.agencies_to_ask(authority_id=contact.authority_id)
    agency_id = request.GET.get("agency") or request.POST.get("agency_id")
    if not agency_id:
        form = gathering_forms.AgencyForm(
            request.GET if "choose" in request.GET else None, agencies=agencies
        )
        if form.is_bound and form.is_valid():
            return redirect(f"{request.path}?agency={form.cleaned_data['agency']}")
        return render(request, "gathering/ask_agency.html", {"contact": contact, "form": form})
    agency = next((a for a in agencies if str(a.pk) == str(agency_id)), None)
    if agency is None:
        raise Http404("No such agency")
    leads = services.safeguarding_leads(agency)
    note = questions.STANDARD_NOTE
    if request.method == "POST":
        ask_form = gathering_forms.AskForm(request.POST, agency=agency, leads=leads, note=note)
        if not ask_form.adding_a_person() and ask_form.is_valid():
            sent = _send_to_each(request, contact, agency, ask_form)
            if sent:
                messages.success(
                    request,
                    f"Request for information sent to {agency.name}"
                    if sent == 1
                    else f"Requests for information sent to {sent} professionals at {agency.name}",
                )
                return redirect(_record_url(contact.pk))
    else:
        reply_by = timezone.localtime(services.default_reply_by(contact=contact))
        ask_form = gathering_forms.AskForm(
            initial={
                "recipient": [f"lead:{leads[0].pk}" if leads else gathering_forms.NAMED],
                "reply_by_on": reply_by.date(),
                "reply_by_time": reply_by.strftime("%H:%M"),
            },
            agency=agency,
            leads=leads,
            note=note,
        )
    return render(
        request,
        "gathering/ask.html",
        {
            "contact": contact,
            "agency": agency,
            "form": ask_form,
            "domains": [d.domain for d in agency.domains.all() if d.verified],
            "deadline": triage_selectors.contact_deadline(contact),
            "disclosed": [services.DISCLOSED_LABELS[f] for f in services.DISCLOSED_FIELDS],
            "has_standard": bool(questions.questions_for(agency.agency_type)),
            "max_people": gathering_forms.MAX_PEOPLE,
        },
    )


def _officer_request(request: HttpRequest, gid: int) -> GatheringRequest:
    user: Any = request.user
    gathering = (
        GatheringRequest.objects.filter(pk=gid, authority_id=user.authority_id)
        .select_related("contact", "agency")
        .first()
    )
    if gathering is None:
        raise Http404("No such request")
    # The contact's own check (and its audit of the view).
    get_contact_for_user(user=user, pk=gathering.contact_id, request=request)
    return gathering


@role_required(*FRONT_DOOR)
def close(request: AuthenticatedHttpRequest, gid: int) -> HttpResponse:
    gathering = _officer_request(request, gid)
    if request.method == "POST":
        form = gathering_forms.CloseForm(request.POST)
        if form.is_valid():
            try:
                services.gathering_request_close(
                    user=request.user,
                    gathering=gathering,
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
            except services.GatheringError as error:
                _add_error(form, error)
            else:
                messages.success(request, "The request is closed")
                return redirect(_record_url(gathering.contact_id))
    else:
        form = gathering_forms.CloseForm()
    return render(
        request,
        "gathering/close.html",
        {"gathering": gathering, "contact": gathering.contact, "form": form},
    )


@role_required(*FRONT_DOOR)
def attachment_download(request: HttpRequest, gid: int, fid: int) -> HttpResponse:
    gathering = _officer_request(request, gid)
    attachment = GatheringAttachment.objects.filter(
        pk=fid, request=gathering, answer__isnull=False
    ).first()
    if attachment is None:
        raise Http404("No such file")
    try:
        handle = files.attachment_path(attachment.stored_name).open("rb")
    except (OSError, ValueError):
        raise Http404("The file is missing") from None
    audit_record(
        actor=request.user,
        action=AuditAction.DOWNLOAD,
        object_type="requests.contact",
        object_id=gathering.contact_id,
        authority_id=gathering.authority_id,
        request=request,
        changes={"gathering_attachment": attachment.pk},
    )
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    # A streamed file: Django serves it as any response (role_required's type says HttpResponse).
    return response  # type: ignore[return-value]  # see the comment above


@role_required(Role.MANAGER)
def disclosure_log(request: HttpRequest) -> HttpResponse:
    """Who was told which details of a child to identify them, on what basis, by whom."""
    user: Any = request.user
    entries = selectors.disclosure_log(authority_id=user.authority_id)
    if request.GET.get("format") == "csv":
        audit_record(
            actor=user,
            action=AuditAction.EXPORT,
            object_type="gathering.disclosures",
            request=request,
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="gathering-disclosures.csv"'
        writer = csv.writer(response)
        writer.writerow(["When", "Contact", "Disclosed", "To", "Agency", "Basis", "By"])
        for entry in entries:
            writer.writerow(
                [
                    selectors.csv_safe(str(v))
                    for v in (
                        timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M"),
                        entry.request.contact.reference,
                        "; ".join(services.DISCLOSED_LABELS.get(f, f) for f in entry.fields),
                        entry.to_email,
                        entry.to_agency,
                        selectors.BASIS_LABELS.get(entry.basis, entry.basis),
                        entry.by_label,
                    )
                ]
            )
        return response
    audit_record(
        actor=user, action=AuditAction.LIST, object_type="gathering.disclosures", request=request
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "gathering/disclosure_log.html",
        {
            "page": page,
            "labels": services.DISCLOSED_LABELS,
            "bases": selectors.BASIS_LABELS,
        },
    )


# --- the professional ------------------------------------------------------------------------


def _by_token(token: str) -> GatheringRequest:
    try:
        return services.request_for_token(token)
    except services.NotFound:
        raise Http404("This link does not work") from None


def _session_key(gathering: GatheringRequest) -> str:
    return f"gathering:{gathering.pk}"


def _identity(request: HttpRequest, gathering: GatheringRequest) -> dict[str, Any] | None:
    """Who the professional has shown they are, for this request and this link; or None."""
    seen = request.session.get(_session_key(gathering))
    if seen and seen.get("nonce") == gathering.link_nonce:
        return dict(seen)
    user: Any = request.user
    if services.account_matches(gathering=gathering, user=user):
        identity = {
            "nonce": gathering.link_nonce,
            "email": user.email,
            "name": user.full_name,
            "how": f"Signed in to the portal as {user.email}",
            "user": user.pk,
        }
        request.session[_session_key(gathering)] = identity
        return identity
    return None


def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The request as the professional sees it: first who they are, then the questions."""
    gathering = _by_token(token)
    if gathering.status == GatheringStatus.CLOSED:
        # Said to anyone with the link, before who it is about is shown to anyone.
        return render(request, "gathering/answer_closed.html", {"gathering": gathering})
    identity = _identity(request, gathering)
    if identity is None:
        login = reverse("accounts:login") + "?next=" + request.path
        return render(
            request,
            "gathering/identify.html",
            {
                "gathering": gathering,
                "token": token,
                "login_url": login,
                "masked": selectors.masked(gathering.recipient_email),
                "front_door": gathering.contact.authority.front_door_name,
            },
        )
    user: Any = request.user
    actor = user if identity.get("user") else None
    form = None
    if request.method == "POST":
        form = gathering_forms.AnswerForm(request.POST, request.FILES, gathering=gathering)
        if form.is_valid():
            result = _answer_post(request, gathering, form, identity, actor, token)
            if result is not None:
                return result
    else:
        services.viewed(
            gathering=gathering, by_email=identity["email"], user=actor, request=request
        )
        initial = gathering_forms.AnswerForm.initial_from(gathering.draft)
        initial.setdefault("name", identity.get("name", ""))
        if not initial["name"]:
            initial["name"] = identity.get("name", "")
        form = gathering_forms.AnswerForm(initial=initial, gathering=gathering)
    return render(
        request,
        "gathering/answer.html",
        {
            "gathering": gathering,
            "token": token,
            "form": form,
            "identity": identity,
            "children": selectors.children_disclosed(gathering),
            "front_door": gathering.contact.authority.front_door_name,
            "officer": gathering.sent_by,
            "files": list(gathering.attachments.filter(answer=None)),
            "answers": list(gathering.answers.all()),
            "may_pass_on": services.may_pass_on(gathering),
        },
    )


def _answer_post(
    request: HttpRequest,
    gathering: GatheringRequest,
    form: gathering_forms.AnswerForm,
    identity: dict[str, Any],
    actor: Any,
    token: str,
) -> HttpResponse | None:
    """Save the draft (and any file), or send; None to show the form again with its errors."""
    upload = form.cleaned_data.get("file")
    try:
        if upload is not None:
            services.attachment_add(
                gathering=gathering,
                name=upload.name or "file",
                size=upload.size or 0,
                stream=upload,
                by_email=identity["email"],
            )
        if request.POST.get("action") == "send":
            services.answer_send(
                gathering=gathering,
                answers=form.answers(),
                name=form.cleaned_data["name"],
                email=identity["email"],
                user=actor,
                verified_how=identity["how"],
                request=request,
            )
            return render(request, "gathering/answer_sent.html", {"gathering": gathering})
        services.draft_save(
            gathering=gathering,
            answers=form.answers(),
            by_email=identity["email"],
            name=form.cleaned_data["name"],
        )
    except services.AnswerErrors as error:
        for field, message in error.errors.items():
            form.add_error(field, message)
        # Nothing typed is lost: what could be kept is saved as the draft.
        services.draft_save(
            gathering=gathering,
            answers=form.answers(),
            by_email=identity["email"],
            name=form.cleaned_data["name"],
        )
        return None
    except services.GatheringError as error:
        _add_error(form, error)
        return None
    messages.success(
        request, "Your answers are saved as a draft. They are not sent until you send them."
    )
    return redirect("gathering:answer", token=token)


def code(request: HttpRequest, token: str) -> HttpResponse:
    """Send a one-time code to the address the request went to, and check it."""
    gathering = _by_token(token)
    form = gathering_forms.CodeForm()
    send_error = ""
    if request.method == "POST":
        if request.POST.get("action") == "send":
            try:
                services.code_send(gathering=gathering, request=request)
            except services.GatheringError as error:
                send_error = str(error)
            else:
                messages.success(
                    request, f"We have sent a code to {selectors.masked(gathering.recipient_email)}"
                )
                return redirect("gathering:code", token=token)
        else:
            form = gathering_forms.CodeForm(request.POST)
            if form.is_valid():
                problem = services.code_check(
                    gathering=gathering, code=form.cleaned_data["code"], request=request
                )
                if problem is None:
                    request.session.cycle_key()
                    request.session[_session_key(gathering)] = {
                        "nonce": gathering.link_nonce,
                        "email": gathering.recipient_email,
                        "name": gathering.recipient_name,
                        "how": f"One-time code sent to {gathering.recipient_email}",
                        "user": None,
                    }
                    return redirect("gathering:answer", token=token)
                form.add_error("code", problem)
    return render(
        request,
        "gathering/code.html",
        {
            "gathering": gathering,
            "token": token,
            "form": form,
            "send_error": send_error,
            "masked": selectors.masked(gathering.recipient_email),
        },
    )


def pass_on(request: HttpRequest, token: str) -> HttpResponse:
    """The safeguarding lead passes the request to a colleague of the same agency."""
    gathering = _by_token(token)
    identity = _identity(request, gathering)
    if identity is None:
        return redirect("gathering:answer", token=token)
    if not services.may_pass_on(gathering):
        raise Http404("This request cannot be passed on")
    if request.method == "POST":
        form = gathering_forms.PassOnForm(request.POST)
        if form.is_valid():
            try:
                services.gathering_pass_on(
                    gathering=gathering,
                    by_email=identity["email"],
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    request=request,
                )
            except services.GatheringError as error:
                _add_error(form, error)
            else:
                request.session.pop(_session_key(gathering), None)
                return render(
                    request,
                    "gathering/passed_on.html",
                    {"gathering": gathering, "to": form.cleaned_data["email"]},
                )
    else:
        form = gathering_forms.PassOnForm()
    return render(
        request,
        "gathering/pass_on.html",
        {
            "gathering": gathering,
            "token": token,
            "form": form,
            "domains": selectors.verified_domains(gathering.agency_id),
        },
    )
