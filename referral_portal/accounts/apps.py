from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "referral_portal.accounts"
    label = "accounts"
    verbose_name = "Accounts, agencies and authorities"

    def ready(self) -> None:
        from referral_portal import checks  # noqa: F401
        from referral_portal.accounts import signals  # noqa: F401
