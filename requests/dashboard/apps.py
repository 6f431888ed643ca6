from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The duty manager's 24-hour response dashboard (seed 003)."""

    name = "requests.dashboard"
    label = "dashboard"
    verbose_name = "24-hour dashboard"
