"""Portal-wide background tasks, and the one rule for work that follows a commit.

- Work that must happen (an email, a webhook delivery): a row written in the caller's
  transaction, handed to the worker once it commits (``referral_portal.outbox.leases
  .dispatch_on_commit``; emails through ``outbox.services.email_queue``); the sweep hands over
  whatever that could not, so nothing is lost when Redis or the worker is down.
- Tidying after a commit in this process (a deleted draft's files, a cached directory):
  :func:`after_commit`, which never turns a failure into an error page for a change that has
  already been saved.
- Periodic work: beat (``CELERY_BEAT_SCHEDULE`` in settings).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from celery import shared_task
from django.db import transaction

from referral_portal import health

log = logging.getLogger(__name__)


@shared_task(name="referral_portal.tasks.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Beat sends this every 30 seconds; the worker that runs it stamps the heartbeat."""
    health.worker_heartbeat_record()


def after_commit(work: Callable[[], object], *, what: str) -> None:
    """Run ``work`` once the caller's transaction commits (never if it rolls back). A failure
    is logged with ``what`` (no personal data in it) and goes no further."""

    def run() -> None:
        try:
            work()
        except Exception:  # noqa: BLE001 - the change is saved; the tidying is best effort
            log.exception("after commit: %s failed", what)

    transaction.on_commit(run)
