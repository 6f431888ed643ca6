from django.apps import AppConfig


class GatheringConfig(AppConfig):
    """Information gathering (seed 003): the front door asks named professionals, who answer
    on a short secure form; the answers land on the contact's record (issue 22)."""

    name = "requests.gathering"
    label = "gathering"
    verbose_name = "Information gathering"

    def ready(self) -> None:
        from requests.gathering.emails import register_kinds

        register_kinds()
