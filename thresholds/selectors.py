"""Reads of the levels-of-need framework and of assessments."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import QuerySet

from contacts.models import ServiceKind
from contacts.selectors import service_for
from referral_portal.accounts.models import Authority, User
from thresholds.models import Assessment, Framework, Indicator, Level


def framework_for(*, authority: Authority) -> Framework | None:
    """The authority's current framework, or None when it has none (Birmingham, for one)."""
    return Framework.objects.filter(authority=authority, is_current=True).first()


def indicators_for(*, framework: Framework, q: str = "") -> QuerySet[Indicator]:
    """The framework's indicators in table order; ``q`` narrows them, ignoring case."""
    indicators = Indicator.objects.filter(area__domain__framework=framework).select_related(
        "area__domain"
    )
    q = q.strip()
    if q:
        indicators = indicators.filter(text__icontains=q)
    return indicators.order_by("level", "area__domain__position", "area__position", "position")


@dataclass
class AreaBlock:
    name: str
    indicators: list[Indicator] = field(default_factory=list)
    visible: bool = True


@dataclass
class DomainBlock:
    name: str
    areas: list[AreaBlock] = field(default_factory=list)

    @property
    def visible(self) -> bool:
        return any(area.visible for area in self.areas)


@dataclass
class LevelBlock:
    level: Level
    domains: list[DomainBlock] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(area.indicators) for domain in self.domains for area in domain.areas)


def framework_tables(*, framework: Framework, q: str = "") -> list[LevelBlock]:
    """Appendix 1 as it is printed: level → domain → area → indicators (empty parts left out)."""
    blocks = {level.number: LevelBlock(level) for level in framework.levels.all()}
    for indicator in indicators_for(framework=framework, q=q):
        block = blocks.get(indicator.level)
        if block is None:
            continue
        domain_name = indicator.area.domain.name
        if not block.domains or block.domains[-1].name != domain_name:
            block.domains.append(DomainBlock(domain_name))
        domain = block.domains[-1]
        if not domain.areas or domain.areas[-1].name != indicator.area.name:
            domain.areas.append(AreaBlock(indicator.area.name))
        domain.areas[-1].indicators.append(indicator)
    return [blocks[n] for n in sorted(blocks)]


def level_of(*, framework: Framework, number: int) -> Level | None:
    return framework.levels.filter(number=number).first()


def assessment_for_user(*, user: User | AnonymousUser, pk: int | str | None) -> Assessment | None:
    """The user's own assessment by id, or None if it is not theirs (Request for Support
    hand-off: ``requests:start?assessment=<pk>``)."""
    if not user.is_authenticated or pk is None:
        return None
    try:
        number = int(pk)
    except ValueError:
        return None
    return (
        Assessment.objects.filter(pk=number, user_id=user.pk)
        .select_related("framework__authority")
        .prefetch_related("indicators__area__domain")
        .first()
    )


def assessments_saved(*, user: User) -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(user_id=user.pk, saved=True)
        .select_related("framework__authority")
        .order_by("-created_at")
    )


def assessment_indicators(*, assessment: Assessment) -> list[Indicator]:
    return list(
        assessment.indicators.select_related("area__domain").order_by(
            "-level", "area__domain__position", "area__position", "position"
        )
    )


@dataclass(frozen=True)
class FrontDoor:
    name: str
    phone: str = ""
    phone_href: str = ""


def front_door_for(*, authority: Authority) -> FrontDoor:
    """The front door's name and number from the contacts directory, when it has them."""
    service = service_for(authority=authority, kind=ServiceKind.FRONT_DOOR)
    if service is not None and service.phone:
        return FrontDoor(
            name=service.name or authority.front_door_name,
            phone=service.phone,
            phone_href=service.phone_href,
        )
    return FrontDoor(name=authority.front_door_name)


def framework_areas(*, framework: Framework, shown: set[int] | None = None) -> list[DomainBlock]:
    """The tool's layout: domain → area → that area's indicators from level 1 to level 4.
    With ``shown`` (a search's matches), areas with no match are marked not visible."""
    domains: dict[int, DomainBlock] = {}
    areas: dict[int, AreaBlock] = {}
    for domain in framework.domains.prefetch_related("areas"):
        block = domains[domain.pk] = DomainBlock(domain.name)
        for area in domain.areas.all():
            areas[area.pk] = AreaBlock(area.name)
            block.areas.append(areas[area.pk])
    for indicator in indicators_for(framework=framework).order_by("level", "position", "id"):
        areas[indicator.area_id].indicators.append(indicator)
    for block in domains.values():
        block.areas = [area for area in block.areas if area.indicators]
        if shown is not None:
            for area_block in block.areas:
                area_block.visible = any(i.pk in shown for i in area_block.indicators)
    return list(domains.values())


def indicator_rows(*, framework: Framework, q: str = "") -> list[dict[str, Any]]:
    """The API's rows for a framework, cached by framework id: a version never changes once
    made (an edit makes a new version with a new id), so the cache never needs clearing."""
    key = f"thresholds:indicator-rows:{framework.pk}:{framework.created_at.timestamp()}"
    rows: list[dict[str, Any]] | None = cache.get(key)
    if rows is None:
        rows = [
            {
                "id": i.pk,
                "text": i.text,
                "level": i.level,
                "domain": i.area.domain.name,
                "area": i.area.name,
            }
            for i in indicators_for(framework=framework)
        ]
        cache.set(key, rows, timeout=24 * 3600)
    words = q.strip().casefold()
    return [row for row in rows if words in row["text"].casefold()] if words else rows
