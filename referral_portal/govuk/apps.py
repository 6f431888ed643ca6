from django.apps import AppConfig


class GovukConfig(AppConfig):
    """GOV.UK Frontend markup: the crispy-forms template pack "govuk", widgets and tags."""

    name = "referral_portal.govuk"
    label = "govuk"
