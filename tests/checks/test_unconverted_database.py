"""``manage.py check`` names dj-stripe tables that ``migrate`` has not converted yet."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def manage(database: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(
        os.environ, DJANGO_SETTINGS_MODULE="tests.settings", DJSTRIPE_SQLITE_PATH=str(database)
    )
    env.pop("DJSTRIPE_TEST_DB", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_dj_stripe_tables_are_named_with_a_hint(tmp_path: Path) -> None:
    database = tmp_path / "dj-stripe.sqlite3"
    with sqlite3.connect(database) as connection:  # dj-stripe's customer table: no stamp column
        connection.execute(
            'CREATE TABLE "djstripe_customer" ("djstripe_id" integer PRIMARY KEY, '
            '"id" varchar(255) UNIQUE, "stripe_data" text, "email" text)'
        )
    result = manage(database, "check")
    assert "djstripe.W014" in result.stderr
    assert "migrate djstripe" in result.stderr


def test_this_projects_tables_and_an_empty_database_pass(tmp_path: Path) -> None:
    database = tmp_path / "mirror.sqlite3"
    assert manage(database, "check").returncode == 0
    assert manage(database, "migrate", "-v", "0").returncode == 0
    result = manage(database, "check")
    assert result.returncode == 0, result.stderr
    assert "djstripe.W014" not in result.stderr
