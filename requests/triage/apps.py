from django.apps import AppConfig


class TriageConfig(AppConfig):
    """The front door's triage queue, claiming, information gathering, decisions (seed 003)."""

    name = "requests.triage"
    label = "triage"
    verbose_name = "Triage"
