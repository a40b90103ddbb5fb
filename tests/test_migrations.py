"""The single initial migration builds exactly the models' schema, both ways, quickly."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, database: Path) -> subprocess.CompletedProcess:
    env = dict(
        os.environ, DJANGO_SETTINGS_MODULE="tests.settings", DJSTRIPE_SQLITE_PATH=str(database)
    )
    env.pop("DJSTRIPE_TEST_DB", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_migrations_are_in_step_with_the_models(tmp_path: Path) -> None:
    result = manage(
        "makemigrations", "djstripe", "--check", "--dry-run", database=tmp_path / "a.db"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_migrate_creates_every_table_and_migrates_back_to_zero(tmp_path: Path) -> None:
    database = tmp_path / "b.db"
    forward = manage("migrate", "-v", "0", database=database)
    assert forward.returncode == 0, forward.stderr
    tables = {
        row[0]
        for row in sqlite3.connect(database).execute(
            "SELECT name FROM sqlite_master WHERE type='table'"
        )
    }
    expected = {model._meta.db_table for model in apps.get_app_config("djstripe").get_models()}
    expected |= {
        field.remote_field.through._meta.db_table
        for model in apps.get_app_config("djstripe").get_models()
        for field in model._meta.local_many_to_many
    }
    assert expected <= tables, sorted(expected - tables)
    backward = manage("migrate", "djstripe", "zero", "-v", "0", database=database)
    assert backward.returncode == 0, backward.stderr
    left = {
        row[0]
        for row in sqlite3.connect(database).execute(
            "SELECT name FROM sqlite_master WHERE type='table'"
        )
    }
    assert not (expected & left)


pytestmark = pytest.mark.slow
