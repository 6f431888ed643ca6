from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from referral_portal.accounts.admin_scope import AuthorityScopedAdmin
from referral_portal.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(AuthorityScopedAdmin):
    """Read-only: the trail cannot be edited or deleted through the admin. An authority's
    administrator reads their own authority's events only."""

    list_display = ("at", "actor_label", "action", "object_type", "object_id", "authority_id")
    list_filter = ("action", "object_type")
    search_fields = ("actor_label", "object_id")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
