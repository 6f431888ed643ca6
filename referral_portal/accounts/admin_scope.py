"""The Django admin's tenant boundary (review H1).

An authority's administrator sees and changes only their own authority's rows: every model
registered on the portal's admin site either says how its rows reach an authority
(``AuthorityScopedAdmin.authority_path``) or is open to superusers (platform operators) only.
Foreign-key choices are narrowed the same way, a save is checked once more against the
administrator's authority, and every save and delete is audited with the values before and
after (``audit_values``; off where a row holds secrets or a person's details).
"""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Model, QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from referral_portal.accounts.models import Authority
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record


def is_operator(user: Any) -> bool:
    """A platform operator (superuser) administers every authority; nobody else does."""
    return bool(getattr(user, "is_superuser", False))


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.time | dt.datetime | decimal.Decimal):
        return str(value)
    if isinstance(value, Model):
        return value.pk
    return value


def row_values(obj: Model) -> dict[str, Any]:
    """A row's concrete field values as stored (foreign keys as ids), for the trail."""
    return {
        field.attname: _plain(getattr(obj, field.attname))
        for field in obj._meta.concrete_fields
        if not isinstance(field, models.AutoField)
    }


def stored_values(obj: Model) -> dict[str, Any]:
    """The row's values in the database now (before the pending save), or {} for a new row."""
    if obj.pk is None:
        return {}
    stored = type(obj)._default_manager.filter(pk=obj.pk).first()
    return row_values(stored) if stored is not None else {}


def admin_change_record(
    *,
    request: HttpRequest,
    obj: Model,
    action: str,
    before: dict[str, Any],
    after: dict[str, Any],
    authority_id: int | None,
    values: bool = True,
) -> None:
    """One audit row for one admin change: the fields that changed, and their values before
    and after where the model's values may be kept (``values``)."""
    fields = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    changes: dict[str, Any] = {"fields": fields, "via": "admin"}
    if values:
        changes["before"] = {k: before.get(k) for k in fields} if before else {}
        changes["after"] = {k: after.get(k) for k in fields} if after else {}
    audit_record(
        actor=request.user,
        action=action,
        obj=obj,
        object_id=obj.pk or "",
        authority_id=authority_id,
        request=request,
        changes=changes,
    )


def authority_of(obj: Model, path: str) -> int | None:
    """Follow ``path`` (``authority``, ``framework__authority``...) from ``obj`` to an id."""
    if path in ("", "pk", "id"):
        return obj.pk  # type: ignore[no-any-return]  # a primary key: int, typed Any by the stubs
    target: Any = obj
    parts = path.split("__")
    for part in parts[:-1]:
        target = getattr(target, part, None)
        if target is None:
            return None
    return getattr(target, f"{parts[-1]}_id", None)


def _narrow_choices(related: type[Model], request: HttpRequest, queryset: QuerySet[Any]) -> Any:
    """Foreign-key choices an authority's administrator may pick: their authority itself, or
    rows with an ``authority`` field of theirs. Other related models are left as they are
    (the scoped admins below name their own)."""
    authority_id = getattr(request.user, "authority_id", None)
    if related is Authority:
        return queryset.filter(pk=authority_id)
    if any(f.name == "authority" for f in related._meta.concrete_fields):
        return queryset.filter(authority_id=authority_id)
    return queryset


class AuthorityScopedAdmin(admin.ModelAdmin):
    """Rows of one authority: ``authority_path`` is the lookup from the model to it."""

    authority_path = "authority"
    audit_values = True
    # The admins that audit through their own service (the directory) turn this off.
    audit_in_admin = True

    # --- reading ---------------------------------------------------------------------
    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if is_operator(request.user):
            return queryset
        authority_id = getattr(request.user, "authority_id", None)
        if authority_id is None:
            return queryset.none()
        lookup = "pk" if self.authority_path in ("", "pk", "id") else f"{self.authority_path}_id"
        return queryset.filter(**{lookup: authority_id})

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if not is_operator(request.user):
            related = db_field.related_model
            queryset = kwargs.get("queryset") or related._default_manager.all()
            kwargs["queryset"] = _narrow_choices(related, request, queryset)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if not is_operator(request.user):
            related = db_field.related_model
            queryset = kwargs.get("queryset") or related._default_manager.all()
            kwargs["queryset"] = _narrow_choices(related, request, queryset)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    # --- writing ---------------------------------------------------------------------
    def check_authority(self, request: HttpRequest, obj: Model) -> int | None:
        """The row's authority; refuses (403) a row of another authority."""
        authority_id = authority_of(obj, self.authority_path)
        if not is_operator(request.user) and (
            authority_id is None or authority_id != getattr(request.user, "authority_id", None)
        ):
            raise PermissionDenied("This belongs to another authority")
        return authority_id

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        authority_id = self.check_authority(request, obj)
        before = stored_values(obj) if change else {}
        super().save_model(request, obj, form, change)
        if self.audit_in_admin:
            admin_change_record(
                request=request,
                obj=obj,
                action=AuditAction.UPDATE if change else AuditAction.CREATE,
                before=before,
                after=row_values(obj),
                authority_id=authority_id,
                values=self.audit_values,
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        authority_id = self.check_authority(request, obj)
        before = row_values(obj)
        if self.audit_in_admin:
            admin_change_record(
                request=request,
                obj=obj,
                action=AuditAction.DELETE,
                before=before,
                after={},
                authority_id=authority_id,
                values=self.audit_values,
            )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        # One by one, so each deletion is checked and audited.
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        """Inline rows (an agency's domains, a service's hours) belong to the parent's
        authority, which ``save_model`` has checked; each added, changed or removed row is
        audited with its values."""
        if not self.audit_in_admin:
            super().save_formset(request, form, formset, change)
            return
        authority_id = authority_of(form.instance, self.authority_path)
        before = {
            f.instance.pk: stored_values(f.instance)
            for f in formset.initial_forms
            if f.instance.pk is not None
        }
        super().save_formset(request, form, formset, change)
        for obj in formset.deleted_objects:
            admin_change_record(
                request=request,
                obj=obj,
                action=AuditAction.DELETE,
                before=before.get(obj.pk, {}),
                after={},
                authority_id=authority_id,
            )
        for obj in formset.new_objects:
            admin_change_record(
                request=request,
                obj=obj,
                action=AuditAction.CREATE,
                before={},
                after=row_values(obj),
                authority_id=authority_id,
            )
        for obj, _fields in formset.changed_objects:
            admin_change_record(
                request=request,
                obj=obj,
                action=AuditAction.UPDATE,
                before=before.get(obj.pk, {}),
                after=row_values(obj),
                authority_id=authority_id,
            )


def _operators_only(admin_class: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    """The same admin, open to superusers only: for models with no authority (groups,
    two-factor devices, sign-in attempts...)."""

    class OperatorsOnly(admin_class):  # type: ignore[valid-type,misc]  # a class given at run time (admin classes are untyped here)
        def has_module_permission(self, request: HttpRequest) -> bool:
            return is_operator(request.user) and super().has_module_permission(request)

        def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
            return is_operator(request.user) and super().has_view_permission(request, obj)

        def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
            return is_operator(request.user) and super().has_add_permission(request, *args)

        def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
            return is_operator(request.user) and super().has_change_permission(request, obj)

        def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
            return is_operator(request.user) and super().has_delete_permission(request, obj)

    OperatorsOnly.__name__ = OperatorsOnly.__qualname__ = f"OperatorsOnly{admin_class.__name__}"
    return OperatorsOnly


class PortalAdminSite(admin.AdminSite):
    """Django's admin site, where a model without an authority scope is for operators only:
    a model registered by any app (ours or a library's) cannot be left open by omission."""

    site_header = "Referral portal administration"

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuthorityScopedAdmin):
            admin_class = _operators_only(admin_class)
        super().register(model_or_iterable, admin_class, **options)
