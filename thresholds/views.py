"""The levels-of-need pages: choose an area, the guidance, the tool, its result, saved ones."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods, require_POST

from referral_portal.accounts.access import get_for_user
from referral_portal.accounts.http import AuthenticatedHttpRequest
from referral_portal.accounts.models import Authority
from thresholds import selectors, services
from thresholds.assessment import (
    JUDGEMENT_REMINDER,
    leads_to_request_for_support,
    parse_ids,
    reasons_by_level,
)
from thresholds.models import Assessment, Framework

SESSION_KEY = "thresholds_assessments"
MAX_QUERY = 100


def _query(raw: str) -> str:
    """A search as typed, bounded, without NUL (which PostgreSQL refuses in text)."""
    return raw[:MAX_QUERY].replace("\x00", "").strip()


def _authority_and_framework(request: HttpRequest, slug: str) -> tuple[Authority, Framework | None]:
    authority = get_object_or_404(Authority, slug=slug)
    return authority, selectors.framework_for(authority=authority)


def _no_framework(request: HttpRequest, authority: Authority) -> HttpResponse:
    # Birmingham has no framework in the seeds: say so plainly rather than invent one.
    return render(
        request,
        "thresholds/no_framework.html",
        {
            "authority": authority,
            "message": str(services.NoFramework(authority)),
            "own_document": _own_document(authority),
        },
        # A real page that answers the question (there is none here, and what to do instead),
        # not a "not found" (review D22).
        status=200,
    )


def start(request: HttpRequest) -> HttpResponse:
    authorities = [
        (
            authority,
            selectors.framework_for(authority=authority) is not None,
            _own_document(authority),
        )
        for authority in Authority.objects.order_by("name")
    ]
    return render(request, "thresholds/start.html", {"authorities": authorities})


def guide(request: HttpRequest, authority: str) -> HttpResponse:
    authority_obj, framework = _authority_and_framework(request, authority)
    if framework is None:
        return _no_framework(request, authority_obj)
    q = _query(request.GET.get("q", ""))
    tables = selectors.framework_tables(framework=framework)
    matches = list(selectors.indicators_for(framework=framework, q=q)) if q else None
    return render(
        request,
        "thresholds/guide.html",
        {
            "authority": authority_obj,
            "framework": framework,
            "tables": tables,
            "q": q,
            "matches": matches,
            "consent_paragraphs": _paragraphs(framework.consent_guidance),
            "equality_paragraphs": _paragraphs(framework.equality_guidance),
            "restoration_paragraphs": _paragraphs(framework.restoration_notes),
        },
    )


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


@require_http_methods(["GET", "POST"])
def assess(request: HttpRequest, authority: str) -> HttpResponse:
    authority_obj, framework = _authority_and_framework(request, authority)
    if framework is None:
        return _no_framework(request, authority_obj)
    ticked: list[int] = []
    error = ""
    q = ""
    if request.method == "POST":
        ticked, _bad = parse_ids(request.POST.getlist("indicators"))
        q = _query(request.POST.get("q", ""))
        if request.POST.get("action") not in ("search", "clear"):
            version = _framework_from_form(request, authority_obj) or framework
            try:
                assessment = services.assessment_create(
                    authority=authority_obj,
                    indicator_ids=ticked,
                    user=request.user,
                    framework=version,
                    request=request,
                )
            except services.AssessmentError as exc:
                error = (
                    "Select at least one example of need that describes the child"
                    if not ticked
                    else f"{exc}. Select the indicators again."
                )
                if ticked:
                    ticked = []
            else:
                if assessment.user_id is None:
                    mine = request.session.get(SESSION_KEY, [])
                    request.session[SESSION_KEY] = [*mine[-49:], str(assessment.public_id)]
                return redirect(
                    "thresholds:result", authority=authority_obj.slug, ref=assessment.public_id
                )
    else:
        q = _query(request.GET.get("q", ""))
    if request.POST.get("action") == "clear":
        q = ""
    shown = {i.pk for i in selectors.indicators_for(framework=framework, q=q)} if q else None
    domains = selectors.framework_areas(framework=framework, shown=shown)
    return render(
        request,
        "thresholds/assess.html",
        {
            "authority": authority_obj,
            "framework": framework,
            "domains": domains,
            "ticked": set(ticked),
            "shown": shown,
            "q": q,
            "error": error,
        },
    )


def _framework_from_form(request: HttpRequest, authority: Authority) -> Framework | None:
    """The version the form was drawn from, so a tick list made before an admin edit still
    points at the version it was ticked on."""
    raw = request.POST.get("framework", "")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        return None
    return Framework.objects.filter(pk=int(raw), authority=authority).first()


def get_assessment_for_user(request: HttpRequest, authority: Authority, ref: Any) -> Assessment:
    """The assessment if this visitor made it (signed in as its owner, or in this browser
    session before signing in); otherwise 404, with the refusal in the audit trail."""
    user = request.user

    def may_see(assessment: Assessment) -> bool:
        if assessment.user_id is not None:
            return user.is_authenticated and assessment.user_id == user.pk
        return str(assessment.public_id) in request.session.get(SESSION_KEY, [])

    return get_for_user(
        Assessment.objects.filter(public_id=ref, framework__authority=authority).select_related(
            "framework__authority", "user"
        ),
        user=user,
        object_id=str(ref)[:64],
        may_see=may_see,
        request=request,
        authority_id=authority.pk,
        not_found="No such assessment",
        audit_view=False,  # its owner's own result; making it was audited
    )


def result(request: HttpRequest, authority: str, ref: Any) -> HttpResponse:
    authority_obj = get_object_or_404(Authority, slug=authority)
    assessment = get_assessment_for_user(request, authority_obj, ref)
    indicators = selectors.assessment_indicators(assessment=assessment)
    level = selectors.level_of(framework=assessment.framework, number=assessment.level)
    request_url = ""
    if leads_to_request_for_support(assessment.level):
        request_url = _request_for_support_url(assessment)
        if request_url and not request.user.is_authenticated:
            # Signing in comes first; the hand-off then gives the assessment to the user.
            request_url = reverse(
                "thresholds:handoff", args=[authority_obj.slug, assessment.public_id]
            )
    return render(
        request,
        "thresholds/result.html",
        {
            "authority": authority_obj,
            "assessment": assessment,
            "framework": assessment.framework,
            "level": level,
            "reasons": reasons_by_level(indicators),
            "reminder": JUDGEMENT_REMINDER,
            "front_door": selectors.front_door_for(authority=authority_obj),
            "is_level_4": leads_to_request_for_support(assessment.level),
            **_next_steps(authority_obj, assessment.level),
            "request_url": request_url,
        },
    )


def _own_document(authority: Authority) -> Any:
    """The authority's own levels-of-need procedure (Birmingham: Right Help, Right Time), with
    the advice its source gives, where the portal holds no framework for it."""
    from referral_portal.procedures.models import Kind
    from referral_portal.procedures.selectors import procedure_for

    return procedure_for(authority=authority, kind=Kind.LEVELS_OF_NEED)


def _next_steps(authority: Authority, level: int) -> dict[str, Any]:
    """What the framework's own document says to do at this level, beyond the pathway: the
    front door's hours and both numbers at Level 4 (Appendix 2), the Early Help route at
    Levels 2 and 3 (section 7), each with its source."""
    from contacts.models import ServiceKind
    from contacts.selectors import directory_for
    from referral_portal.procedures.models import Kind
    from referral_portal.procedures.selectors import procedure_for

    context: dict[str, Any] = {}
    if level == 4:
        # The referral by the authority's own name (Worcestershire: "Referral to Children's
        # Social Care"); the portal's Request for Support form carries it.
        own = procedure_for(authority=authority, kind=Kind.LEVELS_OF_NEED)
        context["referral_form"] = (own.detail("referral_form") if own else "") or (
            "Request for Support"
        )
        directory = directory_for(authority)
        context["front_door_entry"] = directory.of_kind(ServiceKind.FRONT_DOOR)
        context["out_of_hours_entry"] = directory.of_kind(ServiceKind.OUT_OF_HOURS)
    if level in (2, 3):
        context["early_help"] = procedure_for(authority=authority, kind=Kind.EARLY_HELP)
    return context


def _request_for_support_url(assessment: Assessment) -> str:
    """The Request for Support form's start, carrying the assessment, when that form exists."""
    try:
        return reverse("requests:start") + f"?assessment={assessment.pk}"
    except NoReverseMatch:
        return ""


@login_required
def handoff(request: AuthenticatedHttpRequest, authority: str, ref: Any) -> HttpResponse:
    """Level 4 → a new Request for Support draft with the ticked indicators (the form reads
    them with ``selectors.assessment_for_user``)."""
    authority_obj = get_object_or_404(Authority, slug=authority)
    assessment = get_assessment_for_user(request, authority_obj, ref)
    services.assessment_claim(assessment=assessment, user=request.user, request=request)
    url = _request_for_support_url(assessment)
    if not url:
        return redirect("thresholds:result", authority=authority_obj.slug, ref=assessment.public_id)
    return redirect(url)


@require_POST
@login_required
def save(request: AuthenticatedHttpRequest, authority: str, ref: Any) -> HttpResponse:
    authority_obj = get_object_or_404(Authority, slug=authority)
    assessment = get_assessment_for_user(request, authority_obj, ref)
    services.assessment_save(assessment=assessment, user=request.user, request=request)
    messages.success(request, f"Assessment {assessment.reference} saved")
    return redirect("thresholds:result", authority=authority_obj.slug, ref=assessment.public_id)


@login_required
def saved(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "thresholds/saved.html",
        {"assessments": selectors.assessments_saved(user=request.user)},
    )
