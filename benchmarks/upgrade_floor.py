"""The floor under the conversion's speed: a minimal pipeline doing the same core work.

    python benchmarks/upgrade_floor.py DJ_STRIPE_DB.sqlite3 [--copy-only]

On a copy of a dj-stripe 2.11 SQLite file, in one transaction, for every table of Stripe
objects whose model is a single table: set the old table aside (renamed, its indexes
dropped), create this project's table, read the old rows, parse ``stripe_data`` (orjson),
compute each typed column straight from its first path (a dictionary walk; epochs to
datetimes, references to ids, JSON encoded with orjson: no API-version shapes, no
embedded objects, no value checks), insert them with ``executemany``, create the table's
indexes, and drop the old table: what an in-place conversion cannot avoid. It prints rows
per CPU-second and per second: what a Python pipeline over the same data, on the same
machine, cannot go faster than.

``--copy-only`` leaves the old tables alone and inserts into empty, already indexed
tables of a second file (the floor of the copy alone).
"""

from __future__ import annotations

import datetime
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")


def main() -> int:
    import django

    source = Path(sys.argv[1])
    copy_only = "--copy-only" in sys.argv[2:]
    scratch = Path(tempfile.mkdtemp())
    fresh = scratch / "fresh.sqlite3"
    os.environ["DJSTRIPE_SQLITE_PATH"] = str(fresh)
    django.setup()
    from django.core.management import call_command
    from django.db import models

    from djstripe.sync import mapping, registry

    call_command("migrate", "djstripe", verbosity=0)
    schema = sqlite3.connect(fresh)
    if copy_only:
        target = sqlite3.connect(fresh, isolation_level=None)
        old = sqlite3.connect(source)
    else:
        work = scratch / "work.sqlite3"
        shutil.copyfile(source, work)
        target = old = sqlite3.connect(work, isolation_level=None)
    tables = {name for (name,) in old.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    target.execute("BEGIN")
    rows = 0
    cpu, wall = time.process_time(), time.perf_counter()
    if not copy_only:
        target.execute("PRAGMA legacy_alter_table = ON")
    for model in registry.stripe_models():
        table = model._meta.db_table
        fields = [f for f in model._meta.concrete_fields if f.model is model]
        old_columns = {row[1] for row in old.execute(f'PRAGMA table_info("{table}")')}
        if table not in tables or len(fields) != len(model._meta.concrete_fields):
            continue  # multi-table models: not part of the floor
        if "djstripe_id" not in old_columns:
            continue  # a country spec keyed by its code
        read_from, indexes = table, []
        if not copy_only:
            read_from = f"_old_{table}"
            _set_aside(target, table, read_from)
            create, indexes = _schema_of(schema, table)
            target.execute(create)
        columns = {c.attname: c for c in mapping.columns(model)}
        steps = []
        for field in fields:
            column = columns.get(field.attname)
            path = column.steps[0] if column is not None else None
            steps.append((field, path, _kind(field, models)))
        names = ", ".join(f'"{field.column}"' for field in fields)
        sql = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(fields))})'
        read = "djstripe_id, id, stripe_data, djstripe_created, djstripe_updated"
        cursor = old.execute(f'SELECT {read} FROM "{read_from}"')
        while batch := cursor.fetchmany(1000):
            values = []
            for pk, stripe_id, text, created, updated in batch:
                data = orjson.loads(text)
                fixed = {
                    "djstripe_id": pk,
                    "id": stripe_id,
                    "stripe_data": text,
                    "djstripe_created": created,
                    "djstripe_updated": updated,
                }
                values.append(tuple(_value(data, fixed, step) for step in steps))
            target.executemany(sql, values)
            rows += len(values)
        for index in indexes:
            target.execute(index)
        if not copy_only:
            target.execute(f'DROP TABLE "{read_from}"')
    target.execute("COMMIT")
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"{rows:,} rows: {rows / cpu:,.0f} rows per CPU-second, {rows / wall:,.0f} rows/s")
    shutil.rmtree(scratch)
    return 0


def _set_aside(connection: sqlite3.Connection, table: str, scratch: str) -> None:
    """Rename the old table out of the way and drop its named indexes (the new table's
    take their names), as the conversion does."""
    query = "SELECT name FROM sqlite_master WHERE type='index' AND tbl_name=? AND sql IS NOT NULL"
    for (index,) in connection.execute(query, (table,)).fetchall():
        connection.execute(f'DROP INDEX "{index}"')
    connection.execute(f'ALTER TABLE "{table}" RENAME TO "{scratch}"')


def _schema_of(schema: sqlite3.Connection, table: str) -> tuple[str, list[str]]:
    """This project's ``CREATE TABLE`` of ``table`` and its ``CREATE INDEX`` statements."""
    query = "SELECT type, sql FROM sqlite_master WHERE tbl_name=? AND sql IS NOT NULL"
    found = schema.execute(query, (table,)).fetchall()
    create = next(sql for kind, sql in found if kind == "table")
    return create, [sql for kind, sql in found if kind == "index"]


def _kind(field, models) -> str:
    if field.is_relation:
        return "reference"
    if isinstance(field, models.DateTimeField):
        return "datetime"
    if isinstance(field, models.JSONField):
        return "json"
    if isinstance(field, models.BooleanField | models.IntegerField | models.CharField):
        return "plain"
    return "text"


def _value(data, fixed, step):
    field, path, kind = step
    if field.attname in fixed:
        return fixed[field.attname]
    node = data
    for part in path or ():
        node = node.get(part) if isinstance(node, dict) else None
    if path is None or node is None:
        default = field.get_default()
        return orjson.dumps(default).decode() if kind == "json" else default
    if kind == "reference":
        return node.get("id") if isinstance(node, dict) else node
    if kind == "datetime":
        if isinstance(node, int):
            return datetime.datetime.fromtimestamp(node, datetime.UTC).isoformat(" ")[:-6]
        return None
    if kind == "json":
        return orjson.dumps(node).decode()
    if isinstance(node, dict | list):
        return None
    return node


if __name__ == "__main__":
    raise SystemExit(main())
