from django.apps import AppConfig


class LettersConfig(AppConfig):
    """Outcome letters (seed 003): rendered by WeasyPrint, emailed by Celery, or posted."""

    name = "requests.letters"
    label = "letters"
    verbose_name = "Outcome letters"
