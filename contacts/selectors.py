"""Reading the directory. One cached snapshot per authority serves the panel, pages and API."""

from __future__ import annotations

import datetime as dt
import logging

# Our own snapshots in our own cache: see docs/security.md.
import pickle  # nosec B403
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache

from contacts import hours
from contacts.models import KIND_ORDER, Availability, Service, ServiceKind, Weekday
from referral_portal.accounts.models import Authority
from referral_portal.tasks import after_commit

log = logging.getLogger(__name__)

# Bump the version when Directory or ServiceEntry change shape: old pickles are then ignored.
CACHE_PREFIX = "contacts:directory:v1:"
# A safety net only: every change through the admin, services or model saves clears the key.
CACHE_SECONDS = 15 * 60
# Each process also keeps what it read for a moment: fetching and unpickling the directory
# from Redis costs more than answering (benchmark tests/bench/contacts_now.py). A change
# clears this copy at once in the process that made it; other processes see it within
# LOCAL_SECONDS.
LOCAL_SECONDS = 2.0
_local: dict[str, tuple[float, Directory]] = {}


def service_for(*, authority: Authority, kind: str) -> Service | None:
    """The authority's service of ``kind`` (a ServiceKind value), or None."""
    return Service.objects.filter(authority=authority, kind=kind).first()


@dataclass(frozen=True)
class ServiceEntry:
    """A service as the pages and API show it (picklable, so it can live in the cache)."""

    id: int
    kind: str
    name: str
    short_name: str
    phone: str
    email: str
    website: str
    notes: str
    availability: str
    source: str
    schedule: hours.Schedule

    @property
    def kind_label(self) -> str:
        return str(ServiceKind(self.kind).label)

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def phone_href(self) -> str:
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")

    @property
    def contact(self) -> hours.Contact:
        return hours.Contact(name=self.name, short_name=self.short_name, phone=self.phone)

    def weekly_rows(self) -> list[tuple[str, str]]:
        """("Monday", "08:45 to 17:15") for each weekday; "Closed" when none."""
        rows = []
        for day in Weekday:
            ranges = self.schedule.weekly.get(day.value, ())
            text = ", ".join(f"{a:%H:%M} to {b:%H:%M}" for a, b in ranges) or "Closed"
            rows.append((str(day.label), text))
        return rows

    def one_off_rows(self, today: dt.date) -> list[tuple[dt.date, str]]:
        rows = []
        for day, ranges in sorted(self.schedule.one_off.items()):
            if day >= today:
                text = ", ".join(f"{a:%H:%M} to {b:%H:%M}" for a, b in ranges) or "Closed"
                rows.append((day, text))
        return rows


@dataclass(frozen=True)
class Directory:
    authority_id: int
    slug: str
    name: str
    front_door_short_name: str
    services: tuple[ServiceEntry, ...]

    def of_kind(self, kind: str) -> ServiceEntry | None:
        return next((s for s in self.services if s.kind == kind), None)


_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,50}")


def is_slug(text: str) -> bool:
    """Could be an authority's slug: anything else is not looked up (nor used as a cache key)."""
    return bool(_SLUG.fullmatch(text))


def _key(slug: str) -> str:
    return CACHE_PREFIX + slug


def _load(authority: Authority) -> Directory:
    services = (
        Service.objects.filter(authority=authority)
        .prefetch_related("hours", "one_off_days")
        .order_by("kind", "name")
    )
    entries = []
    for service in services:
        weekly: dict[int, list[tuple[dt.time, dt.time]]] = {}
        for row in service.hours.all():
            weekly.setdefault(row.weekday, []).append((row.opens, row.closes))
        one_off: dict[dt.date, tuple[tuple[dt.time, dt.time], ...]] = {}
        for day in service.one_off_days.all():
            if day.closed or day.opens is None or day.closes is None:
                one_off[day.date] = ()
            else:
                one_off[day.date] = ((day.opens, day.closes),)
        entries.append(
            ServiceEntry(
                id=service.pk,
                kind=service.kind,
                name=service.name,
                short_name=service.short_name,
                phone=service.phone,
                email=service.email,
                website=service.website,
                notes=service.notes,
                availability=service.availability,
                source=service.source,
                schedule=hours.Schedule(
                    weekly={k: tuple(sorted(v)) for k, v in weekly.items()}, one_off=one_off
                ),
            )
        )
    entries.sort(key=lambda e: (KIND_ORDER.index(e.kind), e.name))
    return Directory(
        authority_id=authority.pk,
        slug=authority.slug,
        name=authority.name,
        front_door_short_name=authority.front_door_short_name,
        services=tuple(entries),
    )


def _remembered(slug: str) -> Directory | None:
    hit = _local.get(slug)
    if hit is not None and time.monotonic() - hit[0] < LOCAL_SECONDS:
        return hit[1]
    return None


def _remember(slug: str, directory: Directory) -> Directory:
    _local[slug] = (time.monotonic(), directory)
    return directory


def _cached(slug: str) -> Directory | None:
    """The shared copy, if there is a readable one (a pickle from an older release is not)."""
    try:
        directory = cache.get(_key(slug))
    except (pickle.UnpicklingError, AttributeError, ImportError, TypeError, EOFError):
        log.warning("contacts: unreadable cached directory ignored")
        return None
    return directory if isinstance(directory, Directory) else None


def directory_for(authority: Authority) -> Directory:
    """The authority's directory: from the cache (no query) or loaded and cached (3 queries)."""
    remembered = _remembered(authority.slug)
    if remembered is not None:
        # Not stamped again: under steady traffic a copy re-stamped on every hit would never
        # run out, and a change made in another process would never be seen here.
        return remembered
    directory = _cached(authority.slug)
    if directory is None:
        directory = _load(authority)
        cache.set(_key(authority.slug), directory, CACHE_SECONDS)
    return _remember(authority.slug, directory)


def directory_for_slug(slug: str) -> Directory | None:
    """As directory_for, by slug: the API answers from the cache without touching the database."""
    if not is_slug(slug):
        return None
    remembered = _remembered(slug)
    if remembered is not None:
        return remembered  # not stamped again (see directory_for)
    directory = _cached(slug)
    if directory is None:
        authority = Authority.objects.filter(slug=slug).first()
        if authority is None:
            return None
        return directory_for(authority)
    return _remember(slug, directory)


def forget_directories(slugs: Iterable[str]) -> None:
    """Clear cached directories now and again after commit (a reader between the two may
    have cached what it read before the change was committed)."""
    slugs = list(slugs)
    if not slugs:
        return
    keys = [_key(slug) for slug in slugs]

    def forget() -> None:
        for slug in slugs:
            _local.pop(slug, None)
        cache.delete_many(keys)

    forget()
    after_commit(forget, what="forgetting cached directories")


def service_status(entry: ServiceEntry, directory: Directory, at: dt.datetime) -> str:
    """ "Open now", "Closed now", "Always open"… for one service at a moment."""
    if entry.availability == Availability.ALWAYS:
        return "Open 24 hours"
    if entry.availability == Availability.NOT_STATED:
        return "Hours not published"
    if entry.availability == Availability.WHEN_FRONT_DOOR_CLOSED:
        front = directory.of_kind(ServiceKind.FRONT_DOOR)
        if front is None:
            return "Hours not published"
        return "Closed now" if hours.is_open(at, front.schedule) else "Open now"
    return "Open now" if hours.is_open(at, entry.schedule) else "Closed now"


def search_services(directory: Directory, query: str) -> list[ServiceEntry]:
    """Services whose name, short name, kind or notes contain every word of ``query`` (the
    notes hold what people search for: "allegation", "AMHP", "child protection")."""
    words = query.lower().split()
    if not words:
        return list(directory.services)
    found = []
    for entry in directory.services:
        haystack = " ".join(
            [
                entry.name,
                entry.short_name,
                entry.kind_label,
                entry.kind.replace("_", " "),
                entry.notes,
            ]
        ).lower()
        if all(word in haystack for word in words):
            found.append(entry)
    return found
