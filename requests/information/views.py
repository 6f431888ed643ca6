"""Pages of information requests: thin views over the services, selectors and consent rules."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from referral_portal.accounts.decorators import role_required
from referral_portal.accounts.models import Role
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record
from referral_portal.errors import DomainError, show
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
        "consent_label": rules.CONSENT_LABELS,  # type: ignore[dict-item]
        "exemption_label": rules.EXEMPTION_LABELS,  # type: ignore[dict-item]
        "reason_label": rules.REASON_LABELS,  # type: ignore[dict-item]
    }
    fields = {
        "consent_label": info_request.consent,
        "exemption_label": info_request.exemption,
        "reason_label": info_request.reason_needed,
    }
    context: dict[str, Any] = {key: labels[key].get(value, "") for key, value in fields.items()}
    context["offences"] = [
        rules.OFFENCE_LABELS.get(o, o)  # type: ignore[call-overload]
        for o in info_request.offence_concerns
    ]
    return context


# --- the requester ---------------------------------------------------------------------------


def _not_offered(request: HttpRequest) -> HttpResponse:
    """The authority's sources give it no information-request process: say so, with the
    front door's numbers, and offer nothing."""
    authority = request.user.authority  # type: ignore[union-attr]
    return render(
        request, "information/not_offered.html", procedures.not_offered_context(authority)
    )


@role_required(*PRACTITIONERS)
def start(request: HttpRequest) -> HttpResponse:
    procedure = procedures.information_procedure(request.user.authority)  # type: ignore[union-attr]
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
    form = form_class(request.POST or None, request.FILES or None, agency_type=agency_type)
    identity_ok = not rules.level_needs_identity_code(level) or (
        user.agency is not None and user.agency.has_verified_domain(user.email)
    )
    if request.method == "POST" and form.is_valid():
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
            if info_request.status == Status.AWAITING_VERIFICATION:
                return redirect("information:verify", pk=info_request.pk)
            if info_request.status == Status.ROUTED:
                messages.success(request, "Your request has been sent to the Disclosure Team")
            else:
                messages.success(request, f"Your request {info_request.reference} has been sent")
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
            messages.success(request, f"Your request {info_request.reference} has been sent")
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
            "is_answerer": user.role in ANSWERERS,
            **_summary_labels(info_request),
            **_consent_flags(info_request),
        },
    )


@login_required
def evidence(request: HttpRequest, pk: int) -> HttpResponse:
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
def claim(request: HttpRequest, pk: int) -> HttpResponse:
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
    if bound is not None and bound.is_valid():
        try:
            if action == "answer":
                services.information_request_answer(
                    info_request=info_request,
                    officer=user,
                    disclosed=answer_form.disclosed(),  # type: ignore[attr-defined]
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
