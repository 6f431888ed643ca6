"""The outbox's tasks: thin, take ids, safe to run twice (the service claims the row)."""

from __future__ import annotations

from celery import shared_task

from referral_portal.outbox import services


# No Celery retry: a temporary failure puts the row back with its next try's time, and the
# sweep hands it over again then (the database schedules, not the broker). The hard time limit
# comes from settings (CELERY_TASK_ANNOTATIONS): shorter than the claim's lease.
@shared_task(name="outbox.send_email", ignore_result=True)
def send_email(email_id: int) -> str:
    """Send one email, if it is due and nobody else has it."""
    return services.email_send(email_id=email_id)


@shared_task(name="outbox.sweep", ignore_result=True)
def sweep() -> int:
    """Every few seconds from beat: hand over due emails and those of dead senders."""
    return services.outbox_sweep()


@shared_task(name="outbox.prune", ignore_result=True)
def prune() -> int:
    """Daily from beat: emails sent or cancelled long ago are deleted (addresses and words)."""
    return services.outbox_prune()
