"""Concurrent deliveries on PostgreSQL and MySQL/MariaDB: 8 threads, 1,000 shuffled
deliveries, 50 customers; then updates and deletions of 40 products racing each other.

Each thread posts through its own Django test client and database connection.
The runs must end with every event stored once and processed once, every object at
its newest state (deleted ones gone for good), and no error response.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client

from djstripe import event_handlers
from djstripe.models import Customer, Event, WebhookEventTrigger
from djstripe.signals import WEBHOOK_SIGNALS

from ..conftest import example
from .conftest import event, post

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor not in ("postgresql", "mysql"),
        reason="concurrency runs on PostgreSQL and MySQL/MariaDB (SQLite has one writer)",
    ),
]

THREADS = 8
CUSTOMERS = 50
UPDATES = 18  # per customer: 900 events, delivered with 100 duplicates = 1,000 deliveries
DUPLICATES = 100


def workload(seed: int) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Shuffled deliveries and the newest email of each customer."""
    rng = random.Random(seed)
    events, newest = [], {}
    for number in range(CUSTOMERS):
        customer_id = f"cus_concurrent{number:03d}"
        for version in range(UPDATES):
            email = f"{customer_id}-v{version}@example.com"
            data = example("customer", id=customer_id, email=email)
            kind = "customer.created" if version == 0 else "customer.updated"
            events.append(event(kind, data, created=1_700_000_000 + version * 7 + number % 5))
        newest[customer_id] = email
    deliveries = events + rng.sample(events, DUPLICATES)
    rng.shuffle(deliveries)
    return deliveries, newest


def deliver_concurrently(
    endpoint: Any, deliveries: list[dict[str, Any]]
) -> tuple[Counter[int], list[BaseException]]:
    """Post ``deliveries`` from THREADS threads at once, each with its own client and
    database connection; return the response statuses and any error raised."""
    statuses: Counter[int] = Counter()
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def deliver(chunk: list[dict[str, Any]]) -> None:
        try:
            client = Client()
            start.wait()
            for delivery in chunk:
                response = post(client, endpoint, delivery)
                with lock:
                    statuses[response.status_code] += 1
        except BaseException as error:  # noqa: BLE001 - reported by the caller's assertion
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=deliver, args=(deliveries[i::THREADS],)) for i in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    return statuses, errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_shuffled_deliveries(endpoint: Any, double: Any) -> None:
    Customer.sync_from_stripe_data(example("customer"))  # the platform account, mirrored once
    deliveries, newest = workload(seed=5)
    handled: Counter[str] = Counter()
    lock = threading.Lock()

    @event_handlers.djstripe_receiver(["customer.created", "customer.updated"])
    def count(sender: Any, event: Any, **kwargs: Any) -> None:
        with lock:
            handled[event.id] += 1

    try:
        statuses, errors = deliver_concurrently(endpoint, deliveries)
    finally:
        for signal_name in ("customer.created", "customer.updated"):
            WEBHOOK_SIGNALS[signal_name].disconnect(count, sender=Event)

    assert not errors
    assert statuses == Counter({200: len(deliveries)})  # no error response
    unique = {d["id"] for d in deliveries}
    assert Event.objects.count() == len(unique)  # no duplicate event
    assert set(Event.objects.values_list("djstripe_status", flat=True)) == {"processed"}
    assert handled == Counter(dict.fromkeys(unique, 1))  # every handler ran exactly once
    assert WebhookEventTrigger.objects.count() == len(deliveries)
    assert not WebhookEventTrigger.objects.filter(processed=False).exists()
    rows = dict(Customer.objects.filter(id__in=newest).values_list("id", "email"))
    assert rows == newest  # no lost update, no stale row


def product_workload(seed: int) -> tuple[list[dict[str, Any]], dict[str, str | None]]:
    """Shuffled updates of 40 products; every other one ends deleted (its newest event)."""
    rng = random.Random(seed)
    events, final = [], {}
    for number in range(40):
        product_id = f"prod_concurrent{number:03d}"
        for version in range(10):
            data = example("product", id=product_id, name=f"{product_id} v{version}")
            kind = "product.created" if version == 0 else "product.updated"
            events.append(event(kind, data, created=1_700_000_000 + version * 3))
        final[product_id] = f"{product_id} v9"
        if number % 2:
            gone = dict(example("product", id=product_id), deleted=True)
            events.append(event("product.deleted", gone, created=1_700_000_000 + 60))
            final[product_id] = None
    rng.shuffle(events)
    return events, final


@pytest.mark.django_db(transaction=True)
def test_concurrent_updates_and_deletions(endpoint: Any, double: Any) -> None:
    """Deletions racing with older updates of the same objects stay final."""
    from djstripe.models import Product

    deliveries, final = product_workload(seed=11)
    statuses, errors = deliver_concurrently(endpoint, deliveries)

    assert not errors
    assert statuses == Counter({200: len(deliveries)})
    rows = dict(Product.objects.filter(id__in=final).values_list("id", "name"))
    assert rows == {pid: name for pid, name in final.items() if name is not None}
