"""Regenerate djstripe/migrations/0001_initial.py while the project has no release.

``0002_2_10`` and ``0003_2_11`` are empty and kept: they carry dj-stripe 2.11's
migration names, so a project's own migrations that depend on them still load.

After the first release, schema changes are ordinary additive migrations instead.
The generated file is patched so the subscriber foreign key follows
``DJSTRIPE_SUBSCRIBER_MODEL`` (as dj-stripe's migrations do), not only the user model.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = ROOT / "djstripe" / "migrations"
SUBSCRIBER = 'getattr(settings, "DJSTRIPE_SUBSCRIBER_MODEL", settings.AUTH_USER_MODEL)'


def bulk_create_tables(text: str) -> str:
    """Wrap every operation in ``CreateModelsInBulk`` (see djstripe/migration_operations.py)."""
    head, sep, body = text.partition("    operations = [\n")
    if not sep or not body.rstrip().endswith("]"):
        raise SystemExit("unexpected migration layout")
    body = body.rstrip()[: -len("]")].rstrip()
    head = head.replace(
        "from django.db import migrations, models",
        "import djstripe.migration_operations\nfrom django.db import migrations, models",
    )
    return (
        f"{head}    operations = [\n"
        "        djstripe.migration_operations.CreateModelsInBulk(\n"
        "            operations=[\n"
        f"{body}\n"
        "            ],\n"
        "        ),\n"
        "    ]\n"
    )


def main() -> int:
    (MIGRATIONS / "0001_initial.py").unlink(missing_ok=True)
    stubs = {path: path.read_text() for path in MIGRATIONS.glob("000[234]_*.py")}
    for path in stubs:
        path.unlink()  # makemigrations must not see them while it writes 0001
    try:
        initial = _write_initial()
    finally:  # put them back whatever happened (a failed run must not lose them)
        for path, stub in stubs.items():
            path.write_text(stub)
    print(f"wrote {initial.relative_to(ROOT)}")
    return 0


def _write_initial() -> Path:
    """Run makemigrations for 0001 and patch what it wrote; return its path."""
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="tests.settings",
        DJSTRIPE_SQLITE_PATH="/tmp/djstripe-makemigrations.sqlite3",
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "djstripe", "--name", "initial"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    initial = MIGRATIONS / "0001_initial.py"
    text = initial.read_text()
    text = text.replace(
        "migrations.swappable_dependency(settings.AUTH_USER_MODEL)",
        "djstripe.migration_operations.subscriber_model_dependency()",
    )
    text = text.replace(
        "related_name='djstripe_customers', to=settings.AUTH_USER_MODEL",
        f"related_name='djstripe_customers', to={SUBSCRIBER}",
    )
    text = bulk_create_tables(text)
    initial.write_text(text)
    return initial


if __name__ == "__main__":
    raise SystemExit(main())
