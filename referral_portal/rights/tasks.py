from __future__ import annotations

from celery import shared_task

from referral_portal.rights.services import retention_apply


@shared_task(name="rights.retention_apply", ignore_result=True)
def retention_apply_task() -> None:
    """Beat runs this nightly; it is safe to run twice (anonymised records are skipped)."""
    retention_apply()
