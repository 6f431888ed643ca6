"""Which fields hold personal data, how each is removed after retention, and how it is exported.

Every app of the project declares its own models in ``<app>/personal_data.py`` (found at
start-up, as the admin finds ``admin.py``): for each model, which fields are personal (with a
rule: erased after retention, or kept and why), which are not, and how a row reaches the
record whose retention period it follows. Retention (:mod:`referral_portal.rights.services`)
and subject access (:mod:`referral_portal.rights.selectors`) ask this registry only; they
know no app's models. ``tests/rights/test_registry.py`` walks every model of every project app
and fails when a text, email, date or address field is declared neither way.

- :func:`record`: a kind of record with a retention period (a Request for Support, an
  information request): which rows are due, which are about a given child.
- :func:`declare`: a model's fields, and the path from a row to its record.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models

REMOVED = "Removed"


class About(enum.StrEnum):
    """Whom a value is about: the export is grouped by it, so redaction before release is
    deliberate (security review L9)."""

    CHILD = "about_the_child"
    THIRD_PARTY = "third_parties"
    REFERRER = "referrer"
    STAFF = "staff"


@dataclass(frozen=True)
class Personal:
    """A personal field's rule. ``erase`` is True (blanked: ``Removed`` for a required text,
    empty for an optional one, null for a nullable date, empty JSON), a function giving the
    erased value from the old one, or False (kept after retention, ``kept_because`` says why)."""

    about: About
    erase: bool | Callable[[Any], Any] = True
    kept_because: str = ""
    exported: bool = True


def erased(about: About = About.CHILD, *, exported: bool = True) -> Personal:
    return Personal(about=about, exported=exported)


def erased_with(function: Callable[[Any], Any], about: About = About.CHILD) -> Personal:
    return Personal(about=about, erase=function)


def kept(because: str, about: About = About.STAFF) -> Personal:
    return Personal(about=about, erase=False, kept_because=because)


@dataclass(frozen=True)
class Subject:
    """The child a subject-access request is about, as the manager typed them."""

    first_name: str
    last_name: str
    date_of_birth: dt.date


@dataclass(frozen=True)
class Record:
    """A kind of record with its own retention period (``rights.RecordType``): every other row
    that holds personal data hangs from one of these."""

    model: type[models.Model]
    record_type: str
    export_key: str
    # The records of one authority closed before the cutoff and not yet anonymised.
    due: Callable[[int, dt.datetime], models.QuerySet[Any]]
    # The records of one authority about the child.
    about: Callable[[int, Subject], models.QuerySet[Any]]


@dataclass(frozen=True)
class Declaration:
    model: type[models.Model]
    personal: Mapping[str, Personal]
    not_personal: frozenset[str]
    # The record the rows belong to, and the lookup from a row to it ("" for the record
    # itself). None: not part of a record (a user's account, the audit trail).
    record: type[models.Model] | None = None
    path: str = ""
    # Where the row's fields that are not personal go in an export.
    about: About = About.CHILD
    # "anonymise": personal fields erased; "delete": the rows go.
    on_retention: str = "anonymise"
    # Run on the rows before they are erased or deleted (files on disk).
    before_retention: Callable[[models.QuerySet[Any]], None] | None = None
    # For rows that may be about the subject or someone else (a contact's children): False
    # makes the whole row third-party in an export.
    is_subject: Callable[[Any, Subject], bool] | None = None
    not_exported: frozenset[str] = field(default_factory=frozenset)


_records: dict[type[models.Model], Record] = {}
_declarations: dict[type[models.Model], Declaration] = {}


class DeclarationError(Exception):
    pass


def record(
    model: type[models.Model],
    *,
    record_type: str,
    export_key: str,
    due: Callable[[int, dt.datetime], models.QuerySet[Any]],
    about: Callable[[int, Subject], models.QuerySet[Any]],
) -> None:
    _records[model] = Record(model, record_type, export_key, due, about)


def declare(
    model: type[models.Model],
    *,
    personal: Mapping[str, Personal] | None = None,
    not_personal: Iterable[str] = (),
    record: type[models.Model] | None = None,
    path: str = "",
    about: About = About.CHILD,
    on_retention: str = "anonymise",
    before_retention: Callable[[models.QuerySet[Any]], None] | None = None,
    is_subject: Callable[[Any, Subject], bool] | None = None,
    not_exported: Iterable[str] = (),
) -> None:
    """Declare ``model``'s fields. Every name must be a field of the model, declared once."""
    personal = dict(personal or {})
    not_personal = frozenset(not_personal)
    names = {f.name for f in model._meta.get_fields()}
    for name in [*personal, *not_personal, *not_exported]:
        if name not in names:
            raise DeclarationError(f"{model._meta.label}: no field {name!r}")
    if both := set(personal) & not_personal:
        raise DeclarationError(f"{model._meta.label}: {sorted(both)} declared both ways")
    if on_retention not in {"anonymise", "delete"}:
        raise DeclarationError(f"{model._meta.label}: on_retention {on_retention!r}")
    for name, rule in personal.items():
        if rule.erase is False and not rule.kept_because:
            raise DeclarationError(f"{model._meta.label}.{name}: kept, but not said why")
    _declarations[model] = Declaration(
        model=model,
        personal=personal,
        not_personal=not_personal,
        record=record,
        path=path,
        about=about,
        on_retention=on_retention,
        before_retention=before_retention,
        is_subject=is_subject,
        not_exported=frozenset(not_exported),
    )


def records() -> list[Record]:
    return list(_records.values())


def declarations() -> dict[type[models.Model], Declaration]:
    return dict(_declarations)


def _rows(declaration: Declaration, root: models.Model) -> models.QuerySet[Any]:
    manager = declaration.model._default_manager
    if not declaration.path:
        return manager.filter(pk=root.pk)
    return manager.filter(**{declaration.path: root})


def _belonging_to(root: models.Model) -> list[Declaration]:
    # The record itself last: its rows may be how the others find it.
    found = [d for d in _declarations.values() if d.record is type(root)]
    return sorted(found, key=lambda d: d.path == "")


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    found = model._meta.get_field(name)
    if not isinstance(found, models.Field):
        raise DeclarationError(f"{model._meta.label}.{name} is not a field of its own")
    return found


def blank(model_field: models.Field[Any, Any]) -> Any:
    """The erased value of a field."""
    if isinstance(model_field, models.JSONField):
        return model_field.get_default()
    if model_field.null:
        return None
    if isinstance(model_field, models.CharField | models.TextField):
        return "" if model_field.blank else REMOVED
    raise DeclarationError(f"{model_field} cannot be erased: make it nullable or blankable")


def anonymise(root: models.Model) -> None:
    """Remove the personal data of one record and of every row hanging from it (call inside
    a transaction, with the record locked)."""
    for declaration in _belonging_to(root):
        rows = _rows(declaration, root)
        if declaration.before_retention is not None:
            declaration.before_retention(rows)
        if declaration.on_retention == "delete":
            rows.delete()
            continue
        erase = {n: r for n, r in declaration.personal.items() if r.erase is not False}
        fixed = {
            name: blank(_field(declaration.model, name))
            for name, rule in erase.items()
            if rule.erase is True
        }
        if fixed:
            rows.update(**fixed)
        computed = {n: r.erase for n, r in erase.items() if callable(r.erase)}
        for row in rows if computed else ():
            for name, function in computed.items():
                setattr(row, name, function(getattr(row, name)))
            row.save(update_fields=list(computed))


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def export(root: models.Model, subject: Subject) -> dict[str, Any]:
    """One record and every row hanging from it, grouped by whom each value is about:
    ``{"about_the_child": {"app.model": [row, …]}, "third_parties": …}``. Every part of a
    row carries its ``id``."""
    out: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for declaration in sorted(_belonging_to(root), key=lambda d: d.path != ""):
        label = declaration.model._meta.label_lower
        for row in _rows(declaration, root).order_by("pk"):
            whole_row = None
            if declaration.is_subject is not None and not declaration.is_subject(row, subject):
                whole_row = About.THIRD_PARTY
            parts: dict[About, dict[str, Any]] = {}
            for model_field in declaration.model._meta.concrete_fields:
                name = model_field.name
                rule = declaration.personal.get(name)
                if name in declaration.not_exported or (rule and not rule.exported):
                    continue
                about = whole_row or (rule.about if rule else declaration.about)
                part = parts.setdefault(about, {"id": row.pk})
                part[name] = _plain(getattr(row, model_field.attname))
            for about, part in parts.items():
                out.setdefault(about.value, {}).setdefault(label, []).append(part)
    return {about.value: out.get(about.value, {}) for about in About}
