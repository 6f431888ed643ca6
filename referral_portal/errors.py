"""The one domain error, and the one place each kind of response turns it into words.

A service refuses what breaks one of the portal's rules by raising a :class:`DomainError` (or
a subclass an app names for its own refusals). ``str(error)`` is the message for the person,
``field`` the form field it belongs beside (None: the page as a whole), ``api_status`` the
status the API answers with (400, 409 when the record's state does not allow it, ...).

- The API: :func:`referral_portal.api.exception_handler` answers ``{"error": ..., "field": ...}``
  with ``api_status`` for any DomainError a view lets through.
- Pages: a view that can show the message where it belongs calls :func:`show` (beside the
  form's field, or as a message on the page it redirects to). One it lets through is answered
  by :class:`DomainErrorMiddleware` with a page that says what could not be done, never a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


class DomainError(Exception):
    """A request that breaks one of the portal's rules; the message is shown as it is."""

    api_status: int = 400

    def __init__(self, message: str = "", *, field: str | None = None) -> None:
        self.field = field
        super().__init__(message)

    def as_api(self) -> dict[str, Any]:
        """The API's body for this error (the one ``ApiError`` shape)."""
        body: dict[str, Any] = {"error": str(self)}
        if self.field:
            body["field"] = self.field
        return body


class Conflict(DomainError):
    """The record's state (or another person's change) does not allow this now."""

    api_status = 409


def show(request: HttpRequest, error: DomainError, form: forms.BaseForm | None = None) -> None:
    """Say ``error`` to the person: beside the form's field it names, at the top of the form,
    or (no form) as a message on the next page."""
    if form is not None:
        field = error.field if error.field in form.fields else None
        form.add_error(field, str(error))
    else:
        messages.error(request, str(error))


class DomainErrorMiddleware:
    """A DomainError no view caught: a page that says what could not be done (with the status
    the API would give), never a 500. Views that can do better catch it and call :func:`show`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None
        back = request.headers.get("referer", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
            back = ""
        return render(
            request,
            "refused.html",
            {"message": str(exception), "back": back},
            status=exception.api_status,
        )
