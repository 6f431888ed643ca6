"""Beat work for the dashboard: keep the trend's daily rollups rebuilt (thin, safe to repeat)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from requests.dashboard.services import daily_figures_rebuild


@shared_task(name="requests.dashboard.tasks.daily_figures_rebuild", ignore_result=True)
def rebuild_daily_figures() -> None:
    daily_figures_rebuild(now=timezone.now())
