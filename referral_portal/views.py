"""Portal-wide views: health, error pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
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
    body = {
        "status": "ok" if not failing else "failing",
        "failing": failing,
        "checks": {name: {"ok": c.ok, "detail": c.detail} for name, c in checks.items()},
    }
    return JsonResponse(body, status=503 if failing else 200)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors: the database may be the thing that failed.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render({}), status=500)
