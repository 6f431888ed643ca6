"""The daily export file: each authority's hand-off documents of one day (Europe/London), one
JSON document per line, for councils that import files. Written by beat (``tasks.export_daily``)
once the day is over, into HANDOFF_EXPORT_DIR/<authority>/<yyyy-mm-dd>.jsonl; a file already
there is not written again. Like the pull API, it leaves the optional sections out."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from referral_portal.accounts.models import Authority
from requests.handoff import document as documents
from requests.handoff.models import HandoffEvent


def path_for(authority: Authority, day: dt.date) -> Path:
    return Path(settings.HANDOFF_EXPORT_DIR) / authority.slug / f"{day.isoformat()}.jsonl"


def export_day(authority: Authority, day: dt.date) -> Path:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    end = start + dt.timedelta(days=1)
    path = path_for(authority, day)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    with partial.open("wb") as out:
        events = HandoffEvent.objects.filter(
            authority=authority, created_at__gte=start, created_at__lt=end
        ).order_by("id")
        for event in events.iterator():
            out.write(documents.encode(documents.for_recipient(event.document, [])) + b"\n")
    os.replace(partial, path)  # whole or not at all
    return path


def export_missing(*, today: dt.date | None = None) -> int:
    """Yesterday's file of every authority, if it is not there yet. Returns how many written."""
    today = today or timezone.localdate()
    day = today - dt.timedelta(days=1)
    written = 0
    for authority in Authority.objects.all():
        if not path_for(authority, day).exists():
            export_day(authority, day)
            written += 1
    return written
