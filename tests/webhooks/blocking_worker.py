"""A real ``db_worker`` (django-tasks-db) whose ``customer.updated`` receiver blocks.

Run as a subprocess by ``test_stale_pending``::

    python -m tests.webhooks.blocking_worker <directory>

The receiver records its side effect (:func:`record_effect`, a row written in the
event's processing transaction), writes ``<directory>/started`` (holding the
PostgreSQL backend pid, so the test can wait for the server to drop the session of a
killed worker) and then waits until ``<directory>/release`` exists, or forever: the
test kills the worker with SIGKILL while it waits, or releases it.
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from pathlib import Path
from typing import Any


def record_effect(event: Any) -> None:
    """The handler's side effect: one row per committed run (an ``auth.Group`` named after
    the event, the one model of the test project that needs no fixtures)."""
    from django.contrib.auth.models import Group

    Group.objects.create(name=f"{event.id}:{uuid.uuid4().hex}")


def effects_of(event_id: str) -> int:
    """How many runs of the handler for ``event_id`` committed."""
    from django.contrib.auth.models import Group

    return Group.objects.filter(name__startswith=f"{event_id}:").count()


def main(directory: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    from djstripe import event_handlers

    override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
        DJSTRIPE_WEBHOOK_PROCESSING="task",
    ).enable()

    @event_handlers.djstripe_receiver("customer.updated")
    def block(sender: Any, event: Any, **kwargs: Any) -> None:
        record_effect(event)
        pid = ""
        if connection.vendor in ("postgresql", "mysql"):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_backend_pid()"
                    if connection.vendor == "postgresql"
                    else "SELECT CONNECTION_ID()"
                )
                pid = str(cursor.fetchone()[0])
        (directory / "started.tmp").write_text(pid)
        os.replace(directory / "started.tmp", directory / "started")  # appears whole
        while not (directory / "release").exists():
            time.sleep(0.05)

    call_command(
        "db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
