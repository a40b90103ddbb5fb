"""Task mode: an event whose worker died mid-task is not stranded.

The view answers 200 once the event is stored, so Stripe never delivers it again; if
the worker running its task dies, the event stays ``pending``. The safety net,
``djstripe_process_events --failed``, takes events pending longer than
``DJSTRIPE_STALE_PENDING_AFTER`` and processes them once: the dead worker's transaction
rolled back, and the original task, should it come back late, finds the event done.

The worker is a real ``db_worker`` subprocess (django-tasks-db) whose receiver blocks
(``blocking_worker.py``), killed with SIGKILL while it processes the event.
"""

from __future__ import annotations

import datetime
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.utils import timezone

from djstripe import event_handlers, tasks
from djstripe.models import Customer, Event, WebhookEventTrigger
from djstripe.signals import WEBHOOK_SIGNALS

from ..conftest import example
from .blocking_worker import effects_of, record_effect
from .conftest import event, post

try:
    from django_tasks_db.models import DBTaskResult
except ImportError:  # pragma: no cover - the database backend is a dev dependency
    DBTaskResult = None

ROOT = Path(__file__).resolve().parents[2]
#: How long to wait for a subprocess to reach a state (a guard, never an assertion).
PATIENCE = 60.0

pytestmark = pytest.mark.skipif(
    tasks.task is None or DBTaskResult is None, reason="django-tasks-db missing"
)


@pytest.fixture
def task_mode(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    settings.DJSTRIPE_WEBHOOK_PROCESSING = "task"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(tasks, "FIRST_RETRY_DELAY", datetime.timedelta(0))
    return settings


@pytest.fixture
def effects() -> Iterator[None]:
    """This process's receiver: the worker's side effect, without blocking."""

    @event_handlers.djstripe_receiver("customer.updated")
    def effect(sender: Any, event: Any, **kwargs: Any) -> None:
        record_effect(event)

    yield
    WEBHOOK_SIGNALS["customer.updated"].disconnect(effect, sender=Event)


def safety_net(*args: str) -> str:
    out = StringIO()
    call_command("djstripe_process_events", "--failed", *args, stdout=out, stderr=out)
    return out.getvalue()


def run_worker() -> None:
    """Run the queued tasks in this process (the database backend's own worker)."""
    call_command(
        "db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0
    )


def age(event_id: str, minutes: int) -> None:
    """Make the event ``minutes`` old, as if that much time had passed since it was stored."""
    stored = timezone.now() - datetime.timedelta(minutes=minutes)
    Event.objects.filter(id=event_id).update(djstripe_created=stored)


class BlockingWorker:
    """``blocking_worker.py`` in a subprocess, on the test's own database.

    PostgreSQL: the test database, by name. SQLite: the test database is in memory, so
    it is copied to a file for the worker and back once the worker is gone.
    """

    def __init__(self, directory: Path, stripe_host: str) -> None:
        self.directory = directory
        self.stripe_host = stripe_host
        self.file = directory / "shared.sqlite3"
        self.process: subprocess.Popen[bytes] | None = None
        self.backend_pid = ""

    def start(self) -> None:
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="tests.settings")
        env["STRIPE_API_HOST"] = self.stripe_host
        if connection.vendor == "postgresql":
            env["DJSTRIPE_PG_NAME"] = connection.settings_dict["NAME"]
        elif connection.vendor == "mysql":
            env["DJSTRIPE_MYSQL_NAME"] = connection.settings_dict["NAME"]
        else:
            env.pop("DJSTRIPE_TEST_DB", None)
            env["DJSTRIPE_SQLITE_PATH"] = self._sqlite_file()
        log = (self.directory / "worker.log").open("wb")
        self.process = subprocess.Popen(  # noqa: S603 - this interpreter, a fixed module
            [sys.executable, "-m", "tests.webhooks.blocking_worker", str(self.directory)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_blocked(self) -> None:
        """Until the receiver runs (the event is claimed, its transaction open)."""
        started = self.directory / "started"
        deadline = time.monotonic() + PATIENCE
        while not started.exists():
            assert self.process is not None
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.process.kill()
                log = (self.directory / "worker.log").read_text(errors="replace")
                pytest.fail(f"The worker never reached the receiver:\n{log[-3000:]}")
            time.sleep(0.05)
        self.backend_pid = started.read_text()

    def kill(self) -> None:
        """SIGKILL, as a deploy, the OOM killer or a lost machine would."""
        assert self.process is not None
        self.process.kill()
        self.process.wait()
        self._wait_for_server_to_drop_session()
        self._back_to_test_database()

    def release(self) -> None:
        """Let the receiver return: the worker finishes its task and exits."""
        assert self.process is not None
        (self.directory / "release").touch()
        self.process.wait(timeout=PATIENCE)
        self._back_to_test_database()

    def _sqlite_file(self) -> str:
        name = connection.settings_dict["NAME"]
        if not connection.is_in_memory_db():
            return str(name)
        connection.ensure_connection()
        with sqlite3.connect(self.file) as copy:
            connection.connection.backup(copy)
        return str(self.file)

    def _back_to_test_database(self) -> None:
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            copy = sqlite3.connect(self.file)  # rolls back the killed worker's transaction
            try:
                copy.backup(connection.connection)
            finally:
                copy.close()

    def _wait_for_server_to_drop_session(self) -> None:
        """PostgreSQL rolls back a killed client's transaction once it sees the socket
        closed; the test waits for that, as an operator's later run would."""
        if connection.vendor not in ("postgresql", "mysql") or not self.backend_pid:
            return
        sessions = {
            "postgresql": "SELECT count(*) FROM pg_stat_activity WHERE pid = %s",
            "mysql": "SELECT count(*) FROM information_schema.PROCESSLIST WHERE ID = %s",
        }[connection.vendor]
        deadline = time.monotonic() + PATIENCE
        with connection.cursor() as cursor:
            while time.monotonic() < deadline:
                cursor.execute(sessions, [self.backend_pid])
                if cursor.fetchone()[0] == 0:
                    return
                time.sleep(0.05)
        pytest.fail("The database server kept the killed worker's session")


@pytest.fixture
def worker(tmp_path: Path, stripe_double: Any) -> Iterator[BlockingWorker]:
    blocking = BlockingWorker(tmp_path, stripe_double.url)
    yield blocking
    if blocking.process is not None and blocking.process.poll() is None:
        (tmp_path / "release").touch()
        blocking.process.kill()
        blocking.process.wait()


@pytest.mark.django_db(transaction=True)
def test_an_event_whose_worker_was_killed_is_processed_once_by_the_safety_net(
    task_mode: Any, endpoint: Any, effects: None, worker: BlockingWorker
) -> None:
    delivery = event("customer.updated", example("customer", email="after@example.com"))
    assert post(Client(), endpoint, delivery).status_code == 200  # stored and queued
    event_id = delivery["id"]

    worker.start()
    worker.wait_until_blocked()
    worker.kill()
    stored = Event.objects.get(id=event_id)
    assert (stored.djstripe_status, stored.djstripe_attempts) == ("pending", 0)  # rolled back
    assert effects_of(event_id) == 0
    assert not Customer.objects.exists()

    safety_net()  # right after the kill the event is not stale yet: its task may still run
    assert Event.objects.get(id=event_id).djstripe_status == "pending"

    age(event_id, minutes=11)  # DJSTRIPE_STALE_PENDING_AFTER (10 minutes) has passed
    output = safety_net()
    assert "Processed 1" in output
    stored.refresh_from_db()
    assert (stored.djstripe_status, stored.djstripe_attempts) == ("processed", 1)
    assert effects_of(event_id) == 1
    assert Customer.objects.get().email == "after@example.com"
    assert WebhookEventTrigger.objects.get(event_id=event_id).processed is True

    # The original task comes back late (a backend redelivering a lost worker's task):
    # its claim finds the event done, and nothing runs twice.
    trigger = WebhookEventTrigger.objects.get(event_id=event_id)
    tasks.enqueue_event(event_id, trigger_id=trigger.pk)
    run_worker()
    assert effects_of(event_id) == 1
    assert Event.objects.get(id=event_id).djstripe_attempts == 1
    late = DBTaskResult.objects.filter(status="SUCCESSFUL").get()
    assert late.return_value == "duplicate"
    assert "Processed 0" in safety_net()


@pytest.mark.django_db(transaction=True)
def test_a_pending_event_is_stranded_after_the_configured_age(
    task_mode: Any, endpoint: Any, effects: None, stripe_double: Any
) -> None:
    delivery = event("customer.updated", example("customer"))
    post(Client(), endpoint, delivery)  # queued; no worker runs it
    age(delivery["id"], minutes=2)
    safety_net()
    assert Event.objects.get().djstripe_status == "pending"  # 2 minutes: left to its task

    task_mode.DJSTRIPE_STALE_PENDING_AFTER = 60  # seconds
    safety_net()
    assert Event.objects.get().djstripe_status == "processed"
    run_worker()  # the queued task runs after all: finds it done
    assert effects_of(delivery["id"]) == 1


@pytest.mark.django_db
def test_plain_djstripe_process_events_ignores_the_age(
    task_mode: Any, endpoint: Any, effects: None, stripe_double: Any
) -> None:
    delivery = event("customer.updated", example("customer"))
    post(Client(), endpoint, delivery)
    call_command("djstripe_process_events", verbosity=0)  # every event not processed yet
    assert Event.objects.get().djstripe_status == "processed"


@pytest.mark.django_db
@pytest.mark.parametrize("value", [-1, "10 minutes", float("nan"), True, 10**12])
def test_an_unusable_age_is_a_clear_error(settings: Any, value: Any) -> None:
    settings.DJSTRIPE_STALE_PENDING_AFTER = value
    with pytest.raises(CommandError, match="DJSTRIPE_STALE_PENDING_AFTER must be"):
        safety_net()


def test_the_age_is_seconds_or_a_timedelta(settings: Any) -> None:
    from djstripe import settings as djstripe_settings

    assert djstripe_settings.stale_pending_after() == datetime.timedelta(minutes=10)
    settings.DJSTRIPE_STALE_PENDING_AFTER = datetime.timedelta(hours=1)
    assert djstripe_settings.stale_pending_after() == datetime.timedelta(hours=1)
    settings.DJSTRIPE_STALE_PENDING_AFTER = 90
    assert djstripe_settings.stale_pending_after() == datetime.timedelta(seconds=90)


# ---- PostgreSQL: an event held by a live attempt is not waited for -----------------------


@pytest.fixture
def lock_timeout() -> Iterator[None]:
    """Before the fix the safety net waited on the worker's row lock for ever; a timeout
    makes that wait fail the test instead of hanging it."""
    if connection.vendor == "mysql":
        timeout, reset = "SET innodb_lock_wait_timeout = 5", "SET innodb_lock_wait_timeout = 50"
    else:
        timeout, reset = "SET lock_timeout = '5s'", "RESET lock_timeout"
    with connection.cursor() as cursor:
        cursor.execute(timeout)
    yield
    with connection.cursor() as cursor:
        cursor.execute(reset)


@pytest.mark.skipif(
    os.environ.get("DJSTRIPE_TEST_DB") not in ("postgres", "mysql"),
    reason="row locks to skip: SQLite has one writer at a time, and a second one waits",
)
@pytest.mark.django_db(transaction=True)
def test_an_event_being_processed_is_left_to_its_worker_not_waited_for(
    task_mode: Any, endpoint: Any, effects: None, worker: BlockingWorker, lock_timeout: None
) -> None:
    delivery = event("customer.updated", example("customer", email="slow@example.com"))
    post(Client(), endpoint, delivery)
    event_id = delivery["id"]
    worker.start()
    worker.wait_until_blocked()  # the worker holds the event, its transaction open

    out = StringIO()
    call_command("djstripe_process_events", stdout=out, stderr=out)
    assert "Left 1 events to the attempts processing them now" in out.getvalue()
    assert Event.objects.get(id=event_id).djstripe_status == "pending"

    worker.release()  # the slow worker comes back and commits
    stored = Event.objects.get(id=event_id)
    assert (stored.djstripe_status, stored.djstripe_attempts) == ("processed", 1)
    assert effects_of(event_id) == 1
    assert Customer.objects.get().email == "slow@example.com"
    assert "Processed 0" in safety_net()
