"""Keeping the directory right: services with their weekly hours and one-off days inline.

Every save and delete is audited with its values before and after
(services.directory_change_record), which also clears the cached directory so the panel and API
show the change on the next request. An authority's administrator sees only their own
authority's services (``AuthorityScopedAdmin``).
"""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.db.models import Model
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from contacts.models import OneOffDay, OpeningHours, Service
from contacts.services import directory_change_record
from referral_portal.accounts.admin_scope import AuthorityScopedAdmin, row_values, stored_values
from referral_portal.audit.models import AuditAction


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class OneOffDayInline(admin.TabularInline):
    model = OneOffDay
    extra = 0
    fields = ["date", "closed", "opens", "closes", "reason"]


@admin.register(Service)
class ServiceAdmin(AuthorityScopedAdmin):
    # Audited through directory_change_record, which also clears the cached directory.
    audit_in_admin = False
    list_display = ["name", "authority", "kind", "phone", "availability"]
    list_filter = ["kind", "availability"]
    search_fields = ["name", "short_name", "phone", "email"]
    inlines = [OpeningHoursInline, OneOffDayInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request: HttpRequest, obj: Service, form: ModelForm, change: bool) -> None:
        before = stored_values(obj) if change else {}
        super().save_model(request, obj, form, change)
        directory_change_record(
            actor=request.user,
            obj=obj,
            action=AuditAction.UPDATE if change else AuditAction.CREATE,
            changed=list(form.changed_data),
            request=request,
            before=before,
            after=row_values(obj),
        )

    def delete_model(self, request: HttpRequest, obj: Service) -> None:
        authority_id = self.check_authority(request, obj)
        directory_change_record(
            actor=request.user,
            obj=obj,
            action=AuditAction.DELETE,
            request=request,
            authority_id=authority_id,
            before=row_values(obj),
        )
        super().delete_model(request, obj)

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        authority_id = form.instance.authority_id
        deleted: list[Model] = list(
            formset.deleted_forms and [f.instance for f in formset.deleted_forms]
        )
        before = {
            f.instance.pk: stored_values(f.instance)
            for f in formset.initial_forms
            if f.instance.pk is not None
        }
        for obj in deleted:
            if obj.pk:
                directory_change_record(
                    actor=request.user,
                    obj=obj,
                    action=AuditAction.DELETE,
                    request=request,
                    authority_id=authority_id,
                    before=before.get(obj.pk, {}),
                )
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            directory_change_record(
                actor=request.user,
                obj=obj,
                action=AuditAction.CREATE,
                request=request,
                authority_id=authority_id,
                after=row_values(obj),
            )
        for obj, fields in formset.changed_objects:
            directory_change_record(
                actor=request.user,
                obj=obj,
                action=AuditAction.UPDATE,
                changed=list(fields),
                request=request,
                authority_id=authority_id,
                before=before.get(obj.pk, {}),
                after=row_values(obj),
            )
