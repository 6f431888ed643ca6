"""Request hygiene that every view would otherwise have to repeat."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

NUL_MESSAGE = "Web addresses cannot contain the NUL character (%00)"


class RejectNulCharactersMiddleware:
    """A NUL in the address or query string can never be stored (PostgreSQL refuses it in
    text) and is never typed by a person: answer 400 here rather than fail deep in a query.
    Form and JSON fields are checked by Django's and DRF's own CharField validators, which
    put the message beside the field."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raw = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in raw or any("\x00" in v for v in request.GET.values()):
            if request.path.startswith("/api/"):
                return JsonResponse({"error": NUL_MESSAGE}, status=400)
            return HttpResponseBadRequest(NUL_MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class PortalErrorPagesMiddleware:
    """With DEBUG on (the demo, `make run`) Django answers a mistyped address or a failing view
    with its technical pages, which list every URL pattern and the settings (review S8). This
    shows the portal's own 404, 400 and 500 pages instead, as a deployment would; the traceback
    still goes to the console. DEBUG_TECHNICAL_PAGES=1 brings Django's pages back for
    development. With DEBUG off it does nothing: Django already uses the portal's handlers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @staticmethod
    def _active() -> bool:
        from django.conf import settings

        return bool(settings.DEBUG and not settings.DEBUG_TECHNICAL_PAGES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 404
            and getattr(request, "resolver_match", None) is None
            and self._active()
        ):
            # No URL pattern matched: Django's technical 404 lists them all.
            from referral_portal.views import error_404

            return error_404(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not self._active():
            return None
        from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
        from django.http import Http404
        from django.views.defaults import bad_request

        from referral_portal.views import error_404, error_500

        if isinstance(exception, PermissionDenied):
            return None  # Django uses the portal's 403 page whatever DEBUG is
        if isinstance(exception, Http404):
            return error_404(request, exception)
        if isinstance(exception, SuspiciousOperation | BadRequest):
            return bad_request(request, exception)
        import logging

        logging.getLogger("django.request").error(
            "Internal Server Error: %s", request.path, exc_info=exception
        )
        return error_500(request)
