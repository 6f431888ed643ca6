"""Background work of the Request for Support: thin tasks that call one service each."""

from __future__ import annotations

import smtplib

from celery import shared_task

from requests import services


@shared_task(
    name="requests.tasks.send_acknowledgement",
    ignore_result=True,
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def send_acknowledgement(contact_id: int) -> None:
    """Email the referrer their reference; does nothing if already sent (safe to run twice)."""
    services.acknowledgement_send(contact_id=contact_id)


@shared_task(name="requests.tasks.drafts_expire", ignore_result=True)
def drafts_expire() -> None:
    """Hourly from beat: warn a week before, then delete drafts untouched for 30 days."""
    services.drafts_expire()


@shared_task(name="requests.tasks.acknowledgements_queue", ignore_result=True)
def acknowledgements_queue() -> None:
    """Every few seconds from beat: hand due acknowledgements to the worker (the outbox)."""
    services.acknowledgements_queue()
