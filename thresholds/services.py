"""Writes of the levels-of-need app: assessments, new framework versions, imports."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from referral_portal.accounts.access import Viewer
from referral_portal.accounts.models import Authority, User
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record
from referral_portal.errors import DomainError
from thresholds import framework_io
from thresholds.assessment import NothingTicked, suggest_level
from thresholds.models import Area, Assessment, Domain, Framework, Indicator, Level
from thresholds.selectors import framework_for


class AssessmentError(DomainError, ValueError):
    """The indicators given cannot make an assessment; the message says why. Well-formed, but
    not this framework's indicators: the API answers 422, not a malformed 400."""

    api_status = 422


class NoFramework(DomainError, LookupError):  # noqa: N818 - reads as the condition it names
    """The authority has no levels-of-need framework in the portal."""

    def __init__(self, authority: Authority) -> None:
        super().__init__(
            f"{authority.name} has no levels-of-need guidance in this portal. "
            f"Use {authority.name}'s own threshold guidance, or contact "
            f"{authority.front_door_name} for advice."
        )


def _listed(ids: list[int] | list[str]) -> str:
    shown = ", ".join(str(i) for i in ids[:20])
    return shown + (f" and {len(ids) - 20} more" if len(ids) > 20 else "")


@transaction.atomic
def assessment_create(
    *,
    authority: Authority,
    indicator_ids: list[int],
    user: Viewer | None = None,
    framework: Framework | None = None,
    request: HttpRequest | None = None,
) -> Assessment:
    """Suggest a level from ticked indicators and store the assessment.

    The indicators must all belong to one version of this authority's framework (the current
    one unless ``framework`` says which): an assessment keeps pointing at the version it used.
    """
    if framework is None:
        framework = framework_for(authority=authority)
    if framework is None or framework.authority_id != authority.pk:
        raise NoFramework(authority)
    if not indicator_ids:
        raise AssessmentError(str(NothingTicked("Select at least one indicator")))
    found = {
        i.pk: i
        for i in Indicator.objects.filter(pk__in=indicator_ids).select_related(
            "area__domain__framework"
        )
    }
    unknown = [pk for pk in indicator_ids if pk not in found]
    if unknown:
        raise AssessmentError(f"Unknown indicators: {_listed(unknown)}")
    foreign = [pk for pk, i in found.items() if i.area.domain.framework_id != framework.pk]
    if foreign:
        raise AssessmentError(
            f"Indicators {_listed(foreign)} are not in {authority.name}'s levels-of-need "
            f"framework (version {framework.version})"
        )
    level = suggest_level(i.level for i in found.values())
    owner = user if isinstance(user, User) else None
    assessment = Assessment.objects.create(framework=framework, user=owner, level=level)
    # A fresh row has no links yet: one INSERT, not set()'s read-then-write.
    Assessment.indicators.through.objects.bulk_create(
        Assessment.indicators.through(assessment_id=assessment.pk, indicator_id=pk) for pk in found
    )
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=assessment,
        authority_id=authority.pk,
        request=request,
        changes={"level": level, "indicators": sorted(found)},
    )
    return assessment


@transaction.atomic
def assessment_save(
    *, assessment: Assessment, user: User, request: HttpRequest | None = None
) -> Assessment:
    """Keep an assessment in the signed-in user's list (claiming one made before sign-in)."""
    assessment.user = user
    assessment.saved = True
    assessment.save(update_fields=["user", "saved"])
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=assessment,
        authority_id=assessment.framework.authority_id,
        request=request,
        changes={"fields": ["saved", "user"]},
    )
    return assessment


@transaction.atomic
def assessment_claim(
    *, assessment: Assessment, user: User, request: HttpRequest | None = None
) -> Assessment:
    """Give an assessment made before signing in to the user who made it (same browser
    session), so the Request for Support form can pick it up."""
    if assessment.user_id is None:
        assessment.user = user
        assessment.save(update_fields=["user"])
        audit_record(
            actor=user,
            action=AuditAction.UPDATE,
            obj=assessment,
            authority_id=assessment.framework.authority_id,
            request=request,
            changes={"fields": ["user"]},
        )
    return assessment


def next_version(*, framework: Framework) -> str:
    base = re.sub(r" rev \d+$", "", framework.version)
    taken = set(
        Framework.objects.filter(authority_id=framework.authority_id).values_list(
            "version", flat=True
        )
    )
    revision = 2
    while f"{base} rev {revision}" in taken:
        revision += 1
    return f"{base} rev {revision}"


CopyMap = dict[type, dict[int, int]]


@transaction.atomic
def framework_new_version(*, framework: Framework, actor: User) -> tuple[Framework, CopyMap]:
    """Copy ``framework`` whole into a new current version; the old one stays as it was.

    Returns the new framework and, per model, old id → new id, so the caller can apply an
    edit to the copy (copy-on-write: assessments keep pointing at the version they used).
    """
    old = Framework.objects.select_for_update().get(pk=framework.pk)
    Framework.objects.filter(authority_id=old.authority_id, is_current=True).update(
        is_current=False
    )
    new = Framework.objects.create(
        authority_id=old.authority_id,
        title=old.title,
        version=next_version(framework=old),
        source=old.source,
        published=old.published,
        consent_guidance=old.consent_guidance,
        equality_guidance=old.equality_guidance,
        is_current=True,
        previous=old,
    )
    ids: CopyMap = {Framework: {old.pk: new.pk}, Level: {}, Domain: {}, Area: {}, Indicator: {}}
    for level in Level.objects.filter(framework=old):
        old_pk = level.pk
        level.pk = None
        level.framework = new
        level.save()
        ids[Level][old_pk] = level.pk
    for domain in Domain.objects.filter(framework=old):
        old_pk = domain.pk
        domain.pk = None
        domain.framework = new
        domain.save()
        ids[Domain][old_pk] = domain.pk
    for area in Area.objects.filter(domain__framework=old):
        old_pk = area.pk
        area.pk = None
        area.domain_id = ids[Domain][area.domain_id]
        area.save()
        ids[Area][old_pk] = area.pk
    for indicator in Indicator.objects.filter(area__domain__framework=old).order_by("pk"):
        old_pk = indicator.pk
        indicator.pk = None
        indicator.area_id = ids[Area][indicator.area_id]
        indicator.save()
        ids[Indicator][old_pk] = indicator.pk
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=new,
        authority_id=old.authority_id,
        changes={"previous": old.pk, "version": new.version},
    )
    return new, ids


class FrameworkImportError(ValueError):
    pass


@transaction.atomic
def framework_import(
    *, data: dict[str, Any], authority: Authority, actor: User | None = None
) -> Framework:
    """Load checked framework data (``framework_io.parse_framework``) as the current version."""
    if Framework.objects.filter(authority=authority, version=data["version"]).exists():
        raise FrameworkImportError(
            f"{authority.name} already has version {data['version']!r}: give the file a new "
            "'version'"
        )
    framework: Framework = framework_io.load_framework(data, authority=authority, models=_Models)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=framework,
        authority_id=authority.pk,
        changes={"imported": True, "version": framework.version},
    )
    return framework


class _Models:
    Framework = Framework
    Level = Level
    Domain = Domain
    Area = Area
    Indicator = Indicator
