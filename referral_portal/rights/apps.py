from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class RightsConfig(AppConfig):
    """People's rights over their data: retention periods and subject-access exports."""

    name = "referral_portal.rights"
    label = "rights"
    verbose_name = "Retention and subject access"

    def ready(self) -> None:
        # Each app declares its personal data in its own personal_data.py (as admin.py).
        autodiscover_modules("personal_data")
