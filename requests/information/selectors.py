"""Reads of information requests, always scoped to what the user may see."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest

from referral_portal.accounts.access import (
    Viewer,
    can_view_child_record,
    get_for_user,
    scope_child_records,
)
from referral_portal.accounts.models import Role
from requests.information.models import Disclosure, InformationRequest, Status

FRONT_DOOR_ROLES = frozenset({Role.OFFICER, Role.MANAGER})
DISCLOSURE_ROLES = frozenset({Role.DISCLOSURE})
FRONT_DOOR_LEVELS = (1, 2)


def information_requests_for_user(*, user: Viewer) -> QuerySet[InformationRequest]:
    """Practitioners: their own; leads: their agency's; officers and managers: their
    authority's Levels 1 and 2; the Disclosure Team: their authority's Level 3."""
    queryset = InformationRequest.objects.select_related("agency", "created_by", "claimed_by")
    role = getattr(user, "role", None)
    if role in DISCLOSURE_ROLES:
        return scope_child_records(user, queryset, authority_roles=DISCLOSURE_ROLES).filter(level=3)
    scoped = scope_child_records(user, queryset, authority_roles=FRONT_DOOR_ROLES)
    if role in FRONT_DOOR_ROLES:
        scoped = scoped.filter(level__in=FRONT_DOOR_LEVELS)
    return scoped


def can_view_information_request(user: Viewer, info_request: InformationRequest) -> bool:
    role = getattr(user, "role", None)
    if role in DISCLOSURE_ROLES:
        return info_request.level == 3 and can_view_child_record(
            user, info_request, authority_roles=DISCLOSURE_ROLES
        )
    if role in FRONT_DOOR_ROLES and info_request.level not in FRONT_DOOR_LEVELS:
        return False
    return can_view_child_record(user, info_request, authority_roles=FRONT_DOOR_ROLES)


def get_information_request_for_user(
    *, user: Viewer, pk: int, request: HttpRequest | None = None, audit_view: bool = True
) -> InformationRequest:
    """The request if ``user`` may see it; 404 otherwise, with the refusal audited.

    Not "forbidden": that a request exists in another agency or authority is not disclosed.
    """
    return get_for_user(
        InformationRequest.objects.select_related("agency", "authority", "created_by").filter(
            pk=pk
        ),
        user=user,
        object_id=pk,
        may_see=lambda info_request: can_view_information_request(user, info_request),
        request=request,
        not_found="No such information request",
        audit_view=audit_view,
    )


def officer_queue(*, user: Viewer) -> QuerySet[InformationRequest]:
    """Requests to answer, oldest first (Levels 1 and 2 of the officer's authority)."""
    return (
        information_requests_for_user(user=user)
        .filter(status__in=[Status.RECEIVED, Status.NEEDS_MORE_INFORMATION])
        .order_by("received_at", "pk")
    )


def disclosure_queue(*, user: Viewer) -> QuerySet[InformationRequest]:
    return (
        information_requests_for_user(user=user)
        .filter(level=3)
        .order_by("status", "received_at", "pk")
    )


def disclosure_log(
    *, authority_id: int, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> QuerySet[Disclosure]:
    queryset = Disclosure.objects.filter(authority_id=authority_id).select_related(
        "request", "officer", "recipient"
    )
    if date_from:
        queryset = queryset.filter(at__date__gte=date_from)
    if date_to:
        queryset = queryset.filter(at__date__lte=date_to)
    return queryset.order_by("-at")
