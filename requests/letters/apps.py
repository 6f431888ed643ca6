from django.apps import AppConfig


class LettersConfig(AppConfig):
    """Outcome letters (seed 003): rendered by WeasyPrint, emailed through the outbox, or posted."""

    name = "requests.letters"
    label = "letters"
    verbose_name = "Outcome letters"

    def ready(self) -> None:
        from requests.letters.emails import register_kinds

        register_kinds()
