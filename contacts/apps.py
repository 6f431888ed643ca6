from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = "Contacts directory"

    def ready(self) -> None:
        from contacts import signals  # noqa: F401 - connects the cache-clearing receivers
