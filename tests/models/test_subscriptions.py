"""Subscriptions: items kept exact (paged, pruned), periods from either shape, freshness."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from djstripe.models import Plan, Price, Subscription, SubscriptionItem, TaxRate, Tombstone
from djstripe.sync import sync_object, sync_page
from djstripe.sync.source import Source

from ..conftest import example, older_shape

pytestmark = pytest.mark.django_db

SUB = "sub_1Pgc6rB7WZ01zgkWNy0Cn5nw"
KEY = "sk_test_djstripe0tests0key"


def at(epoch: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)


def item(item_id: str, subscription: str = SUB, **changes: Any) -> dict[str, Any]:
    """The example subscription's item under another id."""
    data = example("subscription")["items"]["data"][0]
    data.update(id=item_id, subscription=subscription, **changes)
    return data


def subscription(*items: dict[str, Any], sub_id: str = SUB, **changes: Any) -> dict[str, Any]:
    url = f"/v1/subscription_items?subscription={sub_id}"
    listing = {"object": "list", "data": list(items), "has_more": False, "url": url}
    return example("subscription", id=sub_id, items=listing, **changes)


def sync_event(data: dict[str, Any], event_id: str, created: int, **kwargs: Any) -> Any:
    source = Source.event(event_id, created, api_key=KEY)
    return sync_page(Subscription, [data], source=source, **kwargs)


def item_ids(sub_id: str = SUB) -> set[str]:
    return set(SubscriptionItem.objects.filter(subscription_id=sub_id).values_list("id", flat=True))


def test_items_removed_upstream_are_deleted(double: Any) -> None:
    sync_event(subscription(item("si_a"), item("si_b")), "evt_1", 1000)
    assert item_ids() == {"si_a", "si_b"}

    sync_event(subscription(item("si_a")), "evt_2", 2000)

    assert item_ids() == {"si_a"}
    assert Tombstone.objects.filter(stripe_id="si_b", stamp=2000).exists()
    # A late copy of the older state cannot bring the removed item back.
    sync_event(subscription(item("si_a"), item("si_b")), "evt_0", 500)
    assert item_ids() == {"si_a"}


def test_more_than_ten_items_are_paged_from_the_nested_list(double: Any) -> None:
    items = [item(f"si_many{i:03d}", subscription="sub_many") for i in range(120)]
    double.put(subscription(*items, sub_id="sub_many"))
    double.reset_counts()

    row = Subscription._get_or_retrieve("sub_many")

    assert row.items.count() == 120
    counts = double.request_counts()
    assert counts["GET /v1/subscriptions/{id}"] == 1
    # 10 embedded, then 110 more through /v1/subscription_items?subscription=...: 2 pages.
    assert counts["GET /v1/subscription_items"] == 2


def test_paged_items_are_pruned_only_against_the_complete_list(double: Any) -> None:
    items = [item(f"si_many{i:03d}", subscription="sub_many") for i in range(15)]
    double.put(subscription(*items, sub_id="sub_many"))
    Subscription._get_or_retrieve("sub_many")
    double.delete_object("si_many014")
    double.put(subscription(*items[:14], sub_id="sub_many"))
    double.advance(10)

    Subscription.objects.get(id="sub_many").resync()

    assert item_ids("sub_many") == {f"si_many{i:03d}" for i in range(14)}


def test_a_failing_nested_page_prunes_nothing_and_queues_a_re_read(double: Any) -> None:
    from djstripe.models import PendingReread

    items = [item(f"si_many{i:03d}", subscription="sub_many") for i in range(15)]
    double.put(subscription(*items, sub_id="sub_many"))
    Subscription._get_or_retrieve("sub_many")
    double.advance(10)
    double.inject_fault(
        route="GET /v1/subscription_items", status=500, times=None, should_retry=False
    )

    Subscription.objects.get(id="sub_many").resync()

    assert len(item_ids("sub_many")) == 15
    assert PendingReread.objects.filter(stripe_id="sub_many").exists()


def test_current_period_from_the_items_on_current_versions(double: Any) -> None:
    early = item("si_month", current_period_start=1000, current_period_end=5000)
    late = item("si_year", current_period_start=2000, current_period_end=9000)
    sync_event(subscription(early, late), "evt_1", 1000)

    row = Subscription.objects.get()
    assert (row.current_period_start, row.current_period_end) == (at(1000), at(9000))
    assert row.plan_id is None and row.quantity is None  # two items: no single plan
    by_id = {i.id: i for i in row.items.all()}
    assert by_id["si_month"].current_period_end == at(5000)
    assert by_id["si_year"].current_period_end == at(9000)


def test_current_period_from_the_top_level_on_older_versions(double: Any) -> None:
    Subscription.sync_from_stripe_data(older_shape("subscription_2020-08-27"))

    row = Subscription.objects.get(id="sub_2020OldShape")
    assert (row.current_period_start, row.current_period_end) == (at(1600000000), at(1602592000))
    for child in row.items.all():  # the items had no period of their own yet
        assert (child.current_period_start, child.current_period_end) == (
            at(1600000000),
            at(1602592000),
        )


def test_older_payload_after_newer_changes_nothing_including_items(double: Any) -> None:
    sync_event(subscription(item("si_a", quantity=2), status="past_due"), "evt_2", 2000)
    result = sync_event(
        subscription(item("si_a", quantity=1), item("si_b"), status="active"), "evt_1", 1000
    )

    row = Subscription.objects.get()
    assert row.status == "past_due"
    assert item_ids() == {"si_a"}
    assert SubscriptionItem.objects.get(id="si_a").quantity == 2
    assert result.outcome.skipped["Subscription"] == 1


def test_deleted_event_keeps_the_canceled_subscription(double: Any) -> None:
    sync_event(subscription(item("si_a")), "evt_1", 1000)
    canceled = subscription(item("si_a"), status="canceled", ended_at=1500)

    row = sync_object(
        Subscription, canceled, source=Source.event("evt_2", 2000, api_key=KEY), deleted=True
    )

    assert row is not None and row.status == "canceled"
    assert row.ended_at == at(1500)
    assert item_ids() == {"si_a"}
    assert not Tombstone.objects.filter(stripe_id=SUB).exists()


def test_relations_in_both_directions(double: Any) -> None:
    data = older_shape("subscription_2020-08-27")
    sub = Subscription.sync_from_stripe_data(data)

    customer = sub.customer
    assert set(customer.subscriptions.values_list("id", flat=True)) == {"sub_2020OldShape"}
    assert set(sub.items.values_list("id", flat=True)) == {"si_2020ItemA", "si_2020ItemB"}
    # A plan and a price with the same id live side by side.
    price = Price.objects.get(id="price_2020Shared")
    plan = Plan.objects.get(id="price_2020Shared")
    assert set(price.subscription_items.values_list("id", flat=True)) == {"si_2020ItemA"}
    assert set(plan.subscription_items.values_list("id", flat=True)) == {"si_2020ItemA"}
    item_a = SubscriptionItem.objects.get(id="si_2020ItemA")
    assert set(item_a.tax_rates.values_list("id", flat=True)) == {"txr_2020Item"}
    assert set(sub.default_tax_rates.values_list("id", flat=True)) == {"txr_2020Default"}
    assert set(
        TaxRate.objects.get(id="txr_2020Item").subscription_items.values_list("id", flat=True)
    ) == {"si_2020ItemA"}
    assert set(
        TaxRate.objects.get(id="txr_2020Default").subscriptions.values_list("id", flat=True)
    ) == {"sub_2020OldShape"}


def test_tax_rates_follow_the_newest_data(double: Any) -> None:
    rate = example("tax_rate")
    sync_event(subscription(item("si_a", tax_rates=[rate]), default_tax_rates=[rate]), "e1", 1000)
    assert SubscriptionItem.objects.get().tax_rates.count() == 1
    assert Subscription.objects.get().default_tax_rates.count() == 1

    sync_event(subscription(item("si_a", tax_rates=[]), default_tax_rates=[]), "e2", 2000)

    assert SubscriptionItem.objects.get().tax_rates.count() == 0
    assert Subscription.objects.get().default_tax_rates.count() == 0
    assert TaxRate.objects.filter(id=rate["id"]).exists()  # unlinked, not deleted


def test_single_plan_fields_of_old_versions(double: Any) -> None:
    row = Subscription.sync_from_stripe_data(older_shape("subscription_2017-08-15"))

    assert row.plan_id == "gold-2017"
    assert row.quantity == 3
    child = row.items.get()
    assert child.plan_id == "gold-2017" and child.price_id is None
    assert child.subscription_id == "sub_2017OldShape"  # 2017 items did not name it


@pytest.mark.parametrize(
    "changes",
    [
        {"items": "not a list"},
        {"items": {"object": "list", "data": [None, 7, {"object": "subscription_item"}]}},
        {"quantity": "many", "current_period_start": "soon", "status": "brand_new_status"},
        {"default_tax_rates": [None, {"id": 3}], "discount": {"object": "discount"}},
        {"discounts": [{"object": "discount"}, "di_unknown"], "plan": {"object": "plan"}},
        {"customer": {"object": "customer"}, "schedule": 42, "cancel_at_period_end": None},
        {"quantity": -1, "billing_cycle_anchor": 10**20},
    ],
)
def test_bad_data_never_fails_the_subscription(changes: dict[str, Any], double: Any) -> None:
    data = example("subscription", **changes)

    row = Subscription.sync_from_stripe_data(data)

    assert row.stripe_data == data
    assert row.status == data["status"]


def test_out_of_range_numbers_are_left_empty(double: Any) -> None:
    """A negative or huge quantity cannot break the column (and the batch with it)."""
    data = subscription(item("si_neg", quantity=-3), item("si_huge", quantity=2**40), quantity=-1)

    row = Subscription.sync_from_stripe_data(data)

    assert row.quantity is None
    assert dict(row.items.values_list("id", "quantity")) == {"si_neg": None, "si_huge": None}


def test_discount_attributes_answer_for_both_shapes(double: Any) -> None:
    old = Subscription.sync_from_stripe_data(older_shape("subscription_2020-08-27"))
    new = Subscription.sync_from_stripe_data(example("subscription", discounts=["di_only"]))

    assert old.discount["id"] == "di_2020Discount"
    assert [d["id"] for d in old.discounts] == ["di_2020Discount"]
    assert new.discount == "di_only"
    assert new.discounts == ["di_only"]


def test_old_items_link_the_price_that_shares_their_plans_id(double: Any) -> None:
    """Plans are prices: an item from before prices reaches its price by the plan's id."""
    double.put(example("price", id="gold-2017", unit_amount=1999))

    row = Subscription.sync_from_stripe_data(older_shape("subscription_2017-08-15"))

    child = row.items.get()
    assert child.price_id == "gold-2017"
    assert set(Price.objects.get(id="gold-2017").subscription_items.all()) == {child}
