"""Regenerate djstripe/migrations/0001_initial.py while the project has no release.

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


def main() -> int:
    for path in MIGRATIONS.glob("0*.py"):
        path.unlink()
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
        f"migrations.swappable_dependency({SUBSCRIBER})",
    )
    text = text.replace(
        "related_name='djstripe_customers', to=settings.AUTH_USER_MODEL",
        f"related_name='djstripe_customers', to={SUBSCRIBER}",
    )
    initial.write_text(text)
    print(f"wrote {initial.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
