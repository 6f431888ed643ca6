from django.apps import AppConfig


class InformationConfig(AppConfig):
    """Level 1, 2 and 3 information requests (seed 002), with their own migrations."""

    name = "requests.information"
    label = "information"
    verbose_name = "Information requests"

    def ready(self) -> None:
        from requests.information.emails import register_kinds

        register_kinds()
