"""The floor under the conversion's speed: a minimal pipeline doing the same core work.

    python benchmarks/upgrade_floor.py DJ_STRIPE_DB.sqlite3

For every table of Stripe objects in a dj-stripe 2.11 SQLite file: read the rows, parse
``stripe_data`` (orjson), compute each typed column of this project's model straight
from its first path (a dictionary walk; epochs to datetimes, references to ids, JSON
encoded with orjson: no API-version shapes, no embedded objects, no value checks), and
insert them with ``executemany`` into an empty table of this project's schema, in one
transaction, with the same indexes. It prints rows per CPU-second and per second: what
a Python pipeline over the same data, on the same machine, cannot go faster than.
"""

from __future__ import annotations

import datetime
import os
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
    fresh = Path(tempfile.mkdtemp()) / "fresh.sqlite3"
    os.environ["DJSTRIPE_SQLITE_PATH"] = str(fresh)
    django.setup()
    from django.core.management import call_command
    from django.db import models

    from djstripe.sync import mapping, registry

    call_command("migrate", "djstripe", verbosity=0)
    target = sqlite3.connect(fresh, isolation_level=None)
    old = sqlite3.connect(source)
    tables = {name for (name,) in old.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    target.execute("BEGIN")
    rows = 0
    cpu, wall = time.process_time(), time.perf_counter()
    for model in registry.stripe_models():
        table = model._meta.db_table
        fields = [f for f in model._meta.concrete_fields if f.model is model]
        old_columns = {row[1] for row in old.execute(f'PRAGMA table_info("{table}")')}
        if table not in tables or len(fields) != len(model._meta.concrete_fields):
            continue  # multi-table models: not part of the floor
        if "djstripe_id" not in old_columns:
            continue  # a country spec keyed by its code
        columns = {c.attname: c for c in mapping.columns(model)}
        steps = []
        for field in fields:
            column = columns.get(field.attname)
            path = column.steps[0] if column is not None else None
            steps.append((field, path, _kind(field, models)))
        names = ", ".join(f'"{field.column}"' for field in fields)
        sql = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(fields))})'
        read = "djstripe_id, id, stripe_data, djstripe_created, djstripe_updated"
        cursor = old.execute(f'SELECT {read} FROM "{table}"')
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
    target.execute("COMMIT")
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"{rows:,} rows: {rows / cpu:,.0f} rows per CPU-second, {rows / wall:,.0f} rows/s")
    return 0


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
