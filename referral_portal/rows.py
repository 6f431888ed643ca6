"""Reading and writing whole model rows in few statements, for a hot path.

The ORM spends more time building a statement than the database spends running it (on our
2-core machines 0.5–1 ms of Python per query against ~0.1 ms in PostgreSQL). A path that must
be fast and makes many small reads and writes in one transaction (sending a Request for
Support) uses these instead: the SQL is derived from the models' own metadata (columns,
defaults, ``pre_save``, ``get_db_prep_save``), so no business rule and no column list is
written twice, and instances come back as ordinary model instances.

- :func:`select_columns` / :func:`from_row`: a statement's column list for a model under an
  alias, and the instance from that slice of a row (``Model.from_db``, as the ORM builds it).
- :func:`write`: one UPDATE of named fields of an instance and any number of INSERTs of new
  instances. On PostgreSQL in ONE statement (data-modifying ``WITH`` clauses, each run once
  and to completion); elsewhere (SQLite, the embedded first run) one ORM write each.

Inserted rows do not get their primary keys back; use it where nobody needs them.
"""

# ruff: noqa: S608  (only table and column names from the models' _meta go into the text;
# every value is a bound parameter)
from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import Model


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


@functools.cache
def _concrete(model: type[Model]) -> tuple[Any, ...]:
    return tuple(model._meta.concrete_fields)


def select_columns(model: type[Model], alias: str) -> str:
    """``alias."col", …`` for every concrete field of ``model``, in field order."""
    return ", ".join(f"{alias}.{_quote(f.column)}" for f in _concrete(model))


def width(model: type[Model]) -> int:
    """How many columns :func:`select_columns` gives."""
    return len(_concrete(model))


@functools.cache
def _converters(model: type[Model], vendor: str) -> tuple[tuple[int, tuple[Any, ...]], ...]:
    """Per column that needs it, the converters the ORM applies to a value read (the
    backend's, e.g. SQLite's for dates and booleans, then the field's), as the compiler finds
    them. The vendor is part of the key: a test run may switch databases."""
    table = model._meta.db_table
    found = []
    for index, field in enumerate(_concrete(model)):
        column = field.get_col(table)
        chain = tuple(
            connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        )
        if chain:
            found.append((index, chain))
    return tuple(found)


def from_row(model: type[Model], row: Sequence[Any], start: int = 0) -> Model:
    """The instance whose :func:`select_columns` begin at ``row[start]``, as the ORM builds it."""
    fields = _concrete(model)
    values = list(row[start : start + len(fields)])
    for index, chain in _converters(model, connection.vendor):
        for converter in chain:
            values[index] = converter(values[index], fields[index], connection)
    return model.from_db(connection.alias, _attnames(model), values)


@functools.cache
def _attnames(model: type[Model]) -> list[str]:
    return [f.attname for f in _concrete(model)]


def _is_auto_pk(obj: Model, field: Any) -> bool:
    return field.primary_key and getattr(field, "db_returning", False) and obj.pk is None


def _insert_fields(obj: Model) -> tuple[Any, ...]:
    return tuple(f for f in _concrete(type(obj)) if not f.generated and not _is_auto_pk(obj, f))


def write(
    *,
    update: tuple[Model, Sequence[str]],
    inserts: Sequence[Model] = (),
    inserts_unless_there: Sequence[Model] = (),
    then: Sequence[tuple[str, dict[str, Any]]] = (),
    one_statement: bool | None = None,
) -> None:
    """Save ``update``'s named fields, insert ``inserts``, then ``inserts_unless_there`` (a row
    that would break a unique constraint is skipped), then run ``then``; call in a transaction.

    ``then`` are statements with named parameters that read the updated row, all its columns,
    as ``{updated}`` (for instance ``FROM {updated} c``): on PostgreSQL the UPDATE's own
    ``RETURNING *`` (the statements of one ``WITH`` share a snapshot, so a table read would
    not see the change), elsewhere the row read back after the UPDATE. They must not read the
    rows inserted here.

    ``pre_save`` runs as in ``save()`` (``auto_now`` fields are set). No signals are sent:
    nothing in the project listens to these models' saves. ``one_statement`` is PostgreSQL's
    way unless told otherwise (a test compares the two ways).
    """
    obj, names = update
    if one_statement is None:
        one_statement = connection.vendor == "postgresql"
    if not one_statement:
        _write_one_by_one(obj, names, inserts, inserts_unless_there, then)
        return
    update_fields = tuple(obj._meta.get_field(name) for name in names)
    insert_fields = [_insert_fields(new) for new in (*inserts, *inserts_unless_there)]
    text = _statement(
        type(obj),
        update_fields,
        tuple((type(new), fields) for new, fields in zip(inserts, insert_fields, strict=False)),
        tuple(
            (type(new), fields)
            for new, fields in zip(inserts_unless_there, insert_fields[len(inserts) :], strict=True)
        ),
        tuple(sql for sql, _ in then),
    )
    values = [f.get_db_prep_save(f.pre_save(obj, False), connection) for f in update_fields]
    values.append(obj._meta.pk.get_db_prep_value(obj.pk, connection))
    for new, fields in zip((*inserts, *inserts_unless_there), insert_fields, strict=True):
        values.extend(f.get_db_prep_save(f.pre_save(new, True), connection) for f in fields)
    params: dict[str, Any] = {f"v{n}": value for n, value in enumerate(values)}
    for _, more in then:
        if params.keys() & more.keys():
            raise ValueError(f"parameter names used twice: {sorted(params.keys() & more.keys())}")
        params.update(more)
    with connection.cursor() as cursor:
        cursor.execute(text, params)  # nosec B608


@functools.cache
def _statement(
    model: type[Model],
    update_fields: tuple[Any, ...],
    inserts: tuple[tuple[type[Model], tuple[Any, ...]], ...],
    inserts_unless_there: tuple[tuple[type[Model], tuple[Any, ...]], ...],
    then: tuple[str, ...],
) -> str:
    """The one statement's text (PostgreSQL): built once per shape, values as ``%(vN)s``."""
    count = iter(range(1_000_000))

    def mark() -> str:
        return f"%(v{next(count)})s"

    sets = ", ".join(f"{_quote(f.column)} = {mark()}" for f in update_fields)
    table, pk = _quote(model._meta.db_table), _quote(model._meta.pk.column)
    parts = [f"updated AS (UPDATE {table} SET {sets} WHERE {pk} = {mark()} RETURNING *)"]
    for rows_, suffix in ((inserts, ""), (inserts_unless_there, " ON CONFLICT DO NOTHING")):
        for new_model, fields in rows_:
            columns = ", ".join(_quote(f.column) for f in fields)
            marks = ", ".join(mark() for _ in fields)
            parts.append(
                f"w{len(parts)} AS (INSERT INTO {_quote(new_model._meta.db_table)} ({columns})"
                f" VALUES ({marks}){suffix})"
            )
    parts += [
        f"w{len(parts) + n} AS ({sql.replace('{updated}', 'updated')})"
        for n, sql in enumerate(then)
    ]
    return f"WITH {', '.join(parts)} SELECT 1"


def _write_one_by_one(
    obj: Model,
    names: Sequence[str],
    inserts: Sequence[Model],
    inserts_unless_there: Sequence[Model],
    then: Sequence[tuple[str, dict[str, Any]]],
) -> None:
    """:func:`write` elsewhere than PostgreSQL (SQLite, the embedded first run): one ORM
    write each, then ``then`` on the row read back."""
    obj.save(update_fields=list(names))
    for new in inserts:
        new.save(force_insert=True)
    by_model: dict[type[Model], list[Model]] = {}
    for new in inserts_unless_there:
        by_model.setdefault(type(new), []).append(new)
    for model, objs in by_model.items():
        model._default_manager.bulk_create(objs, ignore_conflicts=True)
    table, pk = _quote(obj._meta.db_table), _quote(obj._meta.pk.column)
    updated = f"(SELECT * FROM {table} WHERE {pk} = %(updated_pk)s)"
    with connection.cursor() as cursor:
        for sql, values in then:
            cursor.execute(sql.replace("{updated}", updated), {**values, "updated_pk": obj.pk})
