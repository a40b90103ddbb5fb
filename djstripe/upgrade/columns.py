"""Columns carried over from an old row as they are (only foreign keys are translated).

A foreign key of a dj-stripe table may hold the target's ``djstripe_id`` where this
project's holds its Stripe id (``DJSTRIPE_FOREIGN_KEY_TO_FIELD = "djstripe_id"``, and
a few of dj-stripe's own one-to-one links whatever the setting). The old table's
declared foreign key says which column it referenced; where that differs from the
new column's target, the value is read through a join on the old target table.
"""

from __future__ import annotations

import datetime
import decimal
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.dateparse import parse_date, parse_datetime

from ..fields import stored_field
from .scratch import OldTable


@dataclass(frozen=True)
class Carried:
    """A new column filled from the old row: ``expression`` selects it (alias ``s``)."""

    field: models.Field
    expression: str
    alias: str


def carried(
    connection: Any,
    old: OldTable,
    fields: Iterable[models.Field],
    tables: dict[str, OldTable],
) -> tuple[list[Carried], list[str]]:
    """The select expressions and joins that read ``fields`` from the old row."""
    q = connection.ops.quote_name
    found: list[Carried] = []
    joins: list[str] = []
    for field in fields:
        if field.column not in old.columns:
            continue
        alias = f"c{len(found)}"
        expression = f"s.{q(field.column)}"
        key = old.keys.get(field.column)
        if field.is_relation and key is not None:
            new_target = stored_field(field).column
            ref = tables.get(key.ref_table)
            if key.ref_column != new_target:
                if ref is None or new_target not in ref.columns:
                    expression = "NULL"
                else:
                    join = f"j{len(joins)}"
                    joins.append(
                        f"LEFT JOIN {q(ref.scratch)} {join} "
                        f"ON {join}.{q(key.ref_column)} = s.{q(field.column)}"
                    )
                    expression = f"{join}.{q(new_target)}"
        found.append(Carried(field, expression, alias))
    return found, joins


def select_sql(
    connection: Any,
    old: OldTable,
    leading: list[str],
    items: list[Carried],
    joins: list[str],
) -> str:
    """``SELECT`` of the ``leading`` expressions, then the carried columns, in row order."""
    q = connection.ops.quote_name
    listed = [*leading, *(f"{c.expression} AS {q(c.alias)}" for c in items)]
    return (
        f"SELECT {', '.join(listed)} FROM {q(old.scratch)} s {' '.join(joins)} "  # noqa: S608
        f"ORDER BY s.{q(old.pk)}"
    )


def python_value(connection: Any, field: models.Field) -> Callable[[Any], Any]:
    """How a raw value read from the old table becomes what the field holds in Python.

    PostgreSQL's driver returns typed values (JSON as text: Django asks it to). SQLite
    returns text and integers, or, for columns declared ``datetime``/``bool``, what
    Django's registered converters make of them (naive datetimes, booleans).
    """
    target = stored_field(field)
    if isinstance(target, models.JSONField):
        return lambda value: json.loads(value) if isinstance(value, str | bytes) else value
    if connection.vendor != "sqlite":
        return _same
    if isinstance(target, models.DateTimeField):
        zone = connection.timezone

        def moment(value: Any) -> Any:
            if isinstance(value, str):
                value = parse_datetime(value)
            if isinstance(value, datetime.datetime) and value.tzinfo is None and zone:
                value = value.replace(tzinfo=zone)
            return value

        return moment
    if isinstance(target, models.DateField):
        return lambda value: parse_date(value) if isinstance(value, str) else value
    if isinstance(target, models.BooleanField):
        return lambda value: None if value is None else bool(value)
    if isinstance(target, models.UUIDField):
        return lambda value: uuid.UUID(str(value)) if value not in (None, "") else None
    if isinstance(target, models.DecimalField):
        return lambda value: None if value is None else decimal.Decimal(str(value))
    return _same


def _same(value: Any) -> Any:
    return value


def epoch(value: Any) -> int:
    """Epoch seconds of a stored datetime (``djstripe_updated``), 0 when unknown."""
    if isinstance(value, datetime.datetime):
        return int(value.timestamp())
    return 0
