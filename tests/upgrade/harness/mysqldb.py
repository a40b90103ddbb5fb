"""Create, drop, load or dump the check's MySQL/MariaDB databases (MySQLdb only; no Django).

    python -m harness.mysqldb recreate NAME
    python -m harness.mysqldb drop NAME
    python -m harness.mysqldb dump NAME OUT.sql.gz     (mariadb-dump/mysqldump, gzip)

Connects as ``DJSTRIPE_MYSQL_USER``/``DJSTRIPE_MYSQL_PASSWORD`` to
``DJSTRIPE_MYSQL_HOST``:``_PORT``. Databases are ``utf8mb4`` with the server's default
``_ci`` collation, as a dj-stripe user's usually are.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys

import MySQLdb


def settings() -> dict[str, str]:
    return {
        "host": os.environ.get("DJSTRIPE_MYSQL_HOST", "127.0.0.1"),
        "port": os.environ.get("DJSTRIPE_MYSQL_PORT") or "3306",
        "user": os.environ.get("DJSTRIPE_MYSQL_USER", "root"),
        "password": os.environ.get("DJSTRIPE_MYSQL_PASSWORD", ""),
    }


def connect():
    found = settings()
    return MySQLdb.connect(
        host=found["host"],
        port=int(found["port"]),
        user=found["user"],
        password=found["password"],
        charset="utf8mb4",
        autocommit=True,
    )


def dump(name: str, target: str) -> None:
    """The whole database as SQL: extended INSERTs one per line, strings escaped (no raw
    newline inside a statement's data), no definer, no server-specific settings beyond
    the version comments a client ignores."""
    found = settings()
    tool = shutil.which("mariadb-dump") or shutil.which("mysqldump")
    if tool is None:
        raise SystemExit("mariadb-dump/mysqldump not found")
    text = subprocess.run(
        [
            tool,
            f"--host={found['host']}",
            f"--port={found['port']}",
            f"--user={found['user']}",
            "--skip-comments",
            "--skip-dump-date",
            "--skip-lock-tables",
            "--single-transaction",
            "--no-tablespaces",
            "--skip-triggers",
            "--default-character-set=utf8mb4",
            name,
        ],
        env=dict(os.environ, MYSQL_PWD=found["password"]),
        check=True,
        capture_output=True,
    ).stdout
    with open(target, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(text)


def main(argv: list[str]) -> int:
    action, name, *rest = argv
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        print(f"refusing database name {name!r}", file=sys.stderr)
        return 2
    if action == "dump":
        dump(name, rest[0])
        return 0
    connection = connect()
    cursor = connection.cursor()
    cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
    if action == "recreate":
        cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
