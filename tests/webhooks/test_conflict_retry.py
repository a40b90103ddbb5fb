"""A delivery whose transaction the database failed to break a deadlock with a
concurrent one is processed again at once, whole, and answered 200; only the
attempt that committed is stored (djstripe.sync.retry_on_conflict)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from djstripe import event_handlers
from djstripe.models import Customer, Event, WebhookEventTrigger
from djstripe.signals import WEBHOOK_SIGNALS

from ..conftest import database_error, example
from .conftest import event, post

# The retry needs a transaction of its own: not inside the test case's.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fails_first(request: pytest.FixtureRequest) -> Iterator[list[str]]:
    """A receiver whose first ``failures`` calls fail as a deadlock does."""
    failures = getattr(request, "param", 1)
    calls: list[str] = []

    @event_handlers.djstripe_receiver("customer.updated")
    def receiver(sender: Any, event: Any, **kwargs: Any) -> None:
        calls.append(event.id)
        if len(calls) <= failures:
            raise database_error("40P01")

    yield calls
    for signal in WEBHOOK_SIGNALS.values():
        signal.disconnect(receiver, sender=Event)


def test_a_deadlocked_delivery_is_processed_again_at_once(
    client: Client, endpoint: Any, double: Any, fails_first: list[str]
) -> None:
    delivery = event("customer.updated", example("customer", email="again@example.com"))
    assert post(client, endpoint, delivery).status_code == 200
    assert fails_first == [delivery["id"], delivery["id"]]  # rolled back, then committed
    stored = Event.objects.get()
    assert (stored.id, stored.djstripe_status) == (delivery["id"], "processed")
    trigger = WebhookEventTrigger.objects.get()  # the rolled-back record is not stored
    assert (trigger.event_id, trigger.processed, trigger.valid) == (delivery["id"], True, True)
    assert Customer.objects.get().email == "again@example.com"


@pytest.mark.parametrize("fails_first", [100], indirect=True)
def test_a_delivery_that_keeps_deadlocking_fails_and_is_recorded(
    client: Client, endpoint: Any, double: Any, fails_first: list[str]
) -> None:
    delivery = event("customer.updated", example("customer"))
    assert post(client, endpoint, delivery).status_code == 500  # Stripe delivers it again
    assert len(fails_first) == 6
    assert Event.objects.get().djstripe_status == "failed"
    assert not WebhookEventTrigger.objects.get().processed
