"""Entitlements: a product's features read with the product and kept exact, deletions,
a customer's active entitlements."""

from __future__ import annotations

from typing import Any

import pytest

from djstripe import stripe_api
from djstripe.models import ActiveEntitlement, Feature, Price, Product, ProductFeature, Tombstone

from ..conftest import example

pytestmark = pytest.mark.django_db

PRODUCT = "prod_QXg1hqf4jFNsqG"
CUSTOMER = "cus_QXg1o8vcGmoR32"


def attach_features(product: str, count: int) -> list[str]:
    """Create ``count`` features in the double and attach them to ``product``."""
    attached = []
    for n in range(count):
        feature = stripe_api.create(
            "/v1/entitlements/features", {"name": f"Feature {n}", "lookup_key": f"feature-{n}"}
        )
        link = stripe_api.create(
            f"/v1/products/{product}/features", {"entitlement_feature": feature["id"]}
        )
        attached.append(link["id"])
    return attached


def sync_product(product: str) -> Product:
    data, stamp = stripe_api.retrieve(f"/v1/products/{product}")
    return Product.sync_api_read(data, stamp)


def test_product_sync_reads_its_features_completely(double: Any) -> None:
    attached = attach_features(PRODUCT, 12)
    double.reset_counts()

    product = sync_product(PRODUCT)

    assert set(product.features.values_list("id", flat=True)) == set(attached)
    counts = double.request_counts()
    assert counts.get("GET /v1/products/{id}/features") == 1  # one page of up to 100
    link = product.features.get(id=attached[3])
    assert link.entitlement_feature.lookup_key == "feature-3"
    assert list(link.entitlement_feature.product_features.all()) == [link]
    assert Feature.objects.count() == 12


def test_detached_feature_is_removed_when_the_product_is_synced_again(double: Any) -> None:
    first, second = attach_features(PRODUCT, 2)
    sync_product(PRODUCT)
    stripe_api.delete(f"/v1/products/{PRODUCT}/features/{first}")

    product = sync_product(PRODUCT)

    assert list(product.features.values_list("id", flat=True)) == [second]
    assert Tombstone.objects.filter(stripe_id=first).exists()
    assert Feature.objects.count() == 2  # the feature itself still exists


def test_product_seen_inside_other_data_reads_no_features(double: Any) -> None:
    attach_features(PRODUCT, 1)
    double.reset_counts()
    Price.sync_from_stripe_data(example("price", product=example("product")))
    assert "GET /v1/products/{id}/features" not in double.request_counts()
    assert ProductFeature.objects.count() == 0


def test_product_feature_deletion_is_final(double: Any) -> None:
    (link_id,) = attach_features(PRODUCT, 1)
    product = sync_product(PRODUCT)
    link = ProductFeature.objects.get(id=link_id)
    assert link.resync().product_id == PRODUCT  # Stripe's object lacks the product: kept

    deleted = stripe_api.delete(f"/v1/products/{PRODUCT}/features/{link_id}")
    assert ProductFeature.sync_from_stripe_data(deleted) is None
    assert not product.features.exists()
    stale = dict(link.stripe_data)
    assert ProductFeature.sync_from_stripe_data(stale) is None  # older data cannot revive it
    assert not ProductFeature.objects.exists()


def subscribe_to_features(lookup_keys: list[str]) -> str:
    """Subscribe the example customer to a product with these features; return the
    subscription (the double derives active entitlements from live subscriptions)."""
    product = stripe_api.create("/v1/products", {"name": "Plan with features"})
    for key in lookup_keys:
        feature = stripe_api.create("/v1/entitlements/features", {"name": key, "lookup_key": key})
        stripe_api.create(
            f"/v1/products/{product['id']}/features", {"entitlement_feature": feature["id"]}
        )
    price = stripe_api.create(
        "/v1/prices",
        {
            "product": product["id"],
            "unit_amount": 1000,
            "currency": "usd",
            "recurring": {"interval": "month"},
        },
    )
    subscription = stripe_api.create(
        "/v1/subscriptions",
        {"customer": CUSTOMER, "items": [{"price": price["id"]}], "trial_period_days": 7},
    )
    return subscription["id"]


def test_active_entitlements_of_a_customer_are_mirrored_exactly(double: Any) -> None:
    first = subscribe_to_features(["seats", "exports"])
    subscribe_to_features(["api"])
    double.reset_counts()

    rows = ActiveEntitlement.sync_for_customer(CUSTOMER)

    assert {row.lookup_key for row in rows} == {"seats", "exports", "api"}
    assert double.request_counts().get("GET /v1/entitlements/active_entitlements") == 1
    customer = rows[0].customer
    assert customer.id == CUSTOMER
    assert customer.active_entitlements.count() == 3
    assert rows[0].feature.active_entitlements.get() == rows[0]

    stripe_api.delete(f"/v1/subscriptions/{first}")
    rows = ActiveEntitlement.sync_for_customer(customer)

    assert [row.lookup_key for row in rows] == ["api"]
    assert list(ActiveEntitlement.objects.values_list("lookup_key", flat=True)) == ["api"]


def test_active_entitlements_from_a_summary_need_no_request(double: Any) -> None:
    from djstripe.sync.source import Source

    entitlement = example("entitlements.active_entitlement")
    summary = {"object": "list", "data": [entitlement], "has_more": False}
    double.reset_counts()
    rows = ActiveEntitlement.sync_for_customer(
        CUSTOMER, summary, source=Source.event("evt_1", 1_700_000_000)
    )
    assert [row.customer_id for row in rows] == [CUSTOMER]
    assert "GET /v1/entitlements/active_entitlements" not in double.request_counts()


def summary_event(event_id: str, created: int) -> dict[str, Any]:
    """An ``entitlements.active_entitlement_summary.updated`` event for the customer."""
    return {
        "id": event_id,
        "object": "event",
        "api_version": "2026-10-28.endive",
        "created": created,
        "livemode": False,
        "pending_webhooks": 0,
        "request": {"id": None, "idempotency_key": None},
        "type": "entitlements.active_entitlement_summary.updated",
        "data": {
            "object": {
                "object": "entitlements.active_entitlement_summary",
                "customer": CUSTOMER,
                "livemode": False,
                "entitlements": {"object": "list", "data": [], "has_more": False},
            }
        },
    }


def test_summary_events_leave_the_newest_entitlements_whatever_their_order(double: Any) -> None:
    from djstripe.models import Event

    subscription = subscribe_to_features(["seats"])
    newer = summary_event("evt_newer", 1_800_000_000)
    older = summary_event("evt_older", 1_700_000_000)  # its payload is stale: not trusted
    older["data"]["object"]["entitlements"]["data"] = [example("entitlements.active_entitlement")]

    Event.process(newer)
    assert list(ActiveEntitlement.objects.values_list("lookup_key", flat=True)) == ["seats"]
    stripe_api.delete(f"/v1/subscriptions/{subscription}")
    Event.process(older)

    assert not ActiveEntitlement.objects.exists()
    assert set(Event.objects.values_list("djstripe_status", flat=True)) == {"processed"}


def test_a_same_second_product_event_lists_the_features_once(double: Any) -> None:
    """The tie with the stored row is settled by re-reading the product; its features are
    listed for the re-read only, not also for the event's copy it replaces."""
    from djstripe.models import Event

    double.set_time(1_800_000_000)  # every write below happens in the same second
    product = stripe_api.create("/v1/products", {"name": "Tied"})
    attached = attach_features(product["id"], 2)
    stripe_api.update(f"/v1/products/{product['id']}", {"name": "Tied, renamed"})
    (created,) = double.events(type="product.created")
    (updated,) = double.events(type="product.updated")
    Event.process(created)
    double.reset_counts()

    Event.process(updated)

    assert double.request_counts().get("GET /v1/products/{id}/features") == 1
    row = Product.objects.get(id=product["id"])
    assert row.name == "Tied, renamed"
    assert set(row.features.values_list("id", flat=True)) == set(attached)


def test_a_summary_event_writes_with_the_event_status(double: Any) -> None:
    """The entitlements change commits with the event's status: a failing receiver rolls
    it back with the event (it is retried), instead of leaving it written."""
    from djstripe.event_handlers import djstripe_receiver
    from djstripe.models import Event
    from djstripe.signals import WEBHOOK_SIGNALS

    subscribe_to_features(["seats"])
    event_type = "entitlements.active_entitlement_summary.updated"

    @djstripe_receiver(event_type)
    def explode(sender: Any, event: Any, **kwargs: Any) -> None:
        raise RuntimeError("receiver bug")

    try:
        with pytest.raises(RuntimeError):
            Event.process(summary_event("evt_summary", 1_800_000_000))
        assert not ActiveEntitlement.objects.exists()
    finally:
        WEBHOOK_SIGNALS[event_type].disconnect(explode, sender=Event)
    Event.process(summary_event("evt_summary", 1_800_000_000))  # the retry
    assert list(ActiveEntitlement.objects.values_list("lookup_key", flat=True)) == ["seats"]


def test_a_list_older_than_a_stored_entitlement_does_not_remove_it(double: Any) -> None:
    """The customer's list is read apart from the customer: it prunes only the rows it is
    fresher than (an older event's list leaves what a newer one wrote)."""
    from djstripe.sync import Source

    entitlement = example("entitlements.active_entitlement")
    newer = {"object": "list", "data": [entitlement], "has_more": False}
    ActiveEntitlement.sync_for_customer(CUSTOMER, newer, source=Source.event("evt_2", 2_000))
    empty = {"object": "list", "data": [], "has_more": False}

    ActiveEntitlement.sync_for_customer(CUSTOMER, empty, source=Source.event("evt_1", 1_000))
    assert ActiveEntitlement.objects.filter(customer_id=CUSTOMER).count() == 1
    ActiveEntitlement.sync_for_customer(CUSTOMER, empty, source=Source.event("evt_3", 3_000))
    assert not ActiveEntitlement.objects.exists()
