"""The whole database's shape and row counts, to prove a refused ``migrate`` changed nothing.

    python -m harness.fingerprint OUT.json          record
    python -m harness.fingerprint OUT.json BEFORE.json   record and compare (exit 1 on change)

Every table: its columns (name, type, null), its constraints and indexes, its row count; and
the rows of ``django_migrations``. Reads through introspection only (either package).
"""

from __future__ import annotations

import sys
from typing import Any

from . import env, tables


def fingerprint() -> dict[str, Any]:
    from django.db import connection

    shape: dict[str, Any] = {}
    with connection.cursor() as cursor:
        introspection = connection.introspection
        for table in sorted(introspection.table_names(cursor)):
            columns = [
                [
                    c.name,
                    c.type_code if isinstance(c.type_code, int | str) else str(c.type_code),
                    bool(c.null_ok),
                ]
                for c in introspection.get_table_description(cursor, table)
            ]
            constraints = {
                name: {k: v for k, v in info.items() if k != "definition"}
                for name, info in introspection.get_constraints(cursor, table).items()
            }
            count = tables.fetch(f"SELECT COUNT(*) FROM {tables.quote(table)}")[0][0]
            shape[table] = {"columns": columns, "constraints": constraints, "rows": count}
    migrations = tables.fetch("SELECT app, name FROM django_migrations ORDER BY app, name")
    return {"tables": shape, "migrations": migrations}


def differences(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    found = []
    for table in sorted(set(before["tables"]) | set(after["tables"])):
        old, new = before["tables"].get(table), after["tables"].get(table)
        if old is None or new is None:
            found.append(f"table {table} {'created' if old is None else 'dropped'}")
            continue
        for part in ("columns", "constraints", "rows"):
            if old[part] != new[part]:
                found.append(f"{table}: {part} changed")
    if before["migrations"] != after["migrations"]:
        new_rows = [m for m in after["migrations"] if m not in before["migrations"]]
        found.append(f"django_migrations changed (recorded now: {new_rows})")
    return found


def main(argv: list[str]) -> int:
    env.setup_django()
    current = fingerprint()
    env.write_json(argv[0], current)
    if len(argv) < 2:
        return 0
    changes = differences(env.read_json(argv[1]), env.read_json(argv[0]))
    for change in changes:
        print(f"        - {change}")
    return 1 if changes else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
