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
    key_column = column_of(own.pk if key == "pk" else cast(models.Field, own.get_field(key)))
    name = column_of(column)
    prepare = preparers(connection, (column,))[0]
    if connection.vendor == "postgresql":
        key_field = own.pk if key == "pk" else cast(models.Field, own.get_field(key))
        return _update_from_values(
            connection, table, key_field, column, values, prepare, only_if_null=only_if_null
        )
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
    fields = list(columns)
    prepares = preparers(connection, tuple(fields))
    keys = list(dict.fromkeys(key for values in columns.values() for key in values))
    q = connection.ops.quote_name
    key_field = cast(models.Field, own.get_field("id"))
    cells = [f"CAST(%s AS {key_field.db_type(connection)})"]
    names = ["key"]
    assignments = []
    for index, field in enumerate(fields):
        cells += ["CAST(%s AS boolean)", f"CAST(%s AS {field.db_type(connection)})"]
        names += [f"set{index}", f"value{index}"]
        name = q(column_of(field))
        assignments.append(f"{name} = CASE WHEN v.set{index} THEN v.value{index} ELSE u.{name} END")
    updated = 0
    for chunk in chunked(keys, VALUES_CHUNK):
        params: list[Any] = []
        for key in chunk:
            params.append(key)
            for field, prepare in zip(fields, prepares, strict=True):
                present = key in columns[field]
                params += [present, prepare(columns[field][key]) if present else None]
        row = f"({', '.join(cells)})"
        sql = (
            f"UPDATE {q(own.db_table)} AS u SET {', '.join(assignments)} "
            f"FROM (VALUES {', '.join([row] * len(chunk))}) AS v({', '.join(names)}) "
            f"WHERE u.{q(column_of(key_field))} = v.key"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            updated += max(cursor.rowcount, 0)
    return updated


#: Rows per ``UPDATE ... FROM (VALUES ...)`` (PostgreSQL): a hash join, linear in rows.
VALUES_CHUNK = 2000


def _update_from_values(
    connection: Any,
    table: str,
    key_field: models.Field,
    column: models.Field,
    values: dict[Any, Any],
    prepare: Any,
    *,
    only_if_null: bool,
) -> int:
    """:func:`update_column` on PostgreSQL: the rows joined to a ``VALUES`` list.

    PostgreSQL evaluates a ``CASE`` branch by branch for every row it updates, so a
    chunk of n rows costs n * n / 2 comparisons: 100-190 ms per chunk of 500 invoices,
    4 s of a 2,000-customer backfill's end. Joined, the same rows take a few
    milliseconds. Each value is cast to its column's type: a parameter's own type
    (text, or none for NULL) is not assigned to an integer or timestamp column."""
    q = connection.ops.quote_name
    key_type = key_field.db_type(connection)
    value_type = column.db_type(connection)
    name, key_column = q(column_of(column)), q(column_of(key_field))
    updated = 0
    for chunk in chunked(list(values.items()), VALUES_CHUNK):
        row = f"(CAST(%s AS {key_type}), CAST(%s AS {value_type}))"
        sql = (
            f"UPDATE {q(table)} AS u SET {name} = v.value "
            f"FROM (VALUES {', '.join([row] * len(chunk))}) AS v(key, value) "
            f"WHERE u.{key_column} = v.key"
        )
        if only_if_null:
            sql += f" AND u.{name} IS NULL"
        params = [p for row_key, value in chunk for p in (row_key, prepare(value))]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            updated += max(cursor.rowcount, 0)
    return updated
