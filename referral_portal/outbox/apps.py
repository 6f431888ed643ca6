from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "referral_portal.outbox"
    label = "outbox"
    verbose_name = "Email outbox"

    def ready(self) -> None:
        # The account emails are the core's own kinds; feature apps register theirs in ready().
        from referral_portal.outbox import kinds  # noqa: F401
