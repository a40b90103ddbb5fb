"""Databases dj-stripe 2.11 built (recorded in ``data/``) upgrade with ``migrate``.

The same promises as ``scripts/djstripe_upgrade_check`` (which builds the databases
with dj-stripe itself, in CI), on the recorded copies, so the suite checks them on every
run, on the backend it runs on: a database of either ``DJSTRIPE_FOREIGN_KEY_TO_FIELD``
converts, keeps everything (``harness/verify.py``), migrates nothing the second time and
passes ``check``; a database of an older release or a half-applied one is refused, naming
what was found, and left as it was.
"""

from __future__ import annotations

import gzip
import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from djstripe.testing import StripeDouble

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
PROJECT = HERE / "project"
POSTGRES = os.environ.get("DJSTRIPE_TEST_DB") == "postgres"
VENDOR = "postgres" if POSTGRES else "sqlite"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def double_url() -> Iterator[str]:
    """The account the recorded databases were built from (``--fixtures --customers 30``)."""
    with StripeDouble(fixtures=True) as double:
        double.generate_account(customers=30)
        yield double.url


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
            UPGRADE_FK_TO_FIELD=fk,
            STRIPE_API_HOST=double_url,
        )
        self.env.pop("DJSTRIPE_TEST_DB", None)
        self.dump = DATA / f"djstripe211-{VENDOR}-{fk}.sql.gz"
        self.snapshot = DATA / f"djstripe211-{VENDOR}-{fk}.snapshot.json.gz"

    def load(self) -> None:
        text = gzip.open(self.dump).read().decode()
        if POSTGRES:
            with _postgres() as admin:
                admin.execute(f'CREATE DATABASE "{self.name}"')
            with _postgres(self.name) as connection:
                connection.execute(text)
        else:
            with sqlite3.connect(self.path) as connection:
                connection.executescript(text)

    def drop(self) -> None:
        if POSTGRES:
            with _postgres() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def run(self, *args: str, module: str = "") -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", module] if module else [sys.executable, "manage.py"]
        return subprocess.run(
            [*command, *args], cwd=PROJECT, env=self.env, capture_output=True, text=True
        )

    def sql(self, *statements: str) -> list[tuple]:
        """Run statements on the database; the rows of the last one."""
        if POSTGRES:
            with _postgres(self.name) as connection:
                rows: list[tuple] = []
                for statement in statements:
                    cursor = connection.execute(statement)
                    rows = cursor.fetchall() if cursor.description else []
                return rows
        with sqlite3.connect(self.path) as connection:
            for statement in statements[:-1]:
                connection.execute(statement)
            return connection.execute(statements[-1]).fetchall()

    def schema(self) -> list[tuple]:
        if POSTGRES:
            return self.sql(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = 'public' ORDER BY 1, 2"
            )
        return self.sql("SELECT type, name, sql FROM sqlite_master ORDER BY name")


def _postgres(name: str = "postgres"):
    import psycopg

    return psycopg.connect(
        host=os.environ.get("DJSTRIPE_PG_HOST") or None,
        port=os.environ.get("DJSTRIPE_PG_PORT") or None,
        user=os.environ.get("DJSTRIPE_PG_USER", "postgres"),
        password=os.environ.get("DJSTRIPE_PG_PASSWORD") or None,
        dbname=name,
        autocommit=True,
    )


@pytest.fixture
def database(request, tmp_path, double_url) -> Iterator[Database]:
    found = Database(tmp_path, getattr(request, "param", "id"), double_url)
    found.load()
    yield found
    found.drop()


@pytest.mark.parametrize("database", ["id", "djstripe_id"], indirect=True)
def test_a_dj_stripe_database_converts_and_keeps_everything(database):
    before = database.run("check")
    assert "djstripe.W014" in before.stderr

    migrated = database.run("migrate", "--no-input")
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    assert "Applying djstripe.0004_dj_stripe_upgrade" in migrated.stdout
    assert "Converted the dj-stripe 2.11 database" in migrated.stdout

    verified = database.run(
        str(database.snapshot), "/dev/null", "recorded", module="harness.verify"
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr

    again = database.run("migrate", "--no-input")
    assert again.returncode == 0 and "No migrations to apply" in again.stdout

    checked = database.run("check")
    assert checked.returncode == 0, checked.stderr
    warned = "djstripe.W010" in checked.stderr
    assert warned == (database.fk == "djstripe_id")
    unchanged = database.run("makemigrations", "shop", "--check", "--dry-run")
    assert unchanged.returncode == 0, unchanged.stdout + unchanged.stderr


def test_a_database_of_an_older_release_is_refused_unchanged(database):
    database.sql(
        "DELETE FROM django_migrations WHERE app = 'djstripe' AND name IN "
        "('0002_2_10', '0003_2_11')",
        "INSERT INTO django_migrations (app, name, applied) VALUES "
        "('djstripe', '0014_2_9a', '2024-01-01 00:00:00')",
        "DELETE FROM django_migrations WHERE app = 'shop'",
        "SELECT 1",
    )
    database.env["UPGRADE_USER_APP"] = "0"  # its migrations need dj-stripe 2.10's
    before = database.schema()
    refused = database.run("migrate", "djstripe", "--no-input")
    assert refused.returncode == 1
    assert "dj-stripe 2.9" in refused.stderr and "2.10 and 2.11" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert database.schema() == before


def test_a_half_migrated_database_is_refused_unchanged(database):
    database.sql("DROP TABLE djstripe_productfeature", "SELECT 1")
    before = database.schema()
    refused = database.run("migrate", "--no-input")
    assert refused.returncode == 1
    assert "djstripe_productfeature" in refused.stderr and "incomplete" in refused.stderr
    assert database.schema() == before
