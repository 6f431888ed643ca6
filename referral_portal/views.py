"""Portal-wide views: health, error pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from referral_portal import health


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Database, broker and worker heartbeat: 200 when all are well, 503 naming what is not."""
    checks = {
        "database": health.check_database(),
        "broker": health.check_broker(),
        "worker": health.check_worker(),
    }
    failing = sorted(name for name, check in checks.items() if not check.ok)
    body: dict[str, object] = {"status": "ok" if not failing else "failing"}
    if _internal_caller(request):
        # What failed and why is for the operator's network and staff only (review L10).
        body["failing"] = failing
        body["checks"] = {name: {"ok": c.ok, "detail": c.detail} for name, c in checks.items()}
    return JsonResponse(body, status=503 if failing else 200)


def _internal_caller(request: HttpRequest) -> bool:
    """A caller on a private or loopback address (the real client's, behind the trusted
    proxy), or a signed-in member of an authority's staff."""
    import ipaddress

    from referral_portal.accounts.models import STAFF_ROLES

    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.role in STAFF_ROLES:
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return address.is_private or address.is_loopback


@require_GET
def security_txt(request: HttpRequest) -> HttpResponse:
    """RFC 9116: where to report a vulnerability. The contact is the deployment's own address."""
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    if not settings.SECURITY_CONTACT:
        # No made-up address: nothing is published until the deployment names its mailbox.
        raise Http404("No security contact is configured")
    expires = (timezone.now() + timedelta(days=180)).strftime("%Y-%m-%dT00:00:00Z")
    # RFC 9116 2.5.2: the canonical URI is https (the portal is served over TLS).
    canonical = settings.PORTAL_BASE_URL
    if canonical.startswith("http://") and not settings.DEBUG:
        canonical = "https://" + canonical.removeprefix("http://")
    body = (
        f"Contact: mailto:{settings.SECURITY_CONTACT}\n"
        f"Expires: {expires}\n"
        "Preferred-Languages: en\n"
        f"Canonical: {canonical}/.well-known/security.txt\n"
    )
    if settings.SECURITY_POLICY_URL:
        # RFC 9116 2.5.7: Policy is a URI; without one the line is left out.
        body += f"Policy: {settings.SECURITY_POLICY_URL}\n"
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


def _retention_rows(request: HttpRequest) -> list[dict[str, object]]:
    """How long each kind of record is kept for the area being looked at (its own settings)."""
    from referral_portal.context_processors import current_authority
    from referral_portal.rights.models import RecordType
    from referral_portal.rights.services import retention_days

    authority = current_authority(request)
    if authority is None:
        return []
    return [
        {"label": label, "days": retention_days(authority=authority, record_type=value)}
        for value, label in RecordType.choices
    ]


@require_GET
def footer_page(request: HttpRequest, page: str) -> HttpResponse:
    """The footer's standard pages: accessibility, privacy, cookies, contact."""
    from django.conf import settings

    context: dict[str, object] = {
        "security_contact": settings.SECURITY_CONTACT,
        "idle_minutes": settings.SESSION_IDLE_TIMEOUT // 60,
        "session_hours": settings.SESSION_COOKIE_AGE // 3600,
    }
    if page == "privacy":
        context["retention"] = _retention_rows(request)
        context["retention_floor"] = settings.RETENTION_MINIMUM_DAYS
    return render(request, f"pages/{page}.html", context)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors: the database may be the thing that failed.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render({}), status=500)
