"""Emails of information requests: a link only, never the child's details. Each is written
to the outbox (referral_portal/outbox) in the transaction that changes the request."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.urls import reverse

from referral_portal.accounts.models import Role
from referral_portal.outbox.models import Email
from referral_portal.outbox.registry import Kind, register
from referral_portal.outbox.services import email_queue
from requests.information.models import InformationRequest, Status

FRONT_DOOR = frozenset({Role.OFFICER, Role.MANAGER})


def _detail(email: Email) -> str:
    return reverse("information:detail", args=[email.object_id])


def register_kinds() -> None:
    register(
        Kind(
            name="information_update",
            label="Information request: update to the requester",
            responsible=FRONT_DOOR,
            link=_detail,
        )
    )
    register(
        Kind(
            name="information_disclosure_team",
            label="Information request: Level 3 to the Disclosure Team",
            responsible=FRONT_DOOR,
            link=_detail,
        )
    )
    # A one-time code lasts 15 minutes: a failed one is not sent again by a person, the
    # requester asks for a new code on the request's page (and the outbox keeps trying).
    register(
        Kind(
            name="information_code",
            label="Information request: one-time code",
            responsible=frozenset(),
            secret=True,
        )
    )


def requester_update(info_request: InformationRequest) -> Email:
    """Tell the requester their request has changed, with a link to sign in and read it."""
    from requests.information.services import request_url

    return email_queue(
        kind="information_update",
        to=info_request.created_by.email,
        subject=f"Update on your information request {info_request.reference}",
        body=(
            f"Your information request {info_request.reference} is now: "
            f"{Status(info_request.status).label.lower()}.\n\n"
            f"Sign in to read it: {request_url(info_request)}\n"
        ),
        authority_id=info_request.authority_id,
        obj=info_request,
    )


def disclosure_team_notice(info_request: InformationRequest) -> Email | None:
    """Tell the Disclosure Team a Level 3 request has arrived (002.L3.2), with a link only."""
    from requests.information.services import request_url

    if not info_request.routed_to_email:
        return None
    return email_queue(
        kind="information_disclosure_team",
        key=f"information:{info_request.pk}:disclosure-team",
        to=info_request.routed_to_email,
        subject=f"Level 3 information request {info_request.reference}",
        body=(
            "A partner agency has asked to view whole case assessments for court proceedings "
            "or a section 47 investigation.\n\nSign in to read it: "
            f"{request_url(info_request)}\n"
        ),
        authority_id=info_request.authority_id,
        obj=info_request,
    )


def verification_code(info_request: InformationRequest, code: str) -> Email:
    """The Level 1 one-time code (002.L1.7). Only the email's id goes through the broker."""
    return email_queue(
        kind="information_code",
        to=info_request.verification_email,
        subject=f"Your code for information request {info_request.reference}",
        body=(
            f"Your one-time code is {code}.\n\n"
            "Enter it on the information request page within 15 minutes. "
            "If you did not ask for it, tell your safeguarding lead.\n"
        ),
        authority_id=info_request.authority_id,
        obj=info_request,
    )


# --- emails in flight under the mechanisms before the outbox (issue 24) ------------------------


def notices_in_flight(apps: Any) -> int:
    """For the migration that drops the old markers, before it drops them: each requester not
    yet told of their request's status (``requester_notified_status`` behind ``status``) and each
    Disclosure Team not yet told of a routed Level 3 request gets that email in the outbox, as
    the services write it now. Returns how many were written."""
    request_model = apps.get_model("information", "InformationRequest")
    written = 0
    told = [Status.NEEDS_MORE_INFORMATION, Status.ANSWERED, Status.REFUSED]
    for info_request in (
        request_model.objects.filter(status__in=told)
        .exclude(requester_notified_status=F("status"))
        .select_related("created_by")
    ):
        requester_update(info_request)
        written += 1
    for info_request in request_model.objects.filter(
        status=Status.ROUTED, disclosure_team_notified_at__isnull=True
    ).exclude(routed_to_email=""):
        if disclosure_team_notice(info_request) is not None:
            written += 1
    return written
