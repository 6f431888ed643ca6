"""Reading and writing whole model rows in few statements, for a hot path.

The ORM spends more time building a statement than the database spends running it (on our
2-core machines 0.5–1 ms of Python per query against ~0.1 ms in PostgreSQL). A path that must
be fast and makes many small reads and writes in one transaction (sending a Request for
Support) uses these instead: the SQL is derived from the models' own metadata (columns,
defaults, ``pre_save``, ``get_db_prep_save``), so no business rule and no column list is
written twice, and instances come back as ordinary model instances.

- :func:`select_columns` / :func:`from_row`: a statement's column list for a model under an
  alias, and the instance from that slice of a row (``Model.from_db``, as the ORM builds it).
- :func:`write`: one UPDATE of named fields of an instance, INSERTs of new instances, a batch
  of new rows of one model, and statements reading the updated row. On PostgreSQL in ONE
  statement (data-modifying ``WITH`` clauses, each run once and to completion); elsewhere
  (SQLite, the embedded first run) one ORM write each.
- :func:`execute`: ``cursor.execute`` that on PostgreSQL prepares the statement once per
  database connection (``PREPARE``, then ``EXECUTE``): the plan is made once, not on every
  call. A wide join is planned in ~1 ms, longer than it runs. Off with
  ``DATABASE_PREPARED_STATEMENTS=0`` (behind a connection pooler in transaction mode, which
  does not keep a session's prepared statements).

Inserted rows do not get their primary keys back; use it where nobody needs them.
"""

# ruff: noqa: S608  (only table and column names from the models' _meta go into the text;
# every value is a bound parameter)
from __future__ import annotations

import functools
import hashlib
import re
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection
from django.db.models import Field, Model

M = TypeVar("M", bound=Model)


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


# The statements prepared on each database connection (psycopg2's, gone with it).
_prepared: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()


def execute(cursor: Any, sql: str, params: Sequence[Any]) -> None:
    """``cursor.execute(sql, params)`` (``%s`` placeholders), through a prepared statement on
    PostgreSQL. Preparing is not undone by a rollback; a new connection prepares again."""
    if connection.vendor != "postgresql" or not settings.DATABASE_PREPARED_STATEMENTS:
        cursor.execute(sql, params)
        return
    name, text = _prepared_text(sql)
    connection.ensure_connection()
    done = _prepared.setdefault(connection.connection, set())
    if name not in done:
        cursor.execute(f"PREPARE {name} AS {text}")  # no parameters: no % formatting
        done.add(name)
    cursor.execute(f"EXECUTE {name} ({', '.join(['%s'] * len(params))})", params)


@functools.cache
def _prepared_text(sql: str) -> tuple[str, str]:
    """A name for ``sql`` (from its text) and the text with ``$1, $2, …`` for ``%s``."""
    count = iter(range(1, 1_000_000))
    text = re.sub(r"%s", lambda _: f"${next(count)}", sql)
    return "rows_" + hashlib.sha256(sql.encode()).hexdigest()[:24], text


def positional(sql: str, params: dict[str, Any]) -> tuple[str, list[Any]]:
    """``sql`` with ``%(name)s`` placeholders made ``%s``, and the values in their order."""
    names = re.findall(r"%\((\w+)\)s", sql)
    return re.sub(r"%\(\w+\)s", "%s", sql), [params[name] for name in names]


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


def from_row(model: type[M], row: Sequence[Any], start: int = 0) -> M:
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


def _concrete_field(obj: Model, name: str) -> Field[Any, Any]:
    found = obj._meta.get_field(name)
    assert isinstance(found, Field), name  # a concrete field, not a relation's other side
    return found


def _is_auto_pk(obj: Model, field: Any) -> bool:
    return field.primary_key and getattr(field, "db_returning", False) and obj.pk is None


def _insert_fields(obj: Model) -> tuple[Any, ...]:
    return tuple(f for f in _concrete(type(obj)) if not f.generated and not _is_auto_pk(obj, f))


@dataclass(frozen=True)
class Statement:
    """SQL with ``%(name)s`` parameters, and their values."""

    sql: str
    params: dict[str, Any]


# A statement of another app that reads the row :func:`write` updated, given the name of the
# row set that holds it (see ``then``).
ReadsUpdated = Callable[[str], Statement]


def write(
    *,
    update: tuple[Model, Sequence[str]],
    inserts: Sequence[Model] = (),
    many: tuple[type[Model], Sequence[Model]] | None = None,
    then: Sequence[ReadsUpdated] = (),
    one_statement: bool | None = None,
) -> None:
    """Save ``update``'s named fields, insert ``inserts``, then ``many`` (new rows of one
    model, any number, none included; a row that would break a unique constraint is skipped),
    then run ``then``; call inside a transaction.

    ``then`` are functions of the apps that own an effect of the change (the dashboard's figure
    row): each is given the name of a row set holding the updated row, all its columns, and
    returns its :class:`Statement` reading it (for instance ``FROM <name> c``). On PostgreSQL
    the set is the UPDATE's own ``RETURNING *`` (the statements of one ``WITH`` share a
    snapshot, so a table read would not see the change), elsewhere the row read back after
    the UPDATE. They must not read the rows inserted here. On PostgreSQL ``many`` goes in as arrays (``unnest``), so the
    statement's text, and its prepared plan, is the same whatever their number.

    ``pre_save`` runs as in ``save()`` (``auto_now`` fields are set). No signals are sent:
    nothing in the project listens to these models' saves. ``one_statement`` is PostgreSQL's
    way unless told otherwise (a test compares the two ways).
    """
    obj, names = update
    many_model, many_rows = many if many is not None else (None, ())
    if one_statement is None:
        one_statement = connection.vendor == "postgresql"
    if not one_statement:
        _write_one_by_one(obj, names, inserts, many_rows, then)
        return
    update_fields = tuple(_concrete_field(obj, name) for name in names)
    insert_fields = [_insert_fields(new) for new in inserts]
    many_fields = _many_fields(many_model) if many_model is not None else ()
    then_sql = tuple(positional(s.sql, s.params) for s in (follow("updated") for follow in then))
    text = _statement(
        type(obj),
        update_fields,
        tuple((type(new), fields) for new, fields in zip(inserts, insert_fields, strict=True)),
        many_model,
        tuple(sql for sql, _ in then_sql),
    )
    values = [f.get_db_prep_save(f.pre_save(obj, False), connection) for f in update_fields]
    values.append(obj._meta.pk.get_db_prep_value(obj.pk, connection))
    for new, fields in zip(inserts, insert_fields, strict=True):
        values.extend(f.get_db_prep_save(f.pre_save(new, True), connection) for f in fields)
    for field in many_fields:
        values.append(
            [field.get_db_prep_save(field.pre_save(r, True), connection) for r in many_rows]
        )
    for _, more in then_sql:
        values.extend(more)
    with connection.cursor() as cursor:
        execute(cursor, text, values)


@functools.cache
def _many_fields(model: type[Model]) -> tuple[Any, ...]:
    """The columns a new row of ``model`` is inserted with: all but a generated primary key."""
    return tuple(
        f for f in _concrete(model) if not f.generated and not getattr(f, "db_returning", False)
    )


@functools.cache
def _statement(
    model: type[Model],
    update_fields: tuple[Any, ...],
    inserts: tuple[tuple[type[Model], tuple[Any, ...]], ...],
    many_model: type[Model] | None,
    then: tuple[str, ...],
) -> str:
    """The one statement's text (PostgreSQL), built once per shape: values as ``%s``, in the
    order of the update's fields, its primary key, each insert's fields, ``many``'s columns
    (an array each), then ``then``'s."""
    sets = ", ".join(f"{_quote(f.column)} = %s" for f in update_fields)
    table, pk = _quote(model._meta.db_table), _quote(model._meta.pk.column)
    parts = [f"updated AS (UPDATE {table} SET {sets} WHERE {pk} = %s RETURNING *)"]  # nosec B608
    for new_model, fields in inserts:
        columns = ", ".join(_quote(f.column) for f in fields)
        marks = ", ".join("%s" for _ in fields)
        parts.append(
            f"w{len(parts)} AS (INSERT INTO {_quote(new_model._meta.db_table)} ({columns})"  # nosec B608
            f" VALUES ({marks}))"
        )
    if many_model is not None:
        fields = _many_fields(many_model)
        columns = ", ".join(_quote(f.column) for f in fields)
        arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in fields)
        parts.append(
            f"w{len(parts)} AS (INSERT INTO {_quote(many_model._meta.db_table)} ({columns})"  # nosec B608
            f" SELECT * FROM unnest({arrays}) ON CONFLICT DO NOTHING)"
        )
    parts += [f"w{len(parts) + n} AS ({sql})" for n, sql in enumerate(then)]
    return f"WITH {', '.join(parts)} SELECT 1"


def _write_one_by_one(
    obj: Model,
    names: Sequence[str],
    inserts: Sequence[Model],
    many: Sequence[Model],
    then: Sequence[ReadsUpdated],
) -> None:
    """:func:`write` elsewhere than PostgreSQL (SQLite, the embedded first run): one ORM
    write each, then ``then`` on the row read back."""
    obj.save(update_fields=list(names))
    for new in inserts:
        new.save(force_insert=True)
    if many:
        type(many[0])._default_manager.bulk_create(many, ignore_conflicts=True)
    table, pk = _quote(obj._meta.db_table), _quote(obj._meta.pk.column)
    updated = f"(SELECT * FROM {table} WHERE {pk} = %(updated_pk)s)"  # nosec B608
    with connection.cursor() as cursor:
        for follow in then:
            statement = follow(updated)
            cursor.execute(statement.sql, {**statement.params, "updated_pk": obj.pk})
