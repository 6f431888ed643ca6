"""The hand-off's tasks: thin, take ids, safe to run twice (the service claims the row)."""

from __future__ import annotations

from celery import shared_task

from requests.handoff import services


@shared_task(name="handoff.deliver", ignore_result=True)
def deliver(delivery_ids: list[int]) -> int:
    """POST these deliveries, those that are due, in order and nobody else's."""
    return sum(1 for o in services.deliver_many(ids=delivery_ids).values() if o == "sent")


@shared_task(name="handoff.sweep", ignore_result=True)
def sweep() -> int:
    """Every few seconds from beat: hand over due deliveries and those of dead senders."""
    return services.handoff_sweep()


@shared_task(name="handoff.export_daily", ignore_result=True)
def export_daily() -> int:
    """Hourly from beat: write each authority's file of yesterday's documents, if missing."""
    from requests.handoff.export import export_missing

    return export_missing()
