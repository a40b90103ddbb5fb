"""Foreign keys of the project's own tables that point into dj-stripe's tables.

They reference ``djstripe_id`` (a model's primary key), which every row keeps, so
their values stay right; only the constraints need care:

* PostgreSQL ties a constraint to the table it references, so each is dropped before
  the old tables go and created again, as it was, once the new tables are filled;
* SQLite names the referenced table and column in the referencing table's schema,
  which stays valid as long as that column exists.

Cards, bank accounts and Sources are the exception: here they share the primary key
of their common base (:class:`~djstripe.models.DjstripePaymentMethod`), so a
reference to one of them follows the row to its new key
(``djstripepaymentmethod_ptr_id``); rows whose old key another source already took get
a new one, and references to them are rewritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .detect import UPGRADE_DOCS, UpgradeError
from .introspect import ForeignKey
from .scratch import create_work_table, drop_work_table

REMAP = "djstripe__upgrade_remap"


@dataclass(frozen=True)
class Outside:
    """A foreign key from outside the app, and where it must point after the upgrade."""

    key: ForeignKey
    column: str
    """The referenced column in the new table."""
    model: Any
    """The referencing model in the migration state, if it has one."""

    @property
    def moved(self) -> bool:
        return self.column != self.key.ref_column


def plan(keys: list[ForeignKey], state: Any) -> list[Outside]:
    """Where each outside key will point; refuse, before any change, keys that cannot."""
    by_table = {m._meta.db_table: m for m in state.get_models(include_auto_created=True)}
    found = []
    for key in keys:
        target = by_table.get(key.ref_table)
        column = _new_column(target, key.ref_column) if target is not None else None
        if column is None:
            raise UpgradeError(
                f"{key.table}.{key.column} references {key.ref_table}.{key.ref_column}, which "
                "djstripe-mirror does not keep. Nothing was changed. Remove or change that "
                f"foreign key first; {UPGRADE_DOCS}."
            )
        model = by_table.get(key.table)
        if column != key.ref_column and model is None:
            raise UpgradeError(
                f"{key.table}.{key.column} references {key.ref_table}.{key.ref_column}, which "
                f"becomes {key.ref_table}.{column}, but no installed app's migrations describe "
                f"{key.table}, so its foreign key cannot be rebuilt. Nothing was changed; "
                f"{UPGRADE_DOCS}."
            )
        found.append(Outside(key, column, model))
    return found


def _new_column(model: Any, old_column: str) -> str | None:
    meta = model._meta
    if old_column == meta.pk.column:
        return old_column
    for field in meta.concrete_fields:
        if field.column == old_column and field.unique:
            return old_column
    if old_column == "djstripe_id" and meta.pk.column != "djstripe_id":
        return meta.pk.column  # a source's key is now its base's
    return None


def create_remap_table(connection: Any) -> None:
    columns = "old_table VARCHAR(100), old_id BIGINT, new_id BIGINT"
    create_work_table(connection, REMAP, columns)


def drop_remap_table(connection: Any) -> None:
    drop_work_table(connection, REMAP)


def record_remap(connection: Any, table: str, pairs: list[tuple[int, int]]) -> None:
    if not pairs:
        return
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {q(REMAP)} VALUES (%s, %s, %s)",  # noqa: S608 - quoted name
            [(table, old, new) for old, new in pairs],
        )


def release(connection: Any, outside: list[Outside]) -> None:
    """Drop the PostgreSQL constraints that tie outside tables to the old tables."""
    if connection.vendor != "postgresql":
        return
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        for entry in outside:
            cursor.execute(f"ALTER TABLE {q(entry.key.table)} DROP CONSTRAINT {q(entry.key.name)}")


def restore(connection: Any, schema_editor: Any, outside: list[Outside]) -> None:
    """Point every outside key at the new tables (values rewritten where keys moved)."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        for entry in outside:
            key = entry.key
            if entry.moved:
                cursor.execute(
                    f"UPDATE {q(key.table)} SET {q(key.column)} = (SELECT r.new_id "  # noqa: S608
                    f"FROM {q(REMAP)} r WHERE r.old_table = %s AND r.old_id = "
                    f"{q(key.table)}.{q(key.column)}) WHERE {q(key.column)} IN "
                    f"(SELECT old_id FROM {q(REMAP)} WHERE old_table = %s)",
                    [key.ref_table, key.ref_table],
                )
            if connection.vendor == "postgresql":
                definition = key.definition
                if entry.moved:
                    definition = _repoint(definition, key.ref_table, entry.column)
                cursor.execute(
                    f"ALTER TABLE {q(key.table)} ADD CONSTRAINT {q(key.name)} {definition}"
                )
    if connection.vendor == "sqlite":
        for table in sorted({e.key.table for e in outside if e.moved}):
            model = next(e.model for e in outside if e.key.table == table)
            # The referencing table names the old column in its own schema: rebuild it from
            # its migration state, as Django's AlterField does on SQLite.
            schema_editor._remake_table(model)


def _repoint(definition: str, table: str, column: str) -> str:
    pattern = re.compile(r"REFERENCES\s+(\S+?)\s*\(([^)]*)\)")
    return pattern.sub(lambda m: f"REFERENCES {m.group(1)}({column})", definition, count=1)
