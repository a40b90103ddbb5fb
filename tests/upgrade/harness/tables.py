"""Plain-SQL reads of the database, the same under dj-stripe 2.11 and after the swap.

Which tables and relations exist comes from the installed package's models (Django's app
registry); the values come from SQL, so both sides of the swap are read the same way.
"""

from __future__ import annotations

import functools
import json
import re
import uuid
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import Model

Row = list[Any]


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def existing_tables() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


# Each harness program reads a schema nothing changes while it runs: introspect once per table.
@functools.cache
def column_names(table: str) -> list[str]:
    with connection.cursor() as cursor:
        return [c.name for c in connection.introspection.get_table_description(cursor, table)]


def fetch(sql: str, params: list[Any] | None = None) -> list[Row]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return [list(row) for row in cursor.fetchall()]


@functools.cache
def primary_key_column(table: str) -> str | None:
    with connection.cursor() as cursor:
        return connection.introspection.get_primary_key_column(cursor, table)


def stripe_id_column(table: str, pk: str | None) -> str | None:
    """``id`` when the table has a Stripe id beside another primary key (``djstripe_id``)."""
    return "id" if pk != "id" and "id" in column_names(table) else None


def table_rows(table: str) -> dict[str, Any]:
    """Row count and every (primary key, Stripe id) pair of a table, sorted."""
    pk = primary_key_column(table)
    sid = stripe_id_column(table, pk)
    count = fetch(f"SELECT COUNT(*) FROM {quote(table)}")[0][0]
    rows: list[Row] = []
    if pk:
        selected = f"{quote(pk)}, {quote(sid)}" if sid else quote(pk)
        rows = [
            [_plain(v) for v in row]
            for row in fetch(f"SELECT {selected} FROM {quote(table)} ORDER BY 1")
        ]
    return {"count": count, "pk": pk, "stripe_id": sid, "rows": rows}


def _plain(value: Any) -> Any:
    """Ids as JSON-friendly values: UUIDs as 32 hex digits (as SQLite stores them), also
    where a driver returns MariaDB's ``uuid`` column as text (no Stripe id looks so)."""
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, str) and _UUID_TEXT.fullmatch(value):
        return uuid.UUID(value).hex
    return value if isinstance(value, int | str) or value is None else str(value)


_UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def row_key_sql(table: str, alias: str) -> str:
    """How a row of ``table`` is named in comparisons: its ``id`` (the Stripe id on Stripe
    models, the primary key elsewhere), else its primary key."""
    column = "id" if "id" in column_names(table) else primary_key_column(table) or "id"
    return f"{alias}.{quote(column)}"


def relation_pairs(table: str, column: str, target_table: str, target_column: str) -> dict:
    """(row key, target row key) for each row whose foreign key is set; dangling values apart."""
    child_key = row_key_sql(table, "c")
    parent_key = row_key_sql(target_table, "p")
    joined = fetch(
        f"SELECT {child_key}, {parent_key} FROM {quote(table)} c JOIN {quote(target_table)} p"
        f" ON c.{quote(column)} = p.{quote(target_column)} ORDER BY 1, 2"
    )
    dangling = fetch(
        f"SELECT {child_key}, c.{quote(column)} FROM {quote(table)} c"
        f" LEFT JOIN {quote(target_table)} p ON c.{quote(column)} = p.{quote(target_column)}"
        f" WHERE c.{quote(column)} IS NOT NULL AND p.{quote(target_column)} IS NULL"
    )
    return {
        "pairs": [[_plain(a), _plain(b)] for a, b in joined],
        "dangling": [[_plain(a), _plain(b)] for a, b in dangling],
    }


def model_relations(app_label: str) -> dict[str, dict[str, str]]:
    """Every concrete foreign key of an app's models: ``"table.column" -> target``."""
    found: dict[str, dict[str, str]] = {}
    for model in apps.get_app_config(app_label).get_models(include_auto_created=True):
        if is_through_model(model):
            continue
        for field in model._meta.concrete_fields:
            if not field.is_relation or not field.related_model:
                continue
            target = field.target_field
            found[f"{model._meta.db_table}.{field.column}"] = {
                "model": model.__name__,
                "field": field.name,
                "target_table": field.related_model._meta.db_table,
                "target_column": target.column,
            }
    return found


def is_through_model(model: type[Model]) -> bool:
    """A many-to-many link table (auto-created or named in a ``through=``)."""
    if model._meta.auto_created:
        return True
    for other in apps.get_models(include_auto_created=True):
        for m2m in other._meta.local_many_to_many:
            if m2m.remote_field.through is model:
                return True
    return False


def m2m_links(app_label: str) -> dict[str, dict[str, Any]]:
    """Every many-to-many field of an app: ``"Model.field" -> sorted (key, key) pairs``."""
    present = existing_tables()
    found: dict[str, dict[str, Any]] = {}
    for model in apps.get_app_config(app_label).get_models():
        for m2m in model._meta.local_many_to_many:
            through = m2m.remote_field.through._meta.db_table
            tables_needed = {through, model._meta.db_table, m2m.related_model._meta.db_table}
            if not tables_needed <= present:
                missing = ", ".join(sorted(tables_needed - present))
                found[f"{model.__name__}.{m2m.name}"] = {
                    "through_table": through,
                    "missing_tables": missing,
                }
                continue
            found[f"{model.__name__}.{m2m.name}"] = {
                "through_table": through,
                "pairs": _m2m_pairs(model, m2m, through),
            }
    return found


def _m2m_pairs(model: type[Model], m2m: Any, through: str) -> list[Row]:
    src_table, dst_table = model._meta.db_table, m2m.related_model._meta.db_table
    src_col = model._meta.get_field(m2m.m2m_target_field_name()).column
    dst_col = m2m.related_model._meta.get_field(m2m.m2m_reverse_target_field_name()).column
    rows = fetch(
        f"SELECT {row_key_sql(src_table, 's')}, {row_key_sql(dst_table, 'd')}"
        f" FROM {quote(through)} t"
        f" JOIN {quote(src_table)} s ON t.{quote(m2m.m2m_column_name())} = s.{quote(src_col)}"
        f" JOIN {quote(dst_table)} d ON t.{quote(m2m.m2m_reverse_name())} = d.{quote(dst_col)}"
        " ORDER BY 1, 2"
    )
    return [[_plain(a), _plain(b)] for a, b in rows]


def uuid_text(value: Any) -> str | None:
    """A UUID however the database returns it (SQLite: 32 hex digits), as 32 hex digits."""
    return None if value is None else uuid.UUID(str(value)).hex


def foreign_key_constraints(table: str) -> list[list[str]]:
    """The table's foreign-key constraints in the database: [column, target table, column]."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    found = []
    for info in constraints.values():
        if info.get("foreign_key"):
            target_table, target_column = info["foreign_key"]
            found.append([",".join(info["columns"]), target_table, target_column])
    return sorted(found)


def json_value(raw: Any) -> Any:
    """A JSON column's value as Python data (SQLite gives text, psycopg may give objects)."""
    if isinstance(raw, str | bytes | bytearray):
        return json.loads(raw)
    return raw
