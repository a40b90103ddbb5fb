"""Small ``SELECT``s of rows named by id lists, their SQL built once: what the derived
links (and the task worker's read of an event) run for every event.

Through the ORM, each of these statements cost more CPU to build (a ``Query``, its
filters, a compiler) than SQLite took to run it. In the webhook benchmark's "newer"
situation, the derived-link refresh of invoice events was a quarter of a delivery's
profiled CPU, nearly all of it spent compiling five or six small queries. Here a
statement's text is built once per database, model, columns, conditions and list
lengths (a bounded cache), and each fetched value goes through the converters the ORM
applies (the backend's, then the field's), so a row reads as ``values_list`` reads it.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Sequence
from typing import Any

from django.db import connections, models

from ..fields import column_of

#: Statement texts kept: a webhook's lists are short, so their lengths repeat; a
#: backfill's long lists (its chunks) would otherwise be kept forever.
TEXTS_KEPT = 256


def rows_in(
    model: Any,
    columns: Sequence[str],
    where: Sequence[tuple[str, Collection[Any]]],
    *,
    using: str,
    not_null: Sequence[str] = (),
    newest_first: bool = False,
) -> list[tuple[Any, ...]]:
    """``model``'s rows, as ``values_list(*columns)``, where any pair ``(column, values)``
    of ``where`` holds (``column IN values``; an empty list never holds) and every
    ``not_null`` column is set. ``newest_first``: ordered by ``created`` descending, as
    the Stripe models' default ordering (the order matters where a later row wins).

    Columns are field names or attnames of one table (``"invoice_id"``)."""
    shape = tuple((column, len(values)) for column, values in where if values)
    if not shape:
        return []
    connection = connections[using]
    sql = _text(
        using, connection.vendor, model, tuple(columns), shape, tuple(not_null), newest_first
    )
    params = [value for _, values in where if values for value in values]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    return converted(connection, model, tuple(columns), fetched)


def converted(
    connection: Any, model: Any, columns: tuple[str, ...], fetched: Sequence[Sequence[Any]]
) -> list[tuple[Any, ...]]:
    """``fetched`` rows of ``columns`` with each value converted as the ORM converts it."""
    conversions = _converters(connection.alias, model, columns)
    if not conversions:
        return [tuple(row) for row in fetched]
    result = []
    for row in fetched:
        values = list(row)
        for position, converters, column in conversions:
            value = values[position]
            for converter in converters:
                value = converter(value, column, connection)
            values[position] = value
        result.append(tuple(values))
    return result


def _field(model: Any, column: str) -> models.Field:
    field: models.Field = model._meta.get_field(column)  # a field's name or its attname
    return field


@functools.lru_cache(maxsize=TEXTS_KEPT)
def _text(
    using: str,
    vendor: str,
    model: Any,
    columns: tuple[str, ...],
    shape: tuple[tuple[str, int], ...],
    not_null: tuple[str, ...],
    newest_first: bool,
) -> str:
    q = connections[using].ops.quote_name

    def column_sql(name: str) -> str:
        return str(q(column_of(_field(model, name))))

    table = _table(model, (*columns, *(column for column, _ in shape), *not_null))
    selected = ", ".join(column_sql(column) for column in columns)
    any_of = " OR ".join(
        f"{column_sql(column)} IN ({', '.join(['%s'] * count)})" for column, count in shape
    )
    condition = f"({any_of})"
    for column in not_null:
        condition += f" AND {column_sql(column)} IS NOT NULL"
    order = f" ORDER BY {column_sql('created')} DESC" if newest_first else ""
    return f"SELECT {selected} FROM {q(table)} WHERE {condition}{order}"  # noqa: S608 - quoted identifiers


def _table(model: Any, columns: Sequence[str]) -> str:
    """The one table holding every column (a multi-table model's columns are refused)."""
    tables = {_field(model, column).model._meta.db_table for column in columns}
    if len(tables) != 1:
        raise ValueError(f"{model.__name__}: columns {list(columns)} span tables {tables}")
    return tables.pop()


_CONVERTERS: dict[tuple[str, Any, tuple[str, ...]], list[tuple[int, list[Any], Any]]] = {}


def _converters(
    alias: str, model: Any, columns: tuple[str, ...]
) -> list[tuple[int, list[Any], Any]]:
    """Per column that has any: its position, the backend's then the field's converters,
    and the column expression they are given (found once per database alias)."""
    key = (alias, model, columns)
    found = _CONVERTERS.get(key)
    if found is None:
        connection = connections[alias]
        found = []
        for position, name in enumerate(columns):
            field = _field(model, name)
            column = field.get_col(field.model._meta.db_table)
            converters = connection.ops.get_db_converters(column)
            converters += column.get_db_converters(connection)
            if converters:
                found.append((position, converters, column))
        _CONVERTERS[key] = found
    return found
