"""Table changes on MySQL/MariaDB for the resumable conversion (:mod:`.resumable`).

Every table change there is a statement of its own that commits at once and costs tens
of milliseconds even on an empty table, so the changes a model needs (its indexes, its
foreign keys) are grouped into one ``ALTER TABLE`` per table, and foreign keys are
added with the checks off (in place, no copy of the table) and then checked against
the rows with one query each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from .detect import UPGRADE_DOCS, UpgradeError
from .introspect import ForeignKey

#: ``ALTER TABLE `t` ADD ...`` and ``CREATE [UNIQUE] INDEX `n` ON `t` (...)``, as Django's
#: schema editor writes them for MySQL.
_ALTER = re.compile(r"ALTER TABLE (`[^`]+`) (ADD .+)", re.DOTALL)
_INDEX = re.compile(r"CREATE (UNIQUE )?INDEX (`[^`]+`) ON (`[^`]+`) (\(.+\))", re.DOTALL)
_FOREIGN_KEY = re.compile(
    r"ADD CONSTRAINT `([^`]+)` FOREIGN KEY \(`([^`]+)`\) REFERENCES `([^`]+)` \(`([^`]+)`\)"
)


@dataclass(frozen=True)
class Change:
    """One clause of an ``ALTER TABLE`` (``ADD INDEX ...``), or a whole statement."""

    table: str
    clause: str
    statement: str = ""
    """Set where the clause could not be read: run as it is."""


def changes(statements: Iterable[Any]) -> list[Change]:
    found = []
    for statement in statements:
        text = str(statement).strip()
        if match := _ALTER.fullmatch(text):
            found.append(Change(match.group(1), match.group(2)))
        elif match := _INDEX.fullmatch(text):
            unique, name, table, columns = match.groups()
            found.append(Change(table, f"ADD {unique or ''}INDEX {name} {columns}"))
        else:
            found.append(Change("", "", text))
    return found


def apply(connection: Any, found: Iterable[Change]) -> None:
    """Run the changes, one ``ALTER TABLE`` per table (foreign key checks off: the
    caller checks the rows, :func:`check_rows`)."""
    grouped: dict[str, list[str]] = {}
    alone = []
    for change in found:
        if change.statement:
            alone.append(change.statement)
        else:
            grouped.setdefault(change.table, []).append(change.clause)
    with no_key_checks(connection), connection.cursor() as cursor:
        for table, clauses in grouped.items():
            cursor.execute(f"ALTER TABLE {table} {', '.join(clauses)}")
        for statement in alone:
            cursor.execute(statement)


def named_foreign_key(change: Change) -> ForeignKey | None:
    """The foreign key a change adds (table, column, target, name), if it adds one."""
    match = _FOREIGN_KEY.match(change.clause)
    if match is None:
        return None
    name, column, ref_table, ref_column = match.groups()
    return ForeignKey(change.table.strip("`"), column, ref_table, ref_column, name)


def foreign_keys(connection: Any) -> list[ForeignKey]:
    """Every single-column foreign key of the database, with its name and its
    ``FOREIGN KEY ... REFERENCES ...`` clause (rules included), in one query."""
    sql = """
        SELECT k.CONSTRAINT_NAME, k.TABLE_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME,
               k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE
        FROM information_schema.KEY_COLUMN_USAGE k
        JOIN information_schema.REFERENTIAL_CONSTRAINTS r
          ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
          AND r.TABLE_NAME = k.TABLE_NAME
        WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
        ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME
    """
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    return [
        ForeignKey(
            table,
            column,
            ref_table,
            ref_column,
            name,
            f"FOREIGN KEY ({q(column)}) REFERENCES {q(ref_table)} ({q(ref_column)}) "
            f"ON DELETE {delete} ON UPDATE {update}",
        )
        for name, table, column, ref_table, ref_column, update, delete in rows
    ]


def check_rows(connection: Any, keys: Iterable[ForeignKey]) -> None:
    """Refuse to finish while a row breaks one of ``keys`` (added with the checks off)."""
    q = connection.ops.quote_name
    broken = []
    with connection.cursor() as cursor:
        for key in keys:
            cursor.execute(
                f"SELECT COUNT(*) FROM {q(key.table)} c WHERE c.{q(key.column)} IS NOT NULL "  # noqa: S608
                f"AND NOT EXISTS (SELECT 1 FROM {q(key.ref_table)} p "
                f"WHERE p.{q(key.ref_column)} = c.{q(key.column)})"
            )
            count = cursor.fetchone()[0]
            if count:
                broken.append(f"{key.table}.{key.column} ({count} row(s))")
    if broken:
        raise UpgradeError(
            "After the conversion, rows reference rows that do not exist: "
            f"{', '.join(broken)}. Your dj-stripe rows are all in the new tables; fix or "
            "empty those references, then run migrate again to finish; "
            f"{UPGRADE_DOCS}."
        )


def tables(connection: Any) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def drop(connection: Any, names: Iterable[str]) -> None:
    names = list(names)
    if not names:
        return
    q = connection.ops.quote_name
    with no_key_checks(connection), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {', '.join(q(n) for n in names)}")


@contextmanager
def no_key_checks(connection: Any) -> Iterator[None]:
    """Tables that reference each other are dropped, and keys added, without an order
    to find or a copy of the table (MySQL adds a foreign key in place only so)."""
    with connection.cursor() as cursor:
        cursor.execute("SET foreign_key_checks = 0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET foreign_key_checks = 1")
