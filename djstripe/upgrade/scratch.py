"""The old tables, set aside as temporary tables while the new ones are built.

``CREATE TEMPORARY TABLE ... AS SELECT *`` copies rows only (no index, constraint or
trigger), so the new tables can take the old names, index names and sequences, and
foreign keys of other tables are not dragged along (as a rename would do). The
copies live in the session's temporary space and are dropped at the end.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

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
    """Copy each table to its scratch table, indexed on what the conversion looks up."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {q(table.scratch)} AS "  # noqa: S608 - quoted names
                f"SELECT * FROM {q(table.name)}"
            )
            for column in ("id", "djstripe_id"):
                if column in table.columns:
                    cursor.execute(
                        f"CREATE INDEX {q(f'{table.scratch}_{column}')} "
                        f"ON {q(table.scratch)} ({q(column)})"
                    )


def drop_originals(connection: Any, tables: Iterable[OldTable]) -> None:
    """Drop the old tables (on PostgreSQL, with the foreign keys that point at them)."""
    q = connection.ops.quote_name
    names = [table.name for table in tables]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TABLE {', '.join(q(n) for n in names)} CASCADE")
            return
        for name in names:
            cursor.execute(f"DROP TABLE {q(name)}")


def drop_scratch(connection: Any, tables: Iterable[OldTable]) -> None:
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DROP TABLE {q(table.scratch)}")


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
