"""Processing thin events: failures are recorded and retried once Stripe answers,
task mode, deletions reported by Stripe, and signals."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from djstripe import event_handlers, stripe_api, tasks
from djstripe.models import Customer, Event
from djstripe.signals import signal_for

from .conftest import post
from .test_tasks import TASKS_MODULE
from .test_thin_edge import customer_ref, thin_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(stripe_double: Any) -> dict[str, Any]:
    return stripe_api.create("/v1/customers", {"email": "now@example.com"})


@pytest.fixture
def runs() -> Any:
    seen: list[str] = []

    @event_handlers.djstripe_receiver("v1.customer.updated")
    def count(sender: Any, event: Any, **kwargs: Any) -> None:
        seen.append(event.id)

    yield seen
    signal_for("v1.customer.updated").disconnect(count, sender=Event)


def test_stripe_unreachable_fails_the_event_and_a_retry_processes_it_once(
    client: Client, endpoint: Any, customer: dict[str, Any], stripe_double: Any, runs: Any
) -> None:
    stripe_double.inject_fault("GET /v1/customers/{id}", status=500, times=None)
    body = thin_event(customer_ref(customer["id"]))
    with stripe_api.retrying(stripe_api.NO_RETRIES):
        assert post(client, endpoint, body).status_code == 500
    stored = Event.objects.get()
    assert stored.djstripe_status == "failed"
    assert not Customer.objects.exists()
    assert runs == []
    stripe_double.clear_faults()
    call_command("djstripe_process_events", "--ids", body["id"], verbosity=0)
    assert Event.objects.get().djstripe_status == "processed"
    assert Customer.objects.get(id=customer["id"]).email == "now@example.com"
    assert post(client, endpoint, body).status_code == 200  # Stripe's retry: a duplicate
    assert runs == [body["id"]]


@pytest.mark.skipif(tasks.task is None, reason="no tasks framework installed")
def test_task_mode_processes_thin_events_in_the_task(
    client: Client, endpoint: Any, customer: dict[str, Any], settings: Any
) -> None:
    settings.DJSTRIPE_WEBHOOK_PROCESSING = "task"
    settings.TASKS = {"default": {"BACKEND": f"{TASKS_MODULE}.backends.immediate.ImmediateBackend"}}
    assert post(client, endpoint, thin_event(customer_ref(customer["id"]))).status_code == 200
    assert Event.objects.get().djstripe_status == "processed"
    assert Customer.objects.get(id=customer["id"]).email == "now@example.com"


def test_a_deleted_customer_is_marked_deleted(
    client: Client, endpoint: Any, customer: dict[str, Any]
) -> None:
    assert post(client, endpoint, thin_event(customer_ref(customer["id"]))).status_code == 200
    stripe_api.delete(f"/v1/customers/{customer['id']}")
    gone = thin_event(customer_ref(customer["id"]), event_type="v1.customer.deleted")
    assert post(client, endpoint, gone).status_code == 200
    row = Customer.objects.get(id=customer["id"])  # customers are kept, marked deleted
    assert row.date_purged is not None
