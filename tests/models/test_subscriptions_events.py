"""A subscription's life as Stripe's events tell it, processed in any order."""

from __future__ import annotations

from typing import Any

import pytest

from djstripe import stripe_api
from djstripe.models import Coupon, Subscription, SubscriptionItem
from djstripe.webhooks.processing import process_event_data

pytestmark = pytest.mark.django_db


def life_of_a_subscription(stripe_double: Any) -> str:
    """Create, change (one item removed, quantity raised) and cancel a subscription."""
    stripe_double.set_time(1_800_000_000)
    customer = stripe_api.create("/v1/customers", {"email": "jenny@example.com"})
    product = stripe_api.create("/v1/products", {"name": "Seats"})
    prices = [
        stripe_api.create(
            "/v1/prices",
            {
                "currency": "eur",
                "unit_amount": amount,
                "product": product["id"],
                "recurring": {"interval": "month"},
            },
        )
        for amount in (1000, 500)
    ]
    stripe_double.advance(60)
    sub = stripe_api.create(
        "/v1/subscriptions",
        {"customer": customer["id"], "items": [{"price": p["id"]} for p in prices]},
    )
    first, second = sub["items"]["data"]
    stripe_double.advance(60)
    stripe_api.update(
        f"/v1/subscriptions/{sub['id']}",
        {"items": [{"id": first["id"], "quantity": 4}, {"id": second["id"], "deleted": True}]},
    )
    stripe_double.advance(60)
    stripe_api.delete(f"/v1/subscriptions/{sub['id']}")
    return sub["id"]


@pytest.mark.parametrize("order", ["oldest first", "newest first"])
def test_any_event_order_ends_in_stripes_state(order: str, stripe_double: Any) -> None:
    sub_id = life_of_a_subscription(stripe_double)
    events = stripe_double.events()  # newest first
    assert events[0]["type"] == "customer.subscription.deleted"
    truth = stripe_double.get(sub_id)

    for event in reversed(events) if order == "oldest first" else events:
        process_event_data(event)

    row = Subscription.objects.get(id=sub_id)
    assert row.status == "canceled" == truth["status"]
    assert set(row.items.values_list("id", "quantity")) == {
        (child["id"], child["quantity"]) for child in truth["items"]["data"]
    }
    assert SubscriptionItem.objects.count() == len(truth["items"]["data"]) == 1
    assert row.quantity == 4  # the single remaining item's


def test_coupon_deleted_event_removes_the_coupon(stripe_double: Any) -> None:
    coupon = stripe_api.create("/v1/coupons", {"percent_off": 15, "duration": "once"})
    stripe_double.advance(5)
    stripe_api.delete(f"/v1/coupons/{coupon['id']}")

    for event in reversed(stripe_double.events()):
        process_event_data(event)

    assert not Coupon.objects.filter(id=coupon["id"]).exists()
