"""Set columns of many rows to values of their own, a few statements per chunk of rows.

For links written after the rows themselves (references linked once their targets
exist, links derived from other rows): raw SQL, no ORM expression per row. On
PostgreSQL the rows are joined to a ``VALUES`` list; elsewhere an ``UPDATE ... CASE``.
"""

from __future__ import annotations

from typing import Any, cast

from django.db import connections, models

from ..fields import column_of
from .params import preparers
from .rows import chunked

#: Rows per ``UPDATE ... CASE``: the database compares each row with every branch.
CASE_CHUNK = 500


def update_column(
    model: Any,
    column: models.Field,
    values: dict[Any, Any],
    *,
    key: str = "id",
    only_if_null: bool = False,
    using: str,
) -> int:
    """Set ``column`` of the rows whose ``key`` column is a key of ``values`` to its value
    (``only_if_null``: only where the column is empty).

    One ``UPDATE ... SET col = CASE key WHEN ... END WHERE key IN (...)`` per chunk of
    rows, as raw SQL: no ORM expression per row. Measured on SQLite, 5,000 rows of
    ``Customer.email`` in chunks of 500: 53-88 ms of CPU here, 769-875 ms through
    ``update(email=Case(When(...), ...))``. Returns the number of rows updated.
    """
    if not values:
        return 0
    connection = connections[using]
    q = connection.ops.quote_name
    # A concrete column of a concrete model: neither is None (the stubs allow both).
    owner = cast("type[models.Model]", column.model)
    own = cast("type[models.Model]", owner._meta.concrete_model)._meta
    table = own.db_table
    key_field = own.pk if key == "pk" else cast(models.Field, own.get_field(key))
    if connection.vendor == "postgresql":
        return _update_joined(
            connection, table, key_field, {column: values}, only_if_null=only_if_null
        )
    key_column = column_of(key_field)
    name = column_of(column)
    prepare = preparers(connection, (column,))[0]
    updated = 0
    for chunk in chunked(list(values.items()), CASE_CHUNK):
        cases = " ".join(["WHEN %s THEN %s"] * len(chunk))
        marks = ", ".join(["%s"] * len(chunk))
        sql = (
            f"UPDATE {q(table)} SET {q(name)} = CASE {q(key_column)} {cases} "
            f"ELSE {q(name)} END WHERE {q(key_column)} IN ({marks})"
        )
        if only_if_null:
            sql += f" AND {q(name)} IS NULL"
        params = [p for row_key, value in chunk for p in (row_key, prepare(value))]
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *(row_key for row_key, _ in chunk)])
            updated += max(cursor.rowcount, 0)
    return updated


def update_columns(model: Any, columns: dict[models.Field, dict[Any, Any]], *, using: str) -> int:
    """:func:`update_column` for several columns of the same rows (by Stripe ``id``),
    each row written once on PostgreSQL, where an ``UPDATE`` rewrites the whole row and
    every index of it; elsewhere (only the changed columns' indexes are written) column
    by column. Returns the number of rows updated."""
    connection = connections[using]
    own = cast("type[models.Model]", model._meta.concrete_model)._meta
    tables = {cast("type[models.Model]", f.model)._meta.db_table for f in columns}
    if len(columns) == 1 or connection.vendor != "postgresql" or tables != {own.db_table}:
        return sum(update_column(model, f, values, using=using) for f, values in columns.items())
    key_field = cast(models.Field, own.get_field("id"))
    return _update_joined(connection, own.db_table, key_field, columns)


#: Rows per ``UPDATE ... FROM (VALUES ...)`` (PostgreSQL): a hash join, linear in rows.
VALUES_CHUNK = 2000


def _update_joined(
    connection: Any,
    table: str,
    key_field: models.Field,
    columns: dict[models.Field, dict[Any, Any]],
    *,
    only_if_null: bool = False,
) -> int:
    """:func:`update_column` and :func:`update_columns` on PostgreSQL: the rows joined
    to a ``VALUES`` list of (key, then per column: whether it is set, its value).

    A ``CASE`` of n branches is evaluated branch by branch for each row; the join is
    linear, and measured about half the time per row of a ``CASE`` of 500 (most of what
    is left is PostgreSQL rewriting each row and its indexes). Each value is cast to its
    column's type: a parameter's own type (text, or none for NULL) is not assigned to an
    integer or timestamp column. ``only_if_null`` takes one column."""
    q = connection.ops.quote_name
    fields = list(columns)
    prepares = preparers(connection, tuple(fields))
    single = len(fields) == 1
    cells, names, assignments = [f"CAST(%s AS {key_field.db_type(connection)})"], ["key"], []
    for index, field in enumerate(fields):
        name, value = q(column_of(field)), f"v.value{index}"
        if not single:  # a row may change some of the columns only
            cells.append("CAST(%s AS boolean)")
            names.append(f"set{index}")
            value = f"CASE WHEN v.set{index} THEN {value} ELSE u.{name} END"
        cells.append(f"CAST(%s AS {field.db_type(connection)})")
        names.append(f"value{index}")
        assignments.append(f"{name} = {value}")
    row = f"({', '.join(cells)})"
    keys = list(dict.fromkeys(key for values in columns.values() for key in values))
    updated = 0
    for chunk in chunked(keys, VALUES_CHUNK):
        params: list[Any] = []
        for key in chunk:
            params.append(key)
            for field, prepare in zip(fields, prepares, strict=True):
                present = key in columns[field]
                params += [present] if not single else []
                params.append(prepare(columns[field][key]) if present else None)
        sql = (
            f"UPDATE {q(table)} AS u SET {', '.join(assignments)} "
            f"FROM (VALUES {', '.join([row] * len(chunk))}) AS v({', '.join(names)}) "
            f"WHERE u.{q(column_of(key_field))} = v.key"
        )
        if only_if_null:
            sql += f" AND u.{q(column_of(fields[0]))} IS NULL"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            updated += max(cursor.rowcount, 0)
    return updated
