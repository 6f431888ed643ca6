"""The hand-off's tasks: thin, take ids, safe to run twice (the service claims the row)."""

from __future__ import annotations

from celery import shared_task

from requests.handoff import services


@shared_task(name="handoff.deliver", ignore_result=True)
def deliver(delivery_id: int) -> str:
    """POST one event to one endpoint, if it is due, in order and nobody else has it."""
    return str(services.deliver(delivery_id=delivery_id))


@shared_task(name="handoff.sweep", ignore_result=True)
def sweep() -> int:
    """Every few seconds from beat: hand over due deliveries and those of dead senders."""
    return services.handoff_sweep()


@shared_task(name="handoff.export_daily", ignore_result=True)
def export_daily() -> int:
    """Hourly from beat: write each authority's file of yesterday's documents, if missing."""
    from requests.handoff.export import export_missing

    return export_missing()
