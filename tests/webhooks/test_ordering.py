"""Events arrive in any order: the mirror always ends at the newest state.

A subscription gets several updates (two of them in the same second, which only
a re-read can order) and a cancellation; every shuffled order of the deliveries,
over many seeds, ends at the canceled subscription with its final data.
"""

from __future__ import annotations

import copy
import itertools
import random
from typing import Any

import pytest
from django.test import Client

from djstripe.models import Event, Subscription, SubscriptionItem

from ..conftest import example
from .conftest import event, post

pytestmark = pytest.mark.django_db

SEEDS = range(30)


def subscription(sub_id: str, item_id: str, **changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(example("subscription"))
    data["id"] = sub_id
    data["items"]["data"][0]["id"] = item_id
    data["items"]["data"][0]["subscription"] = sub_id
    data.update(changes)
    return data


def lifecycle(sub_id: str, item_id: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Deliveries (creation, updates with a same-second pair, cancellation) and the final state."""
    final = subscription(
        sub_id,
        item_id,
        status="canceled",
        canceled_at=1_700_000_100,
        ended_at=1_700_000_100,
        metadata={"version": "final"},
    )
    deliveries = [
        event(
            "customer.subscription.created",
            subscription(sub_id, item_id, metadata={"version": "1"}),
            created=1_700_000_000,
        ),
        event(
            "customer.subscription.updated",
            subscription(sub_id, item_id, metadata={"version": "2"}),
            created=1_700_000_010,
        ),
        event(
            "customer.subscription.updated",
            subscription(sub_id, item_id, metadata={"version": "3a"}),
            created=1_700_000_020,
        ),
        event(
            "customer.subscription.updated",  # same second as 3a: settled by a re-read
            subscription(sub_id, item_id, metadata={"version": "3b"}),
            created=1_700_000_020,
        ),
        event(
            "customer.subscription.updated",
            subscription(sub_id, item_id, status="past_due", metadata={"version": "4"}),
            created=1_700_000_050,
        ),
        event("customer.subscription.deleted", final, created=1_700_000_100),
    ]
    return deliveries, final


def deliver_in_order(
    client: Client, endpoint: Any, double: Any, seed: int, order: list[int] | None = None
) -> tuple[Any, dict[str, Any]]:
    sub_id, item_id = f"sub_order{seed:04d}", f"si_order{seed:04d}"
    deliveries, final = lifecycle(sub_id, item_id)
    double.put(final)  # what Stripe holds now, for re-reads
    if order is None:
        order = list(range(len(deliveries)))
        random.Random(seed).shuffle(order)
    for index in order:
        assert post(client, endpoint, deliveries[index]).status_code == 200
    return Subscription.objects.get(id=sub_id), final


@pytest.mark.parametrize("seed", SEEDS)
def test_any_order_ends_at_the_newest_state(
    client: Client, endpoint: Any, double: Any, seed: int
) -> None:
    row, final = deliver_in_order(client, endpoint, double, seed)
    assert row.status == "canceled"
    assert row.metadata == {"version": "final"}
    # the final data, from the cancellation's payload or a re-read of Stripe's copy
    assert row.stripe_data["metadata"] == final["metadata"]
    assert row.stripe_data["canceled_at"] == final["canceled_at"]
    assert SubscriptionItem.objects.filter(subscription_id=row.id).count() == 1
    assert Event.objects.filter(djstripe_status="processed").count() == 6


def test_every_order_of_the_updates_ends_at_the_newest_state(
    client: Client, endpoint: Any, double: Any
) -> None:
    """Exhaustively: all 120 orders of the five events before the cancellation, cancellation
    last; and all 6 positions of the cancellation for a sample of them."""
    for number, head in enumerate(itertools.permutations(range(5))):
        row, _ = deliver_in_order(client, endpoint, double, 1000 + number, [*head, 5])
        assert row.metadata == {"version": "final"}, head
        assert row.status == "canceled"
    for position in range(6):
        order = [0, 1, 2, 3, 4]
        order.insert(position, 5)
        row, _ = deliver_in_order(client, endpoint, double, 2000 + position, order)
        assert row.metadata == {"version": "final"}, order
