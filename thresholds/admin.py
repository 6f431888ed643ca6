"""Admin for the levels-of-need framework. Copy-on-write: an edit never changes a version in
place. Saving or deleting a level, domain, area or indicator first copies the current version
whole into a new one (``services.framework_new_version``), applies the change to the copy and
makes it current, so every assessment keeps pointing at the version it used.

An authority's administrator sees and edits only their own authority's framework
(``AuthorityScopedAdmin``), and each edit is audited with the values before and after."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from referral_portal.accounts.admin_scope import (
    AuthorityScopedAdmin,
    admin_change_record,
    is_operator,
    row_values,
)
from referral_portal.accounts.models import User
from referral_portal.audit.models import AuditAction
from thresholds import services
from thresholds.models import Area, Assessment, Domain, Framework, Indicator, Level


def _framework_of(obj: Model) -> Framework:
    if isinstance(obj, Level | Domain):
        return obj.framework
    if isinstance(obj, Area):
        return obj.domain.framework
    if isinstance(obj, Indicator):
        return obj.area.domain.framework
    raise TypeError(obj)


# Which foreign key of each model points into the framework, and at which model.
_PARENT = {
    Level: ("framework", Framework),
    Domain: ("framework", Framework),
    Area: ("domain", Domain),
    Indicator: ("area", Area),
}


def _actor(request: HttpRequest) -> User:
    """The admin site's user (the admin lets in only signed-in staff)."""
    assert isinstance(request.user, User)
    return request.user


class CopyOnWriteAdmin(AuthorityScopedAdmin):
    current_lookup = ""
    # Audited here, with the version the change made.
    audit_in_admin = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        # Only the current version is editable; older ones are history.
        return super().get_queryset(request).filter(**{self.current_lookup: True})

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        related = db_field.related_model
        mine = (
            {}
            if is_operator(request.user)
            else {"authority_id": getattr(request.user, "authority_id", None)}
        )
        if related is Framework:
            kwargs["queryset"] = Framework.objects.filter(
                is_current=True, **{f"{k}": v for k, v in mine.items()}
            )
        elif related is Domain:
            kwargs["queryset"] = Domain.objects.filter(
                framework__is_current=True, **{f"framework__{k}": v for k, v in mine.items()}
            )
        elif related is Area:
            kwargs["queryset"] = Area.objects.filter(
                domain__framework__is_current=True,
                **{f"domain__framework__{k}": v for k, v in mine.items()},
            ).select_related("domain")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _audit(
        self, request: HttpRequest, obj: Model, action: str, before: dict, after: dict
    ) -> None:
        admin_change_record(
            request=request,
            obj=obj,
            action=action,
            before=before,
            after=after,
            authority_id=_framework_of(obj).authority_id,
        )

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        self.check_authority(request, obj)
        field, parent_model = _PARENT[type(obj)]
        parent_id = getattr(obj, f"{field}_id")
        framework = _framework_of(obj)
        before = row_values(type(obj).objects.get(pk=obj.pk)) if change else {}
        new, ids = services.framework_new_version(framework=framework, actor=_actor(request))
        if change:
            obj.pk = ids[type(obj)][obj.pk]
        setattr(obj, f"{field}_id", ids[parent_model][parent_id])
        obj.save()
        after = row_values(obj)
        # The copy has new ids: the trail compares the edited values, not the renumbering.
        for key in ("id", field + "_id"):
            before.pop(key, None)
            after.pop(key, None)
        after["framework_version"] = new.version
        self._audit(
            request, obj, AuditAction.UPDATE if change else AuditAction.CREATE, before, after
        )
        messages.info(request, f"Saved as a new version of the framework: {new.version}")

    @transaction.atomic
    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.check_authority(request, obj)
        new, ids = services.framework_new_version(
            framework=_framework_of(obj), actor=_actor(request)
        )
        self._audit(request, obj, AuditAction.DELETE, row_values(obj), {})
        type(obj).objects.filter(pk=ids[type(obj)][obj.pk]).delete()
        messages.info(request, f"Deleted in a new version of the framework: {new.version}")

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        # One new version for the whole selection, not one per row.
        objs = list(queryset)
        if not objs:
            return
        model = type(objs[0])
        for obj in objs:
            self.check_authority(request, obj)
        new, ids = services.framework_new_version(
            framework=_framework_of(objs[0]), actor=_actor(request)
        )
        for obj in objs:
            self._audit(request, obj, AuditAction.DELETE, row_values(obj), {})
        model.objects.filter(pk__in=[ids[model][obj.pk] for obj in objs]).delete()
        messages.info(request, f"Deleted in a new version of the framework: {new.version}")


@admin.register(Indicator)
class IndicatorAdmin(CopyOnWriteAdmin):
    authority_path = "area__domain__framework__authority"
    current_lookup = "area__domain__framework__is_current"
    list_display = ["text", "level", "area", "framework_version"]
    list_filter = ["level", "area__domain__name"]
    search_fields = ["text"]
    list_select_related = ["area__domain__framework"]

    @admin.display(description="Version")
    def framework_version(self, obj: Indicator) -> str:
        return obj.area.domain.framework.version


@admin.register(Level)
class LevelAdmin(CopyOnWriteAdmin):
    authority_path = "framework__authority"
    current_lookup = "framework__is_current"
    list_display = ["__str__", "framework"]


@admin.register(Domain)
class DomainAdmin(CopyOnWriteAdmin):
    authority_path = "framework__authority"
    current_lookup = "framework__is_current"
    list_display = ["name", "framework", "position"]


@admin.register(Area)
class AreaAdmin(CopyOnWriteAdmin):
    authority_path = "domain__framework__authority"
    current_lookup = "domain__framework__is_current"
    list_display = ["name", "domain", "position"]


@admin.register(Framework)
class FrameworkAdmin(AuthorityScopedAdmin):
    """Versions are listed here and never edited: change their parts, or import a file."""

    list_display = ["title", "authority", "version", "is_current", "created_at"]
    list_filter = ["is_current"]
    readonly_fields = [f.name for f in Framework._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Assessment)
class AssessmentAdmin(AuthorityScopedAdmin):
    authority_path = "framework__authority"
    list_display = ["reference", "framework", "level", "saved", "created_at"]
    list_filter = ["level", "saved"]
    readonly_fields = ["public_id", "framework", "user", "level", "saved", "created_at"]
    exclude = ["indicators"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
