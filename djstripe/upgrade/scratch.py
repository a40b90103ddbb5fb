"""The old tables, set aside under scratch names while the new ones are built.

The new tables take the old names, index names and sequences; the old rows are read
from the scratch tables, which are dropped at the end (:func:`set_aside` says how each
backend moves them).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..fields import MYSQL_ID_COLLATION as ID_COLLATION
from . import introspect
from .introspect import ForeignKey

PREFIX = "djstripe__old_"


@dataclass
class OldTable:
    """One table of the dj-stripe database, as it was."""

    name: str
    columns: set[str]
    keys: dict[str, ForeignKey] = field(default_factory=dict)
    """Foreign keys by column."""
    rows: int = 0

    @property
    def scratch(self) -> str:
        return PREFIX + self.name[len("djstripe_") :]

    @property
    def pk(self) -> str:
        return "djstripe_id" if "djstripe_id" in self.columns else "id"


def read_tables(connection: Any, names: Iterable[str]) -> dict[str, OldTable]:
    tables = {}
    for name in sorted(names):
        table = OldTable(name, introspect.columns(connection, name))
        table.keys = {key.column: key for key in introspect.foreign_keys(connection, name)}
        table.rows = introspect.count(connection, name)
        tables[name] = table
    return tables


def set_aside(connection: Any, tables: Iterable[OldTable]) -> None:
    """Move each old table out of the way, to its scratch name, indexed on what the
    conversion looks up; its original name is then free."""
    tables = list(tables)
    if connection.vendor == "sqlite":
        _rename_aside(connection, tables)
    else:
        _copy_aside(connection, tables)
    index_scratch(connection, tables)


def index_scratch(connection: Any, tables: Iterable[OldTable]) -> None:
    """Index each scratch table on what the conversion looks up, where no key does."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in tables:
            covered = _leading_index_columns(connection, cursor, table.scratch)
            for column in ("id", "djstripe_id"):
                if column in table.columns and column not in covered:
                    cursor.execute(
                        f"CREATE INDEX {q(f'{table.scratch}_{column}')} "
                        f"ON {q(table.scratch)} ({q(column)})"
                    )


def _leading_index_columns(connection: Any, cursor: Any, table: str) -> set[str]:
    """Columns a key or index of ``table`` already leads with: on SQLite a renamed table
    keeps its primary key and its ``UNIQUE`` on ``id``, and a second index on either
    would only cost time (about 0.7 s on 41,000 rows)."""
    constraints = connection.introspection.get_constraints(cursor, table)
    return {
        found["columns"][0]
        for found in constraints.values()
        if found["columns"] and (found["primary_key"] or found["unique"] or found["index"])
    }


def _rename_aside(connection: Any, tables: list[OldTable]) -> None:
    """SQLite: a rename costs nothing, whatever the table's size. With the legacy rule,
    other tables' foreign keys keep naming the old name (the new table takes it); the
    old table's own indexes are dropped, as the new ones will want their names."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA legacy_alter_table")
        legacy = cursor.fetchone()[0]
        cursor.execute("PRAGMA legacy_alter_table = ON")
        try:
            for table in tables:
                cursor.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                    "AND sql IS NOT NULL",
                    [table.name],
                )
                for (index,) in cursor.fetchall():
                    cursor.execute(f"DROP INDEX {q(index)}")
                cursor.execute(f"ALTER TABLE {q(table.name)} RENAME TO {q(table.scratch)}")
        finally:
            cursor.execute(f"PRAGMA legacy_alter_table = {int(bool(legacy))}")


def _copy_aside(connection: Any, tables: list[OldTable]) -> None:
    """Elsewhere: a temporary copy (PostgreSQL writes no log for it and drops it with its
    files); the originals are dropped by :func:`drop_originals`."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {q(table.scratch)} AS "  # noqa: S608 - quoted names
                f"SELECT * FROM {q(table.name)}"
            )


def drop_originals(connection: Any, tables: Iterable[OldTable]) -> None:
    """Drop the old tables where they were copied aside (not where they were renamed)."""
    if connection.vendor == "sqlite":
        return
    q = connection.ops.quote_name
    names = [table.name for table in tables]
    with connection.cursor() as cursor:
        # No CASCADE: the outside keys were released; anything else that depends on
        # these tables (a view) stops the upgrade with the database's own message.
        cursor.execute(f"DROP TABLE {', '.join(q(n) for n in names)}")


def drop_scratch(connection: Any, tables: Iterable[OldTable]) -> None:
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DROP TABLE IF EXISTS {q(table.scratch)}")


def create_work_table(connection: Any, name: str, columns: str) -> None:
    """A table the conversion keeps its notes in (parent links, new keys...).

    Temporary where the conversion is one transaction. On MySQL/MariaDB an ordinary
    table, made afresh by each attempt (a crash loses temporary tables, and the
    resumed conversion still needs the keys it moved); its text in the Stripe ids'
    case-sensitive collation, as ids are compared with it."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor != "mysql":
            cursor.execute(f"CREATE TEMPORARY TABLE {q(name)} ({columns})")
            return
        cursor.execute(f"DROP TABLE IF EXISTS {q(name)}")
        cursor.execute(
            f"CREATE TABLE {q(name)} ({columns}) CHARACTER SET utf8mb4 COLLATE {ID_COLLATION}"
        )


def drop_work_table(connection: Any, name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(name)}")


def stream(
    connection: Any, sql: str, params: list[Any], size: int
) -> Iterator[tuple[tuple[str, ...], list[tuple]]]:
    """(column names, rows) of a query, ``size`` rows at a time, read as they are needed
    (a server-side cursor on PostgreSQL), so memory does not grow with the table."""
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        names = tuple(d[0] for d in cursor.description)
        while True:
            batch = cursor.fetchmany(size)
            if not batch:
                return
            yield names, batch
