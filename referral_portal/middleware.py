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
