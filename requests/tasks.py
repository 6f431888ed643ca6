"""Background work of the Request for Support: thin tasks that call one service each."""

from __future__ import annotations

from celery import shared_task

from requests import services


@shared_task(name="requests.tasks.drafts_expire", ignore_result=True)
def drafts_expire() -> None:
    """Hourly from beat: warn a week before, then delete drafts untouched for 30 days whose
    warning was delivered (its email is sent by the outbox)."""
    services.drafts_expire()
