"""The PostgreSQL recording, converted on MariaDB/MySQL, keeps what it keeps on PostgreSQL.

Each backend's recording is made by its own dj-stripe run, against a freshly generated
account, so their Stripe ids differ. To compare like with like, the rows dj-stripe
stored in the PostgreSQL recording are copied, as they are, into the dj-stripe schema of
the MariaDB recording (dj-stripe 2.11 made both from the same models); that database is
converted by ``migrate`` and checked against the PostgreSQL recording's own snapshot:
the same rows, ids, relations, typed values, endpoints, keys, events and user rows.
Needs a PostgreSQL server too (``DJSTRIPE_PG_*``, else the CI defaults); skipped without.
"""

from __future__ import annotations

import datetime
import gzip
import json
import os
import uuid
from typing import Any

import pytest

from .recorded import DATA, VENDOR, _mysql, _postgres

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(VENDOR != "mysql", reason="copies into MariaDB/MySQL"),
]

#: The tables that hold what dj-stripe stored and what the user's site links to it.
COPIED = ("djstripe_", "shop_", "auth_user")


@pytest.fixture
def postgres_recording(database) -> Any:
    os.environ.setdefault("DJSTRIPE_PG_HOST", "127.0.0.1")
    os.environ.setdefault("DJSTRIPE_PG_PASSWORD", "postgres")
    try:
        admin = _postgres()
    except Exception as error:  # noqa: BLE001 - any reason means: no server here
        pytest.skip(f"no PostgreSQL server: {error}")
    with admin:
        admin.execute(f'CREATE DATABASE "{database.name}"')
    try:
        with _postgres(database.name) as connection:
            dump = DATA / f"djstripe211-postgres-{database.fk}.sql.gz"
            connection.execute(gzip.open(dump).read().decode())
        yield database.name
    finally:
        with _postgres() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database.name}" WITH (FORCE)')


def _value(value: Any) -> Any:
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.astimezone(datetime.UTC).replace(tzinfo=None)
    if isinstance(value, dict | list):
        return json.dumps(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def copy_postgres_rows(source: str, target: str) -> int:
    """Replace the rows of the copied tables of ``target`` (MySQL) by ``source``'s (PG)."""
    copied = 0
    with _postgres(source) as pg, _mysql(target) as my:
        cursor = my.cursor()
        cursor.execute("SET foreign_key_checks = 0")
        cursor.execute("SHOW TABLES")
        tables = [row[0] for row in cursor.fetchall() if row[0].startswith(COPIED)]
        for table in tables:
            cursor.execute(f"SELECT * FROM `{table}` LIMIT 0")
            columns = [d[0] for d in cursor.description]
            selected = ", ".join(f'"{c}"' for c in columns)
            rows = pg.execute(f'SELECT {selected} FROM "{table}"').fetchall()  # noqa: S608
            cursor.execute(f"DELETE FROM `{table}`")  # noqa: S608
            if rows:
                cursor.executemany(
                    f"INSERT INTO `{table}` ({', '.join(f'`{c}`' for c in columns)}) "  # noqa: S608
                    f"VALUES ({', '.join(['%s'] * len(columns))})",
                    [tuple(_value(v) for v in row) for row in rows],
                )
                copied += len(rows)
        cursor.execute("SET foreign_key_checks = 1")
    return copied


@pytest.mark.parametrize("database", ["id", "djstripe_id"], indirect=True)
def test_the_postgresql_recording_converts_on_mysql_to_the_same_rows(database, postgres_recording):
    assert copy_postgres_rows(postgres_recording, database.name) > 1000
    migrated = database.run("migrate", "--no-input")
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    assert "Converted the dj-stripe 2.11 database: 1,553 rows kept" in migrated.stdout

    snapshot = DATA / f"djstripe211-postgres-{database.fk}.snapshot.json.gz"
    verified = database.run(str(snapshot), "/dev/null", "postgres", module="harness.verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
