from django.apps import AppConfig


class RequestsConfig(AppConfig):
    """Requests for Support, information requests, triage, decisions, letters, dashboard.

    The package is named ``requests`` as the product brief lays out, which shadows the PyPI
    ``requests`` library inside the portal's processes: never depend on a library that imports it.
    """

    name = "requests"
    label = "requests"
    verbose_name = "Requests and triage"

    def ready(self) -> None:
        from requests.emails import register_kinds

        register_kinds()
