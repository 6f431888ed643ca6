from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class AuditConfig(AppConfig):
    name = "referral_portal.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        # Each app names its audited records in its own audit_records.py (records.register).
        autodiscover_modules("audit_records")
