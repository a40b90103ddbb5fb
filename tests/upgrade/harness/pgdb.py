"""Create or drop the check's PostgreSQL databases (psycopg only; no Django, no dj-stripe).

    python -m harness.pgdb recreate NAME
    python -m harness.pgdb drop NAME
    python -m harness.pgdb clone SOURCE NAME     (NAME recreated as a copy of SOURCE)
    python -m harness.pgdb exists NAME           (exit 0 if it exists)

Connects as ``DJSTRIPE_PG_USER``/``DJSTRIPE_PG_PASSWORD`` to ``DJSTRIPE_PG_HOST``:``_PORT``.
"""

from __future__ import annotations

import os
import re
import sys

import psycopg


def connect() -> psycopg.Connection:
    return psycopg.connect(
        host=os.environ.get("DJSTRIPE_PG_HOST", "127.0.0.1"),
        port=os.environ.get("DJSTRIPE_PG_PORT") or "5432",
        user=os.environ.get("DJSTRIPE_PG_USER", "postgres"),
        password=os.environ.get("DJSTRIPE_PG_PASSWORD", ""),
        dbname="postgres",
        autocommit=True,
    )


def main(argv: list[str]) -> int:
    action, *names = argv
    for name in names:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            print(f"refusing database name {name!r}", file=sys.stderr)
            return 2
    name = names[-1]
    with connect() as connection:
        if action == "exists":
            found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return 0 if found.fetchone() else 1
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if action == "recreate":
            connection.execute(f'CREATE DATABASE "{name}"')
        elif action == "clone":
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{names[0]}"')
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
