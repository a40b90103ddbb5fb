"""Task mode: the view stores and queues; a tasks worker runs the handlers once.

Run through real backends: django-tasks' immediate backend, and the database
backend (django-tasks-db) with its ``db_worker`` command as the worker.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from djstripe import event_handlers, tasks
from djstripe.models import Customer, Event, WebhookEventTrigger
from djstripe.signals import WEBHOOK_SIGNALS

from ..conftest import example
from .conftest import event, post

try:
    import django.tasks  # noqa: F401

    TASKS_MODULE = "django.tasks"
except ImportError:
    TASKS_MODULE = "django_tasks"

try:
    from django_tasks_db.models import DBTaskResult
except ImportError:  # pragma: no cover - the database backend is a dev dependency
    DBTaskResult = None

pytestmark = pytest.mark.skipif(tasks.task is None, reason="no tasks framework installed")
needs_db_backend = pytest.mark.skipif(DBTaskResult is None, reason="django-tasks-db missing")


@pytest.fixture
def task_mode(settings: Any) -> Any:
    settings.DJSTRIPE_WEBHOOK_PROCESSING = "task"
    return settings


@pytest.fixture
def database_backend(task_mode: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    task_mode.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(tasks, "FIRST_RETRY_DELAY", datetime.timedelta(0))  # retries due now
    return task_mode


@pytest.fixture
def calls() -> Any:
    """Handler runs per event id; ``fail`` makes the next N runs raise."""
    state: dict[str, Any] = {"runs": [], "fail": 0}

    @event_handlers.djstripe_receiver("customer.updated")
    def handler(sender: Any, event: Any, **kwargs: Any) -> None:
        if state["fail"]:
            state["fail"] -= 1
            raise RuntimeError("temporary trouble")
        state["runs"].append(event.id)

    yield state
    WEBHOOK_SIGNALS["customer.updated"].disconnect(handler, sender=Event)


def run_worker() -> None:
    call_command(
        "db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0
    )


@pytest.mark.django_db
def test_immediate_backend_processes_in_the_task(
    task_mode: Any, endpoint: Any, double: Any, calls: Any
) -> None:
    task_mode.TASKS = {
        "default": {"BACKEND": f"{TASKS_MODULE}.backends.immediate.ImmediateBackend"}
    }
    delivery = event("customer.updated", example("customer", email="task@example.com"))
    assert post(Client(), endpoint, delivery).status_code == 200
    assert Event.objects.get().djstripe_status == "processed"
    assert Customer.objects.get().email == "task@example.com"
    assert WebhookEventTrigger.objects.get().processed is True
    assert calls["runs"] == [delivery["id"]]


@needs_db_backend
@pytest.mark.django_db(transaction=True)
def test_database_backend_and_worker(
    database_backend: Any, endpoint: Any, double: Any, calls: Any
) -> None:
    client = Client()
    first = event("customer.updated", example("customer", email="v1@example.com"), created=100)
    second = event("customer.updated", example("customer", email="v2@example.com"), created=200)
    for delivery in (second, first, second):  # out of order, and a duplicate
        assert post(client, endpoint, delivery).status_code == 200
    assert set(Event.objects.values_list("djstripe_status", flat=True)) == {"pending"}
    assert not Customer.objects.exists()  # the request only stored and queued
    assert DBTaskResult.objects.count() == 3
    run_worker()
    assert Customer.objects.get().email == "v2@example.com"
    assert set(Event.objects.values_list("djstripe_status", flat=True)) == {"processed"}
    assert sorted(calls["runs"]) == sorted([first["id"], second["id"]])  # once each
    assert not WebhookEventTrigger.objects.filter(processed=False).exists()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


@needs_db_backend
@pytest.mark.django_db(transaction=True)
def test_failed_attempt_is_retried_by_the_worker(
    database_backend: Any, endpoint: Any, double: Any, calls: Any
) -> None:
    calls["fail"] = 1
    delivery = event("customer.updated", example("customer"))
    post(Client(), endpoint, delivery)
    run_worker()
    stored = Event.objects.get()
    assert (stored.djstripe_status, stored.djstripe_attempts) == ("processed", 2)
    assert calls["runs"] == [delivery["id"]]
    assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == ["FAILED", "SUCCESSFUL"]


@needs_db_backend
@pytest.mark.django_db(transaction=True)
def test_retries_are_bounded_and_end_as_a_recorded_failure(
    database_backend: Any, endpoint: Any, double: Any, calls: Any
) -> None:
    database_backend.DJSTRIPE_WEBHOOK_TASK_MAX_ATTEMPTS = 3
    calls["fail"] = 10
    delivery = event("customer.updated", example("customer", email="late@example.com"))
    post(Client(), endpoint, delivery)
    run_worker()
    stored = Event.objects.get()
    assert (stored.djstripe_status, stored.djstripe_attempts) == ("failed", 3)
    assert "Gave up after 3 task attempts" in stored.djstripe_error
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["FAILED"] * 3
    assert not Customer.objects.exists()
    trigger = WebhookEventTrigger.objects.get()
    assert not trigger.processed and "temporary trouble" in trigger.exception

    calls["fail"] = 0  # the cause is fixed: the command reprocesses recorded failures
    call_command("djstripe_process_events", "--failed", verbosity=0)
    stored.refresh_from_db()
    assert stored.djstripe_status == "processed"
    assert Customer.objects.get().email == "late@example.com"
    assert WebhookEventTrigger.objects.get().processed is True


def test_retry_delays_grow_and_are_capped() -> None:
    assert tasks.retry_delay(2) == datetime.timedelta(seconds=30)
    assert tasks.retry_delay(3) == datetime.timedelta(seconds=60)
    assert tasks.retry_delay(50) == datetime.timedelta(hours=1)
