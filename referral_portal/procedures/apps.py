from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "referral_portal.procedures"
    label = "procedures"
    verbose_name = "Procedures of each authority"
    default_auto_field = "django.db.models.BigAutoField"
