from django.contrib import admin

from referral_portal.rights.models import RetentionPolicy


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(admin.ModelAdmin):
    list_display = ("authority", "record_type", "days")
    list_filter = ("authority", "record_type")
