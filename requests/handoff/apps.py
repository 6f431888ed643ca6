from django.apps import AppConfig


class HandoffConfig(AppConfig):
    """Decided contacts handed to the council's case-management system: signed webhooks
    through the outbox, a pull API and a daily export (docs/handoff.md)."""

    name = "requests.handoff"
    label = "handoff"
    verbose_name = "Hand-off to case management"
