"""Subscriptions of generated accounts, listed page by page as a backfill does."""

from __future__ import annotations

from typing import Any

import pytest

from djstripe import stripe_api
from djstripe.models import Subscription, SubscriptionItem
from djstripe.sync import sync_page
from djstripe.sync.source import Source

pytestmark = pytest.mark.django_db


def backfill_subscriptions(double: Any) -> None:
    for page in stripe_api.pages(Subscription.api_list_path(), Subscription.list_params):
        sync_page(Subscription, page.objects, source=Source.api(page.stamp))


@pytest.mark.parametrize("shape", ["current", "2020-08-27"])
def test_generated_subscriptions_mirror_exactly(shape: str, stripe_double: Any) -> None:
    stripe_double.generate_account(customers=30, seed=7, api_version_shape=shape)
    expected = {s["id"]: s for s in stripe_double.objects("subscription")}
    items = stripe_double.objects("subscription_item")
    expected_items = {child["id"]: child["subscription"] for child in items}
    stripe_double.reset_counts()

    backfill_subscriptions(stripe_double)

    rows = {row.id: row for row in Subscription.objects.all()}
    assert rows.keys() == expected.keys()
    assert dict(SubscriptionItem.objects.values_list("id", "subscription_id")) == expected_items
    for sub_id, data in expected.items():
        row = rows[sub_id]
        assert row.status == data["status"]
        assert row.customer_id == data["customer"]
        assert row.current_period_start is not None and row.current_period_end is not None
        single = len(data["items"]["data"]) == 1
        assert (row.quantity is not None) == single
    # Every referenced price, plan and customer came with the page or one fetch each.
    counts = stripe_double.request_counts()
    assert counts["GET /v1/subscriptions"] == 1
    assert counts.get("GET /v1/subscription_items", 0) == 0  # at most 3 items each


def test_backfill_twice_changes_nothing(stripe_double: Any) -> None:
    stripe_double.generate_account(customers=10, seed=3)
    backfill_subscriptions(stripe_double)
    before = list(Subscription.objects.order_by("id").values_list("id", "djstripe_hash"))

    backfill_subscriptions(stripe_double)

    after = list(Subscription.objects.order_by("id").values_list("id", "djstripe_hash"))
    assert after == before
    assert SubscriptionItem.objects.count() == len(stripe_double.objects("subscription_item"))
