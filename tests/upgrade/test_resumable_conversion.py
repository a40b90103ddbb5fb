"""On MySQL/MariaDB the conversion survives a crash: ``migrate`` again finishes it.

MySQL and MariaDB commit each table change at once, so the conversion is a sequence of
steps written down as they are done (``djstripe.upgrade.resumable``). Here it is
stopped as a crash would stop it (``project/crashhook``: ``os._exit``, no rollback, no
clean-up) after each step in turn; the next ``migrate`` must finish it and leave exactly what an
uninterrupted conversion leaves: every row, key, link and the user's foreign keys
(``harness/verify.py`` against dj-stripe's own snapshot), no scratch table, nothing left
to migrate.
"""

from __future__ import annotations

import pytest

from djstripe.upgrade.detect import STATE_TABLE
from djstripe.upgrade.resumable import FAIL_POINTS

from .recorded import VENDOR

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(VENDOR != "mysql", reason="the resumable conversion is MySQL's"),
]

#: The exit status of the crash the hook simulates (``project/crashhook``).
CRASHED = 75


def crash_at(point: str) -> dict[str, str]:
    return {"UPGRADE_EXTRA_APPS": "crashhook", "UPGRADE_CRASH_AT": point}


def finish_and_verify(database) -> None:
    resumed = database.run("migrate", "--no-input")
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert "Converted the dj-stripe 2.11 database" in resumed.stdout
    verified = database.run(
        str(database.snapshot), "/dev/null", "recorded", module="harness.verify"
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert not {t for t in database.tables() if t.startswith("djstripe__")}
    again = database.run("migrate", "--no-input")
    assert again.returncode == 0 and "No migrations to apply" in again.stdout
    checked = database.run("check")
    assert checked.returncode == 0, checked.stderr
    assert "djstripe.W014" not in checked.stderr


@pytest.mark.parametrize("point", FAIL_POINTS)
def test_a_conversion_stopped_after_any_step_is_finished_by_migrate(database, point):
    crashed = database.run("migrate", "--no-input", **crash_at(point))
    assert crashed.returncode == CRASHED, crashed.stdout + crashed.stderr
    assert STATE_TABLE in database.tables()
    warned = database.run("check")
    assert "djstripe.W014" in warned.stderr  # the conversion is not finished

    finish_and_verify(database)


@pytest.mark.parametrize("database", ["djstripe_id"], indirect=True)
def test_two_crashes_in_a_row_are_finished_too(database):
    for point in ("copying", "linking"):
        crashed = database.run("migrate", "--no-input", **crash_at(point))
        assert crashed.returncode == CRASHED, crashed.stdout + crashed.stderr
    finish_and_verify(database)


COLUMNS = (
    "SELECT table_name, column_name, column_type, collation_name, is_nullable "
    "FROM information_schema.columns WHERE table_schema = '{}' "
    "AND table_name LIKE 'djstripe%' ORDER BY 1, 2"
)


def _columns(database, schema: str) -> list[tuple]:
    """Each column's type, and whether its collation is the case-sensitive one (text
    columns otherwise take the database's default, which differs between the two)."""
    return [
        (*row[:3], row[3] and row[3].endswith("_bin"), row[4])
        for row in database.sql(COLUMNS.format(schema))
    ]


@pytest.mark.django_db
def test_the_converted_schema_is_the_fresh_one_ids_case_sensitive(database):
    from django.db import connection

    migrated = database.run("migrate", "--no-input")
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr

    converted = _columns(database, database.name)
    fresh = _columns(database, connection.settings_dict["NAME"])
    assert fresh and converted == fresh
    stripe_ids = [row for row in converted if row[1] == "id" and row[2].startswith("varchar")]
    # Every Stripe id column (APIKey's id is a key's name, not a Stripe id).
    assert [row[0] for row in stripe_ids if not row[3]] == ["djstripe_apikey"]
    assert len(stripe_ids) > 50
    # dj-stripe's ids were case-insensitive (the server's _ci collation); no longer.
    same_but_case = database.sql(
        "SELECT COUNT(*) FROM djstripe_customer WHERE id = "
        "(SELECT UPPER(id) FROM djstripe_customer ORDER BY id LIMIT 1)"
    )
    assert same_but_case == [(0,)]
