"""The database a benchmark runs on: ``--db sqlite`` (a fresh file, the default),
``--db postgres`` or ``--db mysql`` (a fresh database on the server the test suite uses,
from the same ``DJSTRIPE_PG_*`` / ``DJSTRIPE_MYSQL_*`` variables; its name from
``DJSTRIPE_BENCH_DB_NAME``, default ``djstripe_bench``, dropped and created again)."""

from __future__ import annotations

import os
from typing import Any

KINDS = ("sqlite", "postgres", "mysql")


def bench_name() -> str:
    return os.environ.get("DJSTRIPE_BENCH_DB_NAME", "djstripe_bench")


def database(kind: str, sqlite_path: str, options: dict[str, Any] | None = None) -> dict:
    """Django's ``DATABASES["default"]`` for ``kind``, on a new, empty database."""
    if kind == "sqlite":
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": sqlite_path,
            "OPTIONS": options or {},
        }
    if kind == "postgres":
        return _fresh_postgres()
    if kind == "mysql":
        return _fresh_mysql()
    raise SystemExit(f"--db must be one of {', '.join(KINDS)}, not {kind!r}")


def _fresh_postgres() -> dict:
    import psycopg

    params = {
        "host": os.environ.get("DJSTRIPE_PG_HOST", "127.0.0.1"),
        "port": int(os.environ.get("DJSTRIPE_PG_PORT") or 5432),
        "user": os.environ.get("DJSTRIPE_PG_USER", "postgres"),
        "password": os.environ.get("DJSTRIPE_PG_PASSWORD", ""),
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{bench_name()}"')
        admin.execute(f'CREATE DATABASE "{bench_name()}"')
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": bench_name(),
        "USER": params["user"],
        "PASSWORD": params["password"],
        "HOST": params["host"],
        "PORT": params["port"],
    }


def _fresh_mysql() -> dict:
    import MySQLdb

    params = {
        "host": os.environ.get("DJSTRIPE_MYSQL_HOST", "127.0.0.1"),
        "port": int(os.environ.get("DJSTRIPE_MYSQL_PORT") or 3306),
        "user": os.environ.get("DJSTRIPE_MYSQL_USER", "root"),
        "password": os.environ.get("DJSTRIPE_MYSQL_PASSWORD", ""),
    }
    admin = MySQLdb.connect(**params)
    try:
        cursor = admin.cursor()
        cursor.execute(f"DROP DATABASE IF EXISTS `{bench_name()}`")
        cursor.execute(f"CREATE DATABASE `{bench_name()}` CHARACTER SET utf8mb4")
    finally:
        admin.close()
    return {
        "ENGINE": "django.db.backends.mysql",
        "NAME": bench_name(),
        "USER": params["user"],
        "PASSWORD": params["password"],
        "HOST": params["host"],
        "PORT": params["port"],
        "OPTIONS": {"charset": "utf8mb4"},
    }
