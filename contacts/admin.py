"""Keeping the directory right: services with their weekly hours and one-off days inline.

Every save and delete is audited (services.directory_change_record), which also clears the
cached directory so the panel and API show the change on the next request.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import Model
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from contacts.models import OneOffDay, OpeningHours, Service
from contacts.services import directory_change_record
from referral_portal.audit.models import AuditAction


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class OneOffDayInline(admin.TabularInline):
    model = OneOffDay
    extra = 0
    fields = ["date", "closed", "opens", "closes", "reason"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "authority", "kind", "phone", "availability"]
    list_filter = ["authority", "kind", "availability"]
    search_fields = ["name", "short_name", "phone", "email"]
    inlines = [OpeningHoursInline, OneOffDayInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request: HttpRequest, obj: Service, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        directory_change_record(
            actor=request.user,
            obj=obj,
            action=AuditAction.UPDATE if change else AuditAction.CREATE,
            changed=list(form.changed_data),
            request=request,
        )

    def delete_model(self, request: HttpRequest, obj: Service) -> None:
        authority_id = obj.authority_id
        directory_change_record(
            actor=request.user,
            obj=obj,
            action=AuditAction.DELETE,
            request=request,
            authority_id=authority_id,
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        authority_id = form.instance.authority_id
        deleted: list[Model] = list(
            formset.deleted_forms and [f.instance for f in formset.deleted_forms]
        )
        for obj in deleted:
            if obj.pk:
                directory_change_record(
                    actor=request.user,
                    obj=obj,
                    action=AuditAction.DELETE,
                    request=request,
                    authority_id=authority_id,
                )
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            directory_change_record(
                actor=request.user,
                obj=obj,
                action=AuditAction.CREATE,
                request=request,
                authority_id=authority_id,
            )
        for obj, fields in formset.changed_objects:
            directory_change_record(
                actor=request.user,
                obj=obj,
                action=AuditAction.UPDATE,
                changed=list(fields),
                request=request,
                authority_id=authority_id,
            )
