"""Concurrent thin deliveries on PostgreSQL: each event stored once, its handlers run
once, and every customer ends as Stripe has it now."""

from __future__ import annotations

import random
import threading
from collections import Counter
from typing import Any

import pytest
from django.db import connection

from djstripe import event_handlers, stripe_api
from djstripe.models import Account, Customer, Event, WebhookEventTrigger
from djstripe.signals import signal_for

from .test_concurrency import deliver_concurrently
from .test_thin_edge import customer_ref, thin_event

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency runs on PostgreSQL"),
]


@pytest.mark.django_db(transaction=True)
def test_concurrent_thin_deliveries_run_once(endpoint: Any, stripe_double: Any) -> None:
    Account.get_default_account()  # the owner of every row, mirrored once beforehand
    rng = random.Random(13)
    customers = [
        stripe_api.create("/v1/customers", {"email": f"c{n}@example.com"}) for n in range(12)
    ]
    for customer in customers[::2]:
        stripe_api.update(f"/v1/customers/{customer['id']}", {"email": "moved@example.com"})
    events = [thin_event(customer_ref(c["id"])) for c in customers for _ in range(4)]
    deliveries = events + rng.sample(events, 16)
    rng.shuffle(deliveries)
    handled: Counter[str] = Counter()
    lock = threading.Lock()

    @event_handlers.djstripe_receiver("v1.customer.updated")
    def count(sender: Any, event: Any, **kwargs: Any) -> None:
        with lock:
            handled[event.id] += 1

    try:
        statuses, errors = deliver_concurrently(endpoint, deliveries)
    finally:
        signal_for("v1.customer.updated").disconnect(count, sender=Event)

    assert not errors
    assert statuses == Counter({200: len(deliveries)})
    unique = {d["id"] for d in deliveries}
    assert Event.objects.count() == len(unique)
    assert set(Event.objects.values_list("djstripe_status", flat=True)) == {"processed"}
    assert handled == Counter(dict.fromkeys(unique, 1))
    assert not WebhookEventTrigger.objects.filter(processed=False).exists()
    expected = {
        c["id"]: "moved@example.com" if n % 2 == 0 else c["email"] for n, c in enumerate(customers)
    }
    assert dict(Customer.objects.values_list("id", "email")) == expected
