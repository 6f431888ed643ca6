from django.apps import AppConfig


class RightsConfig(AppConfig):
    """People's rights over their data: retention periods and subject-access exports."""

    name = "referral_portal.rights"
    label = "rights"
    verbose_name = "Retention and subject access"
