"""Databases dj-stripe 2.11 built (recorded in ``data/``) upgrade with ``migrate``.

The same promises as ``scripts/djstripe_upgrade_check`` (which builds the databases
with dj-stripe itself, in CI), on the recorded copies, so the suite checks them on every
run, on the backend it runs on: a database of either ``DJSTRIPE_FOREIGN_KEY_TO_FIELD``
converts, keeps everything (``harness/verify.py``), migrates nothing the second time and
passes ``check``; a database of an older release or a half-applied one is refused, naming
what was found, and left as it was.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


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
