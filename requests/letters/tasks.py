"""Celery tasks for letters: thin, take ids, safe to run twice (the service claims the row)."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval

from requests.letters import services

MAX_RETRIES = 6


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def letter_send_task(self: Any, letter_id: int) -> str:
    """Render and email one letter; retry SMTP and network errors with jittered back-off."""
    try:
        return services.letter_send(letter_id=letter_id)
    except services.SEND_ERRORS as error:
        if self.request.retries >= self.max_retries:
            services.letter_mark_failed(
                letter_id=letter_id, error=f"{type(error).__name__}: {str(error)[:300]}"
            )
            return "failed"
        countdown = get_exponential_backoff_interval(
            factor=2, retries=self.request.retries, maximum=60, full_jitter=True
        )
        raise self.retry(exc=error, countdown=max(countdown, 1)) from error


@shared_task
def letters_sweep_task() -> int:
    """Beat: queue again letters stuck in pending or sending (never held ones)."""
    return services.letters_sweep()
