"""Portal-wide background tasks."""

from __future__ import annotations

from celery import shared_task

from referral_portal import health


@shared_task(name="referral_portal.tasks.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Beat sends this every 30 seconds; the worker that runs it stamps the heartbeat."""
    health.worker_heartbeat_record()
