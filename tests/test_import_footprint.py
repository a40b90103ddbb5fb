"""What a process that mirrors (and never runs a task or an upgrade) has to import.

The tasks framework (``django-tasks`` pulls in ``django_stubs_ext``, which imports the
admin, sitemaps and syndication) and the dj-stripe upgrade package cost a backfill
about 2 MB of its peak memory for code it never runs: both load on first use only.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import sys
import django
from django.conf import settings

settings.configure(
    INSTALLED_APPS=[
        "django.contrib.contenttypes", "django.contrib.auth", "polymorphic", "djstripe"
    ],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    USE_TZ=True,
)
django.setup()
import djstripe.sync.backfill, djstripe.webhooks.views, djstripe.checks  # noqa: E401
loaded = sorted(
    name for name in sys.modules
    if name.split(".")[0] in ("django_tasks", "django_stubs_ext")
    or name.startswith(
        ("djstripe.upgrade", "djstripe.tasks", "django.tasks", "django.contrib.admin")
    )
)
print(",".join(loaded))
"""


def test_setup_and_the_sync_engine_load_neither_tasks_nor_the_upgrade() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_the_task_path_still_loads_its_framework() -> None:
    probe = PROBE.replace(
        "import djstripe.sync.backfill", "import djstripe.tasks, djstripe.sync.backfill"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "djstripe.tasks" in result.stdout.strip().split(",")
