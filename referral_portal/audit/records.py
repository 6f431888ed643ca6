"""How the audit trail names records in words: each app says what its audited record types are
called and how to name one (a reference, a person's name), in its own ``audit_records.py``
(found at start-up, as ``personal_data.py`` is). The core imports no feature app."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps

Namer = Callable[[Sequence[str]], dict[str, str]]
Finder = Callable[[int, str], "list[str]"]


@dataclass(frozen=True)
class RecordKind:
    object_type: str
    label: str
    names: Namer | None = None
    find: Finder | None = None


_KINDS: dict[str, RecordKind] = {}


def register(
    object_type: str, *, label: str, names: Namer | None = None, find: Finder | None = None
) -> None:
    """``names(ids)`` gives each record's name (a reference, a person); ``find(authority_id,
    text)`` gives the ids of this kind whose name is ``text`` (for the trail's filter)."""
    _KINDS[object_type] = RecordKind(object_type, label, names, find)


def kinds() -> list[RecordKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.label)


def label_for(object_type: str) -> str:
    kind = _KINDS.get(object_type)
    if kind is not None:
        return kind.label
    try:  # a model's own name, for a type no app has described yet
        app_label, model_name = object_type.split(".", 1)
        return str(apps.get_model(app_label, model_name)._meta.verbose_name).capitalize()
    except (LookupError, ValueError):
        return "Record"


def find(*, authority_id: int, text: str) -> list[tuple[str, str]]:
    """Every (object_type, id) whose name is ``text``, for example a reference."""
    found = []
    for kind in _KINDS.values():
        if kind.find is not None:
            found += [(kind.object_type, pk) for pk in kind.find(authority_id, text)]
    return found


@dataclass(frozen=True)
class Described:
    event: Any
    who: str
    what: str
    record: str


def describe(events: Iterable[Any]) -> list[Described]:
    """Audit events in words: who (a name, "Not signed in" or the portal itself), what was
    done, and which record (its kind and name), naming each kind's records in one query."""
    events = list(events)
    ids: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if event.object_id:
            ids[event.object_type].add(event.object_id)
    names: dict[str, dict[str, str]] = {}
    for object_type, wanted in ids.items():
        kind = _KINDS.get(object_type)
        names[object_type] = kind.names(sorted(wanted)) if kind and kind.names else {}
    rows = []
    for event in events:
        label = label_for(event.object_type) if event.object_type else ""
        name = names.get(event.object_type, {}).get(event.object_id, "")
        if event.object_id and not name:
            name = f"(no longer held, number {event.object_id})"
        rows.append(
            Described(
                event=event,
                who=_who(event),
                what=event.get_action_display(),
                record=" ".join(part for part in (label, name) if part),
            )
        )
    return rows


def _who(event: Any) -> str:
    if event.actor is not None:
        name = str(event.actor.full_name)
        email = str(event.actor.email)
        return f"{name} ({email})" if name else email
    if event.actor_label and event.actor_label != "anonymous":
        return str(event.actor_label)
    # No person: a web request from someone not signed in, or the portal's own background work.
    return "Not signed in" if event.path else "The portal (automatic)"
