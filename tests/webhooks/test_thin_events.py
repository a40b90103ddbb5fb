"""Thin events end to end: the double's event destination delivers ``v2.core.event``
notifications, signed, over real HTTP to the site; the view verifies, stores and
processes them by reading the related object from the double."""

from __future__ import annotations

from typing import Any

import pytest

from djstripe import stripe_api
from djstripe.helpers.event_destinations import ensure_destination
from djstripe.models import Account, AccountV2, Customer, Event, WebhookEndpoint
from djstripe.models.events import EventStatus

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_thin_customer_event_mirrors_the_customer(stripe_double: Any, live_server: Any) -> None:
    endpoint = ensure_destination(live_server.url).endpoint
    stripe_double.delivery_mode = "manual"
    created = stripe_api.create("/v1/customers", {"email": "thin@example.com"})
    results = stripe_double.deliver_pending()
    thin = [r for r in results if r.event_type.startswith("v1.")]
    assert [(r.target_id, r.status, r.event_type) for r in thin] == [
        (endpoint.id, 200, "v1.customer.created")
    ]
    assert Customer.objects.get(id=created["id"]).email == "thin@example.com"
    event = Event.objects.get(type="v1.customer.created")
    assert event.djstripe_status == EventStatus.processed
    assert event.stripe_data["object"] == "v2.core.event"
    assert event.stripe_data["related_object"]["id"] == created["id"]
    assert event.created is not None and event.djstripe_stamp == int(event.created.timestamp())
    # dj-stripe users' queries keep working on thin events
    assert Event.objects.filter(type__startswith="v1.customer").count() == 1


def test_a_thin_event_reads_the_object_as_it_is_now(stripe_double: Any, live_server: Any) -> None:
    """The notification carries no data: the customer is read from the API, so an update
    made before delivery is what the mirror shows."""
    ensure_destination(live_server.url)
    stripe_double.delivery_mode = "manual"
    created = stripe_api.create("/v1/customers", {"email": "old@example.com"})
    stripe_api.update(f"/v1/customers/{created['id']}", {"email": "new@example.com"})
    stripe_double.deliver_pending()
    assert Customer.objects.get(id=created["id"]).email == "new@example.com"
    assert Event.objects.filter(type__startswith="v1.customer.").count() == 2


def test_a_related_object_gone_upstream_is_a_deletion(stripe_double: Any, live_server: Any) -> None:
    ensure_destination(live_server.url, events=["v1.product.created", "v1.product.updated"])
    stripe_double.delivery_mode = "manual"
    product = stripe_api.create("/v1/products", {"name": "Gone soon"})
    stripe_double.deliver_pending()
    from djstripe.models import Product

    assert Product.objects.filter(id=product["id"]).exists()
    stripe_api.update(f"/v1/products/{product['id']}", {"name": "Renamed"})
    stripe_double.delete_object(product["id"])  # gone without an event reaching us
    results = stripe_double.deliver_pending()
    assert [r.status for r in results if r.event_type == "v1.product.updated"] == [200]
    assert not Product.objects.filter(id=product["id"]).exists()
    assert Event.objects.get(type="v1.product.updated").djstripe_status == EventStatus.processed


def test_thin_events_of_an_unmirrored_object_are_recorded_and_acknowledged(
    stripe_double: Any, live_server: Any
) -> None:
    ensure_destination(live_server.url, events=["v1.balance.available"])
    stripe_double.delivery_mode = "manual"
    stripe_double.emit_event("balance.available", {"object": "balance", "available": []})
    results = stripe_double.deliver_pending()
    assert [(r.event_type, r.status) for r in results] == [("v1.balance.available", 200)]
    assert Event.objects.get(type="v1.balance.available").djstripe_status == (EventStatus.unhandled)


def test_thin_events_of_a_connected_account_reach_the_connect_destination(
    stripe_double: Any, live_server: Any
) -> None:
    own = ensure_destination(live_server.url).endpoint
    connect = ensure_destination(live_server.url, connect=True).endpoint
    assert (own.connect, connect.connect) == (False, True)
    shop = stripe_double.create_connected_account(email="shop@example.com")
    stripe_double.delivery_mode = "manual"
    created = stripe_api.create(
        "/v1/customers", {"email": "buyer@shop.example"}, stripe_account=shop["id"]
    )
    results = [r for r in stripe_double.deliver_pending() if r.event_type.startswith("v1.")]
    assert [(r.target_id, r.status) for r in results] == [(connect.id, 200)]
    customer = Customer.objects.get(id=created["id"])
    assert customer.djstripe_owner_account_id == shop["id"]
    assert Account.objects.get(id=shop["id"]).email == "shop@example.com"
    event = Event.objects.get(type="v1.customer.created")
    assert event.stripe_data["context"] == shop["id"]
    assert event.djstripe_owner_account_id == shop["id"]


def test_v2_account_events_sync_the_account_from_the_v2_api(
    stripe_double: Any, live_server: Any
) -> None:
    ensure_destination(live_server.url)
    stripe_double.delivery_mode = "manual"
    account = stripe_api.create(
        "/v2/core/accounts",
        {"display_name": "Acme", "identity": {"country": "us", "entity_type": "company"}},
    )
    stripe_api.update(f"/v2/core/accounts/{account['id']}", {"display_name": "Acme Inc"})
    results = stripe_double.deliver_pending()
    assert sorted(r.event_type for r in results if r.status == 200) == [
        "v2.core.account.created",
        "v2.core.account.updated",
    ]
    row = AccountV2.objects.get(id=account["id"])
    assert row.display_name == "Acme Inc"
    # fields Stripe shows only on request (include) are mirrored
    assert row.identity == {"country": "us", "entity_type": "company"}
    assert row.created is not None


def test_a_redelivered_thin_event_is_processed_once(stripe_double: Any, live_server: Any) -> None:
    from djstripe.event_handlers import djstripe_receiver

    seen: list[str] = []

    @djstripe_receiver("v1.customer.created")
    def count(sender: Any, event: Any, **kwargs: Any) -> None:
        seen.append(event.id)

    ensure_destination(live_server.url)
    stripe_double.delivery_mode = "manual"
    stripe_api.create("/v1/customers", {"email": "once@example.com"})
    stripe_double.dispatcher.mode = "manual"
    pending = list(stripe_double.dispatcher._pending)  # noqa: SLF001 - replay the same jobs
    stripe_double.deliver_pending()
    stripe_double.dispatcher._pending.extend(pending)  # noqa: SLF001
    results = stripe_double.deliver_pending()
    assert {r.status for r in results} == {200}
    assert len(seen) == 1
    assert WebhookEndpoint.objects.filter(id__startswith="ed_").count() == 1
