"""Pages of information requests: thin views over the services, selectors and consent rules."""

from __future__ import annotations

import csv
import datetime as dt
import secrets
from pathlib import Path
from typing import Any

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.views.decorators.http import require_POST

from referral_portal.accounts.decorators import role_required
from referral_portal.accounts.http import AuthenticatedHttpRequest
from referral_portal.accounts.models import Role
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record
from referral_portal.errors import DomainError, show
from referral_portal.govuk.dates import day
from requests.information import consent as rules
from requests.information import forms, procedures, selectors, services
from requests.information.models import InformationRequest, Status

PRACTITIONERS = (Role.PRACTITIONER, Role.SAFEGUARDING_LEAD)
ANSWERERS = (Role.OFFICER, Role.MANAGER, Role.DISCLOSURE)


def _answer_rows(info_request: InformationRequest) -> list[dict[str, str]]:
    """The disclosed fields in the level's order, with their labels."""
    disclosure = getattr(info_request, "disclosure", None)
    if disclosure is None:
        return []
    rows = []
    for name in rules.disclosable_fields(info_request.level):
        if name not in disclosure.disclosed:
            continue
        value = disclosure.disclosed[name]
        if name == "outcome":
            value = rules.LEVEL1_OUTCOMES.get(value, value)
        elif value in ("yes", "no"):
            value = value.capitalize()
        rows.append({"label": rules.FIELD_LABELS[name], "value": str(value)})
    return rows


def _consent_flags(info_request: InformationRequest) -> dict[str, Any]:
    days_old = None
    if info_request.consent_date:
        days_old = (timezone.localdate() - info_request.consent_date).days
    return {
        "stale_consent": rules.verbal_consent_possibly_stale(
            consent=info_request.consent or None, days_old=days_old
        ),
        "must_record_dispensation": rules.officer_must_record_dispensation(
            level=info_request.level,
            agency_type=info_request.api_agency_type,
            consent=info_request.consent or None,
            exemption=info_request.exemption or None,
        ),
    }


def _summary_labels(info_request: InformationRequest) -> dict[str, Any]:
    labels: dict[str, dict[Any, str]] = {
        "consent_label": rules.CONSENT_LABELS,
        "exemption_label": rules.EXEMPTION_LABELS,
        "reason_label": rules.REASON_LABELS,
    }
    fields = {
        "consent_label": info_request.consent,
        "exemption_label": info_request.exemption,
        "reason_label": info_request.reason_needed,
    }
    context: dict[str, Any] = {key: labels[key].get(value, "") for key, value in fields.items()}
    context["offences"] = [rules.OFFENCE_LABELS.get(o, o) for o in info_request.offence_concerns]
    return context


# --- check your answers (review D16) ---------------------------------------------------------

# Levels whose request is checked before it is sent (Level 1 is sent only after its code).
CHECKED_LEVELS = (2, 3)
PENDING_EVIDENCE = "information_pending_evidence"
JUST_SENT = "information_just_sent"  # session key: the request whose confirmation to show  # session key: random key -> file name


def _form_rows(form: django_forms.Form) -> list[tuple[str, str]]:
    """Each answered field of a valid form as a person reads it: its label and the choice's
    words, dates written out, a file by its name."""
    rows = []
    for name, field in form.fields.items():
        value: Any = form.cleaned_data.get(name)  # a field's cleaned value: any type
        if value in (None, "", [], False) or isinstance(field.widget, django_forms.HiddenInput):
            continue
        labels = {str(k): str(v) for k, v in getattr(field, "choices", [])}
        if isinstance(field, django_forms.MultipleChoiceField):
            text = ", ".join(labels.get(str(v), str(v)) for v in value)
        elif isinstance(field, django_forms.ChoiceField):
            text = labels.get(str(value), str(value))
        elif isinstance(field, django_forms.BooleanField):
            text = "Yes"
        elif isinstance(value, UploadedFile):
            text = Path(value.name or "file").name
        elif isinstance(value, dt.date):
            text = day(value)
        else:
            text = str(value)
        rows.append((str(field.label).removesuffix(" (optional)"), text))
    return rows


def _hidden(request: HttpRequest, *skip: str) -> list[tuple[str, str]]:
    """What was posted, to post again from the check page (nothing typed is lost)."""
    skipped = {"csrfmiddlewaretoken", "confirm", "change", *skip}
    return [(k, v) for k in request.POST if k not in skipped for v in request.POST.getlist(k)]


def _pending_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "information" / "pending"


def _evidence_keep(request: HttpRequest, upload: UploadedFile) -> str:
    """Keep an uploaded consent evidence file while its request is checked; a random key in the
    session names it. Files left behind by requests never sent are removed after a day."""
    directory = _pending_dir()
    directory.mkdir(parents=True, exist_ok=True)
    cutoff = timezone.now().timestamp() - 24 * 3600
    for old in directory.iterdir():
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    evidence_key = secrets.token_urlsafe(16)
    with (directory / evidence_key).open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    pending = dict(request.session.get(PENDING_EVIDENCE, {}))
    pending[evidence_key] = Path(upload.name or "evidence").name[:200]
    request.session[PENDING_EVIDENCE] = pending
    return evidence_key


def _evidence_kept(request: HttpRequest, evidence_key: str) -> UploadedFile | None:
    name = request.session.get(PENDING_EVIDENCE, {}).get(evidence_key)
    path = _pending_dir() / evidence_key
    if not name or not path.is_file():
        return None
    return SimpleUploadedFile(name, path.read_bytes())


def _evidence_forget(request: HttpRequest, evidence_key: str) -> None:
    pending = dict(request.session.get(PENDING_EVIDENCE, {}))
    if pending.pop(evidence_key, None) is not None:
        (_pending_dir() / evidence_key).unlink(missing_ok=True)
        request.session[PENDING_EVIDENCE] = pending


# --- the requester ---------------------------------------------------------------------------


def _not_offered(request: HttpRequest) -> HttpResponse:
    """The authority's sources give it no information-request process: say so, with the
    front door's numbers, and offer nothing."""
    authority = request.user.authority  # type: ignore[union-attr]  # role_required: a signed-in user
    return render(
        request, "information/not_offered.html", procedures.not_offered_context(authority)
    )


@role_required(*PRACTITIONERS)
def start(request: HttpRequest) -> HttpResponse:
    procedure = procedures.information_procedure(request.user.authority)  # type: ignore[union-attr]  # role_required: a signed-in user
    if procedure is None:
        return _not_offered(request)
    form = forms.LevelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return redirect("information:new", level=form.cleaned_data["level"])
    return render(request, "information/start.html", {"form": form, "procedure": procedure})


@role_required(*PRACTITIONERS)
def new(request: HttpRequest, level: int) -> HttpResponse:
    form_class = forms.REQUEST_FORMS.get(level)
    if form_class is None:
        raise Http404("No such level")
    user: Any = request.user
    procedure = procedures.information_procedure(user.authority)
    if procedure is None:
        return _not_offered(request)
    agency_type = user.agency.agency_type if user.agency else "other"
    files = request.FILES
    evidence_key = request.POST.get("evidence_token", "") if request.method == "POST" else ""
    kept = _evidence_kept(request, evidence_key) if evidence_key else None
    if kept is None:
        evidence_key = ""
    elif "evidence" not in files:
        files = MultiValueDict({"evidence": [kept]})
    form = form_class(request.POST or None, files or None, agency_type=agency_type)
    identity_ok = not rules.level_needs_identity_code(level) or (
        user.agency is not None and user.agency.has_verified_domain(user.email)
    )
    checking = level in CHECKED_LEVELS and request.POST.get("confirm") != "1"
    if request.method == "POST" and form.is_valid() and checking:
        upload = form.cleaned_data.get("evidence")
        if upload is not None and upload is not kept:
            if evidence_key:
                _evidence_forget(request, evidence_key)
            evidence_key = _evidence_keep(request, upload)
        if request.POST.get("change") != "1":
            return render(
                request,
                "information/check.html",
                {
                    "caption": f"Level {level} information request",
                    "title": "Check your answers before sending your request",
                    "sections": [{"heading": "", "rows": _form_rows(form)}],
                    "hidden": _hidden(request, "evidence_token")
                    + ([("evidence_token", evidence_key)] if evidence_key else []),
                    "button": "Send the request",
                    "change": "Change your answers",
                },
            )
    elif request.method == "POST" and form.is_valid():
        try:
            info_request = services.information_request_create(
                user=user,
                level=level,
                data=form.cleaned_data,
                evidence=form.cleaned_data.get("evidence"),
                request=request,
            )
        except services.NotProcessable as error:
            for problem in error.problems:
                form.add_error(
                    problem.field if problem.field in form.fields else None, problem.message
                )
        except DomainError as error:  # a rule of the request, or a move its status does not allow
            show(request, error, form)
        else:
            if evidence_key:
                _evidence_forget(request, evidence_key)
            if info_request.status == Status.AWAITING_VERIFICATION:
                return redirect("information:verify", pk=info_request.pk)
            # The GOV.UK confirmation panel on the request's page, as for a Request for
            # Support, not a success banner (review D17).
            request.session[JUST_SENT] = info_request.pk
            return redirect("information:detail", pk=info_request.pk)
    return render(
        request,
        "information/new.html",
        {
            "form": form,
            "level": level,
            "identity_ok": identity_ok,
            "is_probation": form.agency_type == rules.ApiAgencyType.PROBATION,
            "procedure": procedure,
            "disclosable": [rules.FIELD_LABELS[f] for f in rules.disclosable_fields(level)],
            "evidence_token": evidence_key,
            "evidence_name": kept.name if kept is not None else "",
        },
    )


@role_required(*PRACTITIONERS)
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    info_request = selectors.get_information_request_for_user(
        user=request.user, pk=pk, request=request
    )
    if info_request.created_by_id != request.user.pk:
        raise Http404("No such information request")
    if info_request.status != Status.AWAITING_VERIFICATION:
        return redirect("information:detail", pk=pk)
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "resend":
        services.information_request_resend_code(
            info_request=info_request, user=request.user, request=request
        )
        messages.success(request, f"We have sent a new code to {info_request.verification_email}")
        return redirect("information:verify", pk=pk)
    if request.method == "POST" and form.is_valid():
        error = services.information_request_verify(
            info_request=info_request,
            user=request.user,
            code=form.cleaned_data["code"],
            request=request,
        )
        if error is None:
            request.session[JUST_SENT] = info_request.pk
            return redirect("information:detail", pk=pk)
        info_request.refresh_from_db()
        if info_request.status == Status.VERIFICATION_FAILED:
            messages.error(request, error)
            return redirect("information:detail", pk=pk)
        form.add_error("code", error)
    return render(request, "information/verify.html", {"form": form, "info": info_request})


@role_required(*PRACTITIONERS)
def mine(request: HttpRequest) -> HttpResponse:
    requests_ = selectors.information_requests_for_user(user=request.user).order_by("-created_at")
    page = Paginator(requests_, 50).get_page(request.GET.get("page"))
    audit_record(
        actor=request.user,
        action=AuditAction.LIST,
        object_type="information.informationrequest",
        request=request,
    )
    return render(request, "information/mine.html", {"page": page})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    info_request = selectors.get_information_request_for_user(
        user=request.user, pk=pk, request=request
    )
    user: Any = request.user
    reply_form = forms.ReasonForm(
        request.POST or None,
        prefix="reply",
        label="Your reply",
        required_message="Enter the information the front door asked for",
    )
    if request.method == "POST":
        try:
            if not reply_form.is_valid():
                raise services.InformationRequestError("")
            services.information_request_reply(
                info_request=info_request,
                user=user,
                reply=reply_form.cleaned_data["reason"],
                request=request,
            )
        except DomainError as error:  # a rule of the request, or a move its status does not allow
            if str(error):
                reply_form.add_error("reason", str(error))
        else:
            messages.success(request, "Your reply has been sent to the front door")
            return redirect("information:detail", pk=pk)
    return render(
        request,
        "information/detail.html",
        {
            "info": info_request,
            "answer": _answer_rows(info_request),
            "reply_form": reply_form,
            "is_requester": info_request.created_by_id == user.pk,
            "just_sent": request.method == "GET"
            and request.session.pop(JUST_SENT, None) == info_request.pk
            and info_request.created_by_id == user.pk,
            "is_answerer": user.role in ANSWERERS,
            **_summary_labels(info_request),
            **_consent_flags(info_request),
        },
    )


@login_required
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    """The consent evidence, only to those who may see the request; every download audited."""
    info_request = selectors.get_information_request_for_user(
        user=request.user, pk=pk, request=request, audit_view=False
    )
    path = services.evidence_file_path(info_request)
    if not info_request.evidence_path or not path.is_file():
        raise Http404("No evidence")
    audit_record(actor=request.user, action=AuditAction.DOWNLOAD, obj=info_request, request=request)
    response = FileResponse(
        path.open("rb"),
        content_type=info_request.evidence_mime,
        as_attachment=True,
        filename=f"consent-evidence-{info_request.reference}.{path.suffix.lstrip('.')}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the front door and the Disclosure Team ----------------------------------------------------


@role_required(Role.OFFICER, Role.MANAGER)
def queue(request: HttpRequest) -> HttpResponse:
    items = selectors.officer_queue(user=request.user)
    audit_record(
        actor=request.user,
        action=AuditAction.LIST,
        object_type="information.informationrequest",
        request=request,
    )
    return render(request, "information/queue.html", {"items": items})


@role_required(Role.DISCLOSURE)
def disclosure_queue(request: HttpRequest) -> HttpResponse:
    items = selectors.disclosure_queue(user=request.user)
    audit_record(
        actor=request.user,
        action=AuditAction.LIST,
        object_type="information.informationrequest",
        request=request,
    )
    return render(request, "information/disclosure_queue.html", {"items": items})


@require_POST
@role_required(Role.OFFICER, Role.MANAGER)
def claim(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    info_request = selectors.get_information_request_for_user(
        user=request.user, pk=pk, request=request, audit_view=False
    )
    try:
        services.information_request_claim(
            info_request=info_request, officer=request.user, request=request
        )
    except DomainError as error:  # a rule of the request, or a move its status does not allow
        show(request, error)
        return redirect("information:queue")
    return redirect("information:answer", pk=pk)


@role_required(*ANSWERERS)
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The officer's answer screen: only the level's fields can be entered or disclosed."""
    info_request = selectors.get_information_request_for_user(
        user=request.user, pk=pk, request=request
    )
    user: Any = request.user
    action = request.POST.get("action", "answer") if request.method == "POST" else None
    answer_form = forms.ANSWER_FORMS[info_request.level](
        request.POST if action == "answer" else None, prefix="answer"
    )
    dispensation_form = forms.ReasonForm(
        request.POST if action == "dispensation" else None,
        prefix="dispensation",
        label="Why consent is being dispensed with",
        required_message="Enter why consent is being dispensed with",
    )
    refuse_form = forms.ReasonForm(
        request.POST if action == "refuse" else None,
        prefix="refuse",
        label="Reason for refusing",
        required_message="Enter the reason for refusing",
    )
    ask_form = forms.ReasonForm(
        request.POST if action == "ask" else None,
        prefix="ask",
        label="What more information do you need?",
        required_message="Enter what more information you need",
    )
    bound = {
        "answer": answer_form,
        "dispensation": dispensation_form,
        "refuse": refuse_form,
        "ask": ask_form,
    }.get(action or "")
    if (
        action == "answer"
        and request.POST.get("confirm") != "1"
        and answer_form.is_valid()
        and request.POST.get("change") != "1"
    ):
        # Check before disclosing (review D16): what will be sent, and to whom.
        child = f"{info_request.child_first_name} {info_request.child_last_name}"
        requester = info_request.created_by
        return render(
            request,
            "information/check.html",
            {
                "caption": f"Information request {info_request.reference}",
                "title": "Check your answer before you send it",
                "sections": [
                    {
                        "heading": "The request",
                        "rows": [
                            ("Reference", info_request.reference),
                            ("Child", f"{child}, born {day(info_request.child_date_of_birth)}"),
                            ("Answer goes to", f"{requester.full_name}, {info_request.agency}"),
                        ],
                    },
                    {"heading": "What you will disclose", "rows": _form_rows(answer_form)},
                ],
                "warning": f"Sending discloses this information about {child} to "
                f"{requester.full_name}. It cannot be taken back.",
                "hidden": _hidden(request),
                "button": "Send the answer",
                "change": "Change your answer",
            },
        )
    if bound is not None and request.POST.get("change") == "1":
        bound = None  # back to the filled-in page, nothing sent
    if bound is not None and bound.is_valid():
        try:
            if action == "answer":
                services.information_request_answer(
                    info_request=info_request,
                    officer=user,
                    disclosed=answer_form.disclosed(),  # type: ignore[attr-defined]  # an AnswerForm, chosen by level above
                    request=request,
                )
                messages.success(request, "Your answer has been sent to the requester")
                return redirect("information:detail", pk=pk)
            if action == "dispensation":
                services.information_request_record_dispensation(
                    info_request=info_request,
                    officer=user,
                    reason=dispensation_form.cleaned_data["reason"],
                    request=request,
                )
                messages.success(request, "The reason consent is dispensed with is recorded")
                return redirect("information:answer", pk=pk)
            if action == "refuse":
                services.information_request_refuse(
                    info_request=info_request,
                    officer=user,
                    reason=refuse_form.cleaned_data["reason"],
                    request=request,
                )
                messages.success(request, "The request has been refused")
                return redirect("information:detail", pk=pk)
            services.information_request_ask_more(
                info_request=info_request,
                officer=user,
                question=ask_form.cleaned_data["reason"],
                request=request,
            )
            messages.success(request, "The requester has been asked for more information")
            return redirect("information:detail", pk=pk)
        except services.NotProcessable as error:
            for problem in error.problems:
                bound.add_error(None, problem.message)
        except DomainError as error:  # a rule of the request, or a move its status does not allow
            show(request, error, bound)
    assessment = info_request.assessment()
    return render(
        request,
        "information/answer.html",
        {
            "info": info_request,
            "answer_form": answer_form,
            "dispensation_form": dispensation_form,
            "refuse_form": refuse_form,
            "ask_form": ask_form,
            "forms_with_errors": bool(bound is not None and bound.errors),
            "assessment": assessment,
            "basis_label": rules.BASIS_LABELS.get(assessment.basis) if assessment.basis else "",
            "is_open": info_request.status
            in (Status.RECEIVED, Status.ROUTED, Status.NEEDS_MORE_INFORMATION),
            "claimed_by_me": info_request.claimed_by_id == user.pk or info_request.level == 3,
            **_consent_flags(info_request),
            **_summary_labels(info_request),
        },
    )


@role_required(Role.MANAGER)
def log(request: HttpRequest) -> HttpResponse:
    """The disclosure log of the manager's authority, newest first, with a CSV export."""
    user: Any = request.user
    entries = selectors.disclosure_log(authority_id=user.authority_id)
    if request.GET.get("format") == "csv":
        audit_record(
            actor=user,
            action=AuditAction.EXPORT,
            object_type="information.disclosure",
            request=request,
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="disclosure-log.csv"'
        writer = csv.writer(response)
        writer.writerow(
            [
                "When",
                "Reference",
                "Level",
                "Disclosed",
                "To",
                "Agency",
                "Basis",
                "Basis detail",
                "Consent date",
                "Officer",
            ]
        )
        for entry in entries:
            writer.writerow(
                [
                    _csv_safe(v)
                    for v in (
                        timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M"),
                        entry.request.reference,
                        entry.level,
                        "; ".join(rules.FIELD_LABELS.get(k, k) for k in entry.disclosed),
                        entry.recipient_email,
                        entry.recipient_agency,
                        entry.get_basis_display(),
                        entry.basis_detail,
                        entry.consent_date.isoformat() if entry.consent_date else "",
                        entry.officer.email,
                    )
                ]
            )
        return response
    audit_record(
        actor=user, action=AuditAction.LIST, object_type="information.disclosure", request=request
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "information/log.html",
        {"page": page, "labels": rules.FIELD_LABELS},
    )


def _csv_safe(value: Any) -> str:
    """Free text opened in a spreadsheet must not run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
