from __future__ import annotations

from django.contrib import admin

from referral_portal.accounts.admin_scope import AuthorityScopedAdmin
from referral_portal.rights.models import RetentionPolicy


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(AuthorityScopedAdmin):
    """An authority's own periods; the floor is ``RetentionPolicy.clean``'s."""

    list_display = ("authority", "record_type", "days")
    list_filter = ("record_type",)
