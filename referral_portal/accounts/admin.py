from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserCreationForm
from django.db.models import QuerySet
from django.http import HttpRequest

from referral_portal.accounts.admin_scope import AuthorityScopedAdmin, is_operator
from referral_portal.accounts.models import Agency, AgencyDomain, Authority, User


@admin.register(Authority)
class AuthorityAdmin(AuthorityScopedAdmin):
    """An authority's administrator sees and edits their own authority; only an operator
    adds or removes one."""

    authority_path = "pk"
    list_display = ("name", "slug", "code", "front_door_short_name")
    prepopulated_fields = {"slug": ("name",)}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_operator(request.user) and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_operator(request.user) and super().has_delete_permission(request, obj)


class AgencyDomainInline(admin.TabularInline):
    model = AgencyDomain
    extra = 1


@admin.register(Agency)
class AgencyAdmin(AuthorityScopedAdmin):
    list_display = ("name", "agency_type", "authority")
    list_filter = ("agency_type",)
    search_fields = ("name",)
    inlines = [AgencyDomainInline]


class PortalUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "role", "authority", "agency")


# What only a platform operator may set: who reaches the admin, and with which permissions.
OPERATOR_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")


@admin.register(User)
class UserAdmin(AuthorityScopedAdmin, DjangoUserAdmin):
    """Officers, managers, the Disclosure Team and administrators are created here.

    An authority's administrator sees only their authority's people (never an operator) and
    cannot grant admin access or permissions: those fields are the operator's."""

    add_form = PortalUserCreationForm
    # A person's details and password hash are not copied into the trail: field names only.
    audit_values = False
    ordering = ("email",)
    list_display = ("email", "full_name", "role", "authority", "agency", "status")
    list_filter = ("role", "status")
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

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if not is_operator(request.user):
            queryset = queryset.filter(is_superuser=False)
        return queryset

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if is_operator(request.user):
            return fieldsets
        return [
            (
                name,
                {**options, "fields": [f for f in options["fields"] if f not in OPERATOR_FIELDS]},
            )
            for name, options in fieldsets
            if any(f not in OPERATOR_FIELDS for f in options["fields"])
        ]

    def save_model(self, request: Any, obj: User, form: Any, change: bool) -> None:
        if not is_operator(request.user):
            # However the form was posted, these stay as they were (or off for a new person).
            stored = User.objects.filter(pk=obj.pk).first() if change else None
            obj.is_superuser = stored.is_superuser if stored else False
            obj.is_staff = stored.is_staff if stored else False
        if not change:
            obj.status = "active"
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        if not is_operator(request.user):
            # Groups and permissions are not on the form; never let a post add them.
            form.cleaned_data.pop("groups", None)
            form.cleaned_data.pop("user_permissions", None)
        super().save_related(request, form, formsets, change)
