from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Q, QuerySet
from django.utils import timezone

from referral_portal.audit.models import AuditEvent


def audit_events_for_authority(
    *,
    authority_id: int,
    actor_id: int | None = None,
    object_type: str = "",
    object_id: str = "",
    records: list[tuple[str, str]] | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    """``records``: only events about these (object_type, id) pairs (a reference's records)."""
    qs: QuerySet[AuditEvent] = AuditEvent.objects.filter(authority_id=authority_id)
    if records is not None:
        about = Q(pk__in=[])
        for record_type, record_id in records:
            about |= Q(object_type=record_type, object_id=record_id)
        qs = qs.filter(about)
    if actor_id:
        qs = qs.filter(actor_id=actor_id)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(at__gte=datetime.combine(date_from, time.min, tzinfo=tz))
    if date_to:
        qs = qs.filter(at__lt=datetime.combine(date_to, time.max, tzinfo=tz))
    return qs.select_related("actor")


def timeline_for(*, object_type: str, object_id: str | int) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id)).order_by(
        "at", "id"
    )
