"""Beat work for information gathering: thin, safe to repeat (each email once, by its key)."""

from __future__ import annotations

from celery import shared_task

from requests.gathering.services import clock_tick as gathering_clock_tick


@shared_task(name="requests.gathering.tasks.clock_tick", ignore_result=True)
def clock_tick() -> None:
    gathering_clock_tick()
