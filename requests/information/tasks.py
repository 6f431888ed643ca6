"""Notification emails of information requests: a link only, never the child's details.

Thin and safe to run twice: each task re-reads the row, claims the notification with a
conditional update, and gives the claim back if sending fails so that the retry sends it.
"""

from __future__ import annotations

import smtplib
from datetime import timedelta

from celery import shared_task
from django.core.mail import send_mail
from django.db.models import F
from django.utils import timezone

from requests.information.models import InformationRequest, Status

RETRY = {
    "autoretry_for": (smtplib.SMTPException, OSError),
    "retry_backoff": True,
    "retry_jitter": True,
    "max_retries": 8,
    "ignore_result": True,
}


@shared_task(name="information.notify_requester", **RETRY)
def notify_requester(request_id: int) -> None:
    """Tell the requester their request has changed, with a link to sign in and read it."""
    from requests.information.services import request_url

    info_request = (
        InformationRequest.objects.select_related("created_by").filter(pk=request_id).first()
    )
    if info_request is None:
        return
    status = info_request.status
    claimed = (
        InformationRequest.objects.filter(pk=request_id, status=status)
        .exclude(requester_notified_status=status)
        .update(requester_notified_status=status)
    )
    if claimed != 1:
        return
    try:
        send_mail(
            subject=f"Update on your information request {info_request.reference}",
            message=(
                f"Your information request {info_request.reference} is now: "
                f"{Status(status).label.lower()}.\n\n"
                f"Sign in to read it: {request_url(info_request)}\n"
            ),
            from_email=None,
            recipient_list=[info_request.created_by.email],
        )
    except Exception:
        InformationRequest.objects.filter(pk=request_id).update(requester_notified_status="")
        raise


@shared_task(name="information.notify_disclosure_team", **RETRY)
def notify_disclosure_team(request_id: int) -> None:
    """Tell the Disclosure Team a Level 3 request has arrived (002.L3.2), with a link only."""
    from requests.information.services import request_url

    info_request = InformationRequest.objects.filter(pk=request_id).first()
    if info_request is None or not info_request.routed_to_email:
        return
    claimed = InformationRequest.objects.filter(
        pk=request_id, disclosure_team_notified_at__isnull=True
    ).update(disclosure_team_notified_at=timezone.now())
    if claimed != 1:
        return
    try:
        send_mail(
            subject=f"Level 3 information request {info_request.reference}",
            message=(
                "A partner agency has asked to view whole case assessments for court proceedings or a "
                f"section 47 investigation.\n\nSign in to read it: {request_url(info_request)}\n"
            ),
            from_email=None,
            recipient_list=[info_request.routed_to_email],
        )
    except Exception:
        InformationRequest.objects.filter(pk=request_id).update(disclosure_team_notified_at=None)
        raise


NOTIFIED_STATUSES = (Status.NEEDS_MORE_INFORMATION, Status.ANSWERED, Status.REFUSED)


@shared_task(name="information.resend_pending_notifications", ignore_result=True)
def resend_pending_notifications() -> int:
    """The outbox sweep: enqueue notifications whose publish was lost (broker down at commit).

    Safe to run at any time: each notification task claims its row before sending.
    """
    stale = timezone.now() - timedelta(minutes=2)
    to_requesters = (
        InformationRequest.objects.filter(status__in=NOTIFIED_STATUSES, updated_at__lt=stale)
        .exclude(requester_notified_status=F("status"))
        .values_list("pk", flat=True)
    )
    to_team = (
        InformationRequest.objects.filter(
            status=Status.ROUTED, disclosure_team_notified_at__isnull=True, updated_at__lt=stale
        )
        .exclude(routed_to_email="")
        .values_list("pk", flat=True)
    )
    count = 0
    for pk in to_requesters:
        notify_requester.delay(pk)
        count += 1
    for pk in to_team:
        notify_disclosure_team.delay(pk)
        count += 1
    return count
