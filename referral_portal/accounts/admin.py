from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserCreationForm

from referral_portal.accounts.models import Agency, AgencyDomain, Authority, User


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "code", "front_door_short_name")
    prepopulated_fields = {"slug": ("name",)}


class AgencyDomainInline(admin.TabularInline):
    model = AgencyDomain
    extra = 1


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "agency_type", "authority")
    list_filter = ("authority", "agency_type")
    search_fields = ("name",)
    inlines = [AgencyDomainInline]


class PortalUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "role", "authority", "agency")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Officers, managers, the Disclosure Team and administrators are created here."""

    add_form = PortalUserCreationForm
    ordering = ("email",)
    list_display = ("email", "full_name", "role", "authority", "agency", "status")
    list_filter = ("role", "status", "authority")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "job_title", "phone")}),
        ("Role", {"fields": ("role", "authority", "agency", "status", "refused_reason")}),
        ("Django admin", {"fields": ("is_staff", "is_superuser", "groups")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "full_name",
                    "role",
                    "authority",
                    "agency",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    filter_horizontal = ("groups",)

    def save_model(self, request: Any, obj: User, form: Any, change: bool) -> None:
        from referral_portal.audit.models import AuditAction
        from referral_portal.audit.services import audit_record

        if not change:
            obj.status = "active"
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action=AuditAction.UPDATE if change else AuditAction.CREATE,
            obj=obj,
            request=request,
            changes={"fields": sorted(form.changed_data)},
        )
