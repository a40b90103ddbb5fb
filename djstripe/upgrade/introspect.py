"""What the database holds: tables, their columns, and the foreign keys between them.

Read through Django's introspection API, so the same code serves every backend.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ForeignKey:
    """``table.column`` references ``ref_table.ref_column``."""

    table: str
    column: str
    ref_table: str
    ref_column: str
    name: str = ""
    """The constraint's name, where the backend names it (PostgreSQL)."""
    definition: str = ""
    """The constraint as SQL (``FOREIGN KEY (...) REFERENCES ...``), on PostgreSQL."""


def table_names(connection: Any) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def columns(connection: Any, table: str) -> set[str]:
    """The column names of ``table``.

    Asked directly (Django's ``get_table_description`` also parses every table's SQL on
    SQLite, 10 ms a table, for collations this does not need)."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA table_info({q(table)})")
            return {row[1] for row in cursor.fetchall()}
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = %s",
                [table],
            )
            return {row[0] for row in cursor.fetchall()}
        description = connection.introspection.get_table_description(cursor, table)
    return {info.name for info in description}


def foreign_keys(connection: Any, table: str) -> list[ForeignKey]:
    """The foreign keys declared on ``table``."""
    with connection.cursor() as cursor:
        relations = connection.introspection.get_relations(cursor, table)
    # (referenced column, referenced table[, on_delete since Django 6.0]) per column
    return [ForeignKey(table, column, found[1], found[0]) for column, found in relations.items()]


def foreign_keys_into(connection: Any, targets: set[str]) -> list[ForeignKey]:
    """Foreign keys of tables outside ``targets`` that reference one of ``targets``.

    On PostgreSQL the constraint's name and definition come with it, so it can be
    created again after its target table was rebuilt.
    """
    if connection.vendor == "postgresql":
        return _postgresql_keys_into(connection, targets)
    found: list[ForeignKey] = []
    for table in sorted(table_names(connection) - targets):
        found.extend(key for key in foreign_keys(connection, table) if key.ref_table in targets)
    return found


def _postgresql_keys_into(connection: Any, targets: set[str]) -> list[ForeignKey]:
    sql = """
        SELECT c.conname, src.relname, a.attname, dst.relname, b.attname,
               pg_get_constraintdef(c.oid)
        FROM pg_constraint c
        JOIN pg_class src ON src.oid = c.conrelid
        JOIN pg_class dst ON dst.oid = c.confrelid
        JOIN pg_namespace n ON n.oid = src.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        JOIN pg_attribute b ON b.attrelid = c.confrelid AND b.attnum = c.confkey[1]
        WHERE c.contype = 'f' AND n.nspname = current_schema()
          AND dst.relname = ANY(%s) AND NOT (src.relname = ANY(%s))
          AND array_length(c.conkey, 1) = 1
        ORDER BY src.relname, c.conname
    """
    names = sorted(targets)
    with connection.cursor() as cursor:
        cursor.execute(sql, [names, names])
        rows = cursor.fetchall()
    return [
        ForeignKey(table, column, ref_table, ref_column, name, definition)
        for name, table, column, ref_table, ref_column, definition in rows
    ]


def count(connection: Any, table: str) -> int:
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {q(table)}")  # noqa: S608 - quoted name
        return int(cursor.fetchone()[0])
