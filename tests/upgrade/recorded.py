"""Recorded dj-stripe databases (``data/``) loaded into scratch databases of the backend
the suite runs on, and the user's project (``project/``) run against them."""

from __future__ import annotations

import gzip
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
PROJECT = HERE / "project"
VENDOR = {"postgres": "postgres", "mysql": "mysql"}.get(
    os.environ.get("DJSTRIPE_TEST_DB", ""), "sqlite"
)


class Database:
    """A scratch database loaded with a recorded dump, and the user's project on it."""

    def __init__(self, tmp_path: Path, fk: str, double_url: str) -> None:
        self.fk = fk
        self.name = f"djstripe_upgrade_{uuid.uuid4().hex[:10]}"
        self.path = tmp_path / "user.sqlite3"
        self.env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="upgradeproj.settings",
            PYTHONPATH=f"{PROJECT}{os.pathsep}{HERE}",
            UPGRADE_DB=VENDOR,
            UPGRADE_SQLITE_PATH=str(self.path),
            UPGRADE_PG_NAME=self.name,
            UPGRADE_MYSQL_NAME=self.name,
            UPGRADE_FK_TO_FIELD=fk,
            STRIPE_API_HOST=double_url,
        )
        self.env.pop("DJSTRIPE_TEST_DB", None)
        self.dump = DATA / f"djstripe211-{VENDOR}-{fk}.sql.gz"
        self.snapshot = DATA / f"djstripe211-{VENDOR}-{fk}.snapshot.json.gz"

    def load(self) -> None:
        text = gzip.open(self.dump).read().decode()
        if VENDOR == "postgres":
            with _postgres() as admin:
                admin.execute(f'CREATE DATABASE "{self.name}"')
            with _postgres(self.name) as connection:
                connection.execute(text)
        elif VENDOR == "mysql":
            with _mysql() as admin:
                admin.cursor().execute(f"CREATE DATABASE `{self.name}` CHARACTER SET utf8mb4")
            _mysql_script(self.name, text)
        else:
            with sqlite3.connect(self.path) as connection:
                connection.executescript(text)

    def drop(self) -> None:
        if VENDOR == "postgres":
            with _postgres() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        elif VENDOR == "mysql":
            with _mysql() as admin:
                admin.cursor().execute(f"DROP DATABASE IF EXISTS `{self.name}`")

    def run(self, *args: str, module: str = "", **env: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", module] if module else [sys.executable, "manage.py"]
        return subprocess.run(
            [*command, *args],
            cwd=PROJECT,
            env={**self.env, **env},
            capture_output=True,
            text=True,
        )

    def sql(self, *statements: str) -> list[tuple]:
        """Run statements on the database; the rows of the last one."""
        if VENDOR == "postgres":
            with _postgres(self.name) as connection:
                rows: list[tuple] = []
                for statement in statements:
                    cursor = connection.execute(statement)
                    rows = cursor.fetchall() if cursor.description else []
                return rows
        if VENDOR == "mysql":
            with _mysql(self.name) as connection:
                cursor = connection.cursor()
                for statement in statements:
                    cursor.execute(statement)
                return list(cursor.fetchall()) if cursor.description else []
        with sqlite3.connect(self.path) as connection:
            for statement in statements[:-1]:
                connection.execute(statement)
            return connection.execute(statements[-1]).fetchall()

    def tables(self) -> set[str]:
        if VENDOR == "sqlite":
            return {
                row[0] for row in self.sql("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
        schema = "DATABASE()" if VENDOR == "mysql" else "'public'"
        found = self.sql(
            f"SELECT table_name FROM information_schema.tables WHERE table_schema = {schema}"
        )
        return {row[0] for row in found}

    def schema(self) -> list[tuple]:
        if VENDOR == "postgres":
            return self.sql(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = 'public' ORDER BY 1, 2"
            )
        if VENDOR == "mysql":
            return self.sql(
                "SELECT table_name, column_name, column_type, collation_name "
                "FROM information_schema.columns WHERE table_schema = DATABASE() ORDER BY 1, 2"
            )
        return self.sql("SELECT type, name, sql FROM sqlite_master ORDER BY name")


def _postgres(name: str = "postgres") -> Any:
    import psycopg

    return psycopg.connect(
        host=os.environ.get("DJSTRIPE_PG_HOST") or None,
        port=os.environ.get("DJSTRIPE_PG_PORT") or None,
        user=os.environ.get("DJSTRIPE_PG_USER", "postgres"),
        password=os.environ.get("DJSTRIPE_PG_PASSWORD") or None,
        dbname=name,
        autocommit=True,
    )


def _mysql(name: str = "", *, multi: bool = False) -> Any:
    import contextlib

    import MySQLdb
    from MySQLdb.constants import CLIENT

    connection = MySQLdb.connect(
        host=os.environ.get("DJSTRIPE_MYSQL_HOST", "127.0.0.1"),
        port=int(os.environ.get("DJSTRIPE_MYSQL_PORT") or 3306),
        user=os.environ.get("DJSTRIPE_MYSQL_USER", "root"),
        password=os.environ.get("DJSTRIPE_MYSQL_PASSWORD", ""),
        database=name,
        charset="utf8mb4",
        autocommit=True,
        client_flag=CLIENT.MULTI_STATEMENTS if multi else 0,
    )
    return contextlib.closing(connection)


def _mysql_script(name: str, text: str) -> None:
    """Run a ``mariadb-dump`` file: many statements in one round trip, each result read."""
    with _mysql(name, multi=True) as connection:
        cursor = connection.cursor()
        cursor.execute(text)
        while cursor.nextset():
            pass
