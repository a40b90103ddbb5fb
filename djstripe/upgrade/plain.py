"""Tables that hold no Stripe object (API keys, idempotency keys, the webhook delivery
log, many-to-many links): copied in the database, one ``INSERT ... SELECT`` each."""

from __future__ import annotations

from typing import Any

from django.db import models

from .columns import carried
from .scratch import OldTable


def copy_table(
    connection: Any,
    old: OldTable,
    model: Any,
    tables: dict[str, OldTable],
) -> int:
    """Copy ``old`` into ``model``'s table; columns the old table lacks get their default."""
    q = connection.ops.quote_name
    fields = list(model._meta.concrete_fields)
    items, joins = carried(connection, old, fields, tables)
    have = {item.field.column for item in items}
    expressions = [item.expression for item in items]
    names = [item.field.column for item in items]
    params: list[Any] = []
    for field in fields:
        if field.column in have or isinstance(field, models.AutoField):
            continue
        names.append(field.column)
        expressions.append("%s")
        params.append(field.get_db_prep_save(field.get_default(), connection))
    sql = (
        f"INSERT INTO {q(model._meta.db_table)} ({', '.join(q(n) for n in names)}) "  # noqa: S608
        f"SELECT {', '.join(expressions)} FROM {q(old.scratch)} s {' '.join(joins)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)
