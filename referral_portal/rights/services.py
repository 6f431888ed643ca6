"""Retention: remove personal data from records past their period, keep ids for the trail.

Drafts are deleted after 30 days by the Request for Support app (with a warning a week before).
Here, each kind of record the apps register (:mod:`referral_portal.rights.registry`: decided or
withdrawn Requests for Support, closed information requests) is *anonymised* once past the
authority's period: every field its app declares personal is erased, rows declared for deletion
(people, attachments) go; the reference, dates, agency and outcome stay, so figures and the
audit trail keep working.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from referral_portal.accounts.models import Authority
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record
from referral_portal.rights import registry
from referral_portal.rights.models import DEFAULT_DAYS, RecordType, RetentionPolicy

REMOVED = registry.REMOVED


@dataclass(frozen=True)
class RetentionResult:
    """How many records of each type were anonymised."""

    by_type: dict[str, int] = field(default_factory=dict)

    @property
    def contacts(self) -> int:
        return self.by_type.get(RecordType.DECIDED_CONTACT, 0)

    @property
    def information_requests(self) -> int:
        return self.by_type.get(RecordType.INFORMATION_REQUEST, 0)


def retention_days(*, authority: Authority, record_type: str) -> int:
    policy = RetentionPolicy.objects.filter(authority=authority, record_type=record_type).first()
    days = policy.days if policy else DEFAULT_DAYS[RecordType(record_type)]
    # A period stored below the floor (before it existed, or by hand) is never applied.
    return max(days, settings.RETENTION_MINIMUM_DAYS)


def retention_apply(*, now: dt.datetime | None = None) -> RetentionResult:
    """Anonymise every record past its authority's period. Safe to run twice."""
    now = now or timezone.now()
    done: dict[str, int] = {}
    for authority in Authority.objects.all():
        for kind in registry.records():
            days = retention_days(authority=authority, record_type=kind.record_type)
            due = kind.due(authority.pk, now - dt.timedelta(days=days))
            for pk in due.values_list("pk", flat=True).distinct().iterator():
                _anonymise(kind, pk)
                done[kind.record_type] = done.get(kind.record_type, 0) + 1
    return RetentionResult(by_type=done)


@transaction.atomic
def _anonymise(kind: registry.Record, pk: int) -> None:
    item = kind.model._default_manager.select_for_update().get(pk=pk)
    registry.anonymise(item)
    audit_record(
        actor=None, action=AuditAction.DELETE, obj=item, changes={"retention": "anonymised"}
    )
