"""Request bodies that cannot exhaust the server (security review M3).

- A body larger than ``MAX_REQUEST_BYTES`` is refused (413) from its Content-Length, before
  anything reads it.
- Only the views named in ``UPLOAD_VIEWS`` keep file parts; anywhere else (the sign-in form,
  every other POST) file parts are read and dropped as they stream, never written to disk.
- Where files are taken, each file is kept up to ``MAX_UPLOAD_FILE_BYTES`` + 1 bytes: the rest
  streams past unwritten, and the form's own size check refuses it by name.

Slow clients are the buffering proxy's job (``deploy/nginx.conf``): it reads the whole body
before gunicorn sees the request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse, JsonResponse

TOO_LARGE = "The request is too large: files must be smaller than 10MB"


class LimitedUploadHandler(FileUploadHandler):
    """First of the upload handlers: passes each file's bytes on to the next handler until
    the file is one byte over the limit, then swallows the rest."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.kept = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        room = settings.MAX_UPLOAD_FILE_BYTES + 1 - self.kept
        if room <= 0:
            return None
        kept = raw_data[:room]
        self.kept += len(kept)
        return kept

    def file_complete(self, file_size: int) -> None:
        return None


class DiscardUploadHandler(FileUploadHandler):
    """The only handler where no file is taken: each file part streams past, kept nowhere."""

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        return None

    def file_complete(self, file_size: int) -> None:
        return None


class RequestBodyLimitMiddleware:
    """Before CSRF (which reads the body of a POST): refuse bodies too large by their
    declared length, and drop file parts on views that take none."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            if request.path.startswith("/api/"):
                return JsonResponse({"error": TOO_LARGE}, status=413)
            return HttpResponse(TOO_LARGE, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or match.view_name not in settings.UPLOAD_VIEWS:
            # (An empty list would be replaced by the defaults: one handler that keeps nothing.)
            request.upload_handlers = [DiscardUploadHandler(request)]
        return None
