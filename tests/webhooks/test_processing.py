"""Processing: events stored once, handlers run once, the mirror follows the events."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from djstripe import event_handlers
from djstripe.models import (
    Customer,
    Event,
    Product,
    Subscription,
    Tombstone,
    WebhookEventTrigger,
)
from djstripe.signals import WEBHOOK_SIGNALS

from ..conftest import example
from .conftest import event, post, statement_budget

pytestmark = pytest.mark.django_db

CUSTOMER = "cus_QXg1o8vcGmoR32"


@pytest.fixture
def received() -> Iterator[list[tuple[str, Any]]]:
    """Events seen by receivers connected the way dj-stripe users connect them."""
    calls: list[tuple[str, Any]] = []

    @event_handlers.djstripe_receiver("customer.updated")
    def exact(sender: Any, event: Any, **kwargs: Any) -> None:
        calls.append(("exact", event.id))

    @event_handlers.djstripe_receiver(["customer.created", "customer.deleted"])
    def listed(sender: Any, event: Any, **kwargs: Any) -> None:
        calls.append(("listed", event.id))

    @event_handlers.djstripe_receiver("customer.*")
    def wildcard(sender: Any, event: Any, **kwargs: Any) -> None:
        calls.append(("customer.*", event.id))

    @event_handlers.djstripe_receiver("*")
    def everything(sender: Any, event: Any, **kwargs: Any) -> None:
        calls.append(("*", event.id))

    yield calls
    for signal in WEBHOOK_SIGNALS.values():
        for receiver in (exact, listed, wildcard, everything):
            signal.disconnect(receiver, sender=Event)
    event_handlers._patterns[:] = [
        p for p in event_handlers._patterns if p[1]() not in (wildcard, everything)
    ]


def test_duplicates_store_one_event_and_run_handlers_once(
    client: Client, endpoint: Any, double: Any, received: list
) -> None:
    delivery = event("customer.updated", example("customer", email="once@example.com"))
    for _ in range(3):
        assert post(client, endpoint, delivery).status_code == 200
    assert Event.objects.count() == 1
    assert sorted(received) == sorted(
        [("exact", delivery["id"]), ("customer.*", delivery["id"]), ("*", delivery["id"])]
    )
    triggers = WebhookEventTrigger.objects.all()
    assert [t.processed for t in triggers] == [True, True, True]
    assert {t.event_id for t in triggers} == {delivery["id"]}
    assert Event.objects.get().djstripe_attempts == 1


def test_receivers_by_list_and_pattern(
    client: Client, endpoint: Any, double: Any, received: list
) -> None:
    created = event("customer.created", example("customer"))
    post(client, endpoint, created)
    assert sorted(name for name, _ in received) == ["*", "customer.*", "listed"]


def test_unknown_type_is_stored_acknowledged_and_unhandled(
    client: Client, endpoint: Any, double: Any, received: list
) -> None:
    delivery = event("customer.teleported", example("customer"))
    assert post(client, endpoint, delivery).status_code == 200
    stored = Event.objects.get()
    assert stored.djstripe_status == "unhandled"
    assert Event.objects.unhandled().count() == 1
    assert not Customer.objects.exists()  # an unknown type's meaning is unknown: not mirrored
    assert sorted(received) == [("*", delivery["id"]), ("customer.*", delivery["id"])]


def test_event_about_an_unmirrored_object_is_processed(client: Client, endpoint: Any) -> None:
    delivery = event("balance.available", {"object": "balance", "available": []})
    assert post(client, endpoint, delivery).status_code == 200
    assert Event.objects.get().djstripe_status == "processed"


def test_customer_deleted_is_a_soft_delete(client: Client, endpoint: Any, double: Any) -> None:
    post(client, endpoint, event("customer.created", example("customer"), created=1000))
    post(client, endpoint, event("customer.deleted", example("customer"), created=2000))
    customer = Customer.objects.get()
    assert customer.deleted is True
    assert customer.date_purged is not None


def test_product_deleted_is_a_hard_delete_and_final(
    client: Client, endpoint: Any, double: Any
) -> None:
    product = example("product")
    post(client, endpoint, event("product.created", product, created=1000))
    assert Product.objects.filter(id=product["id"]).exists()
    post(client, endpoint, event("product.deleted", product, created=2000))
    assert not Product.objects.filter(id=product["id"]).exists()
    assert Tombstone.objects.filter(stripe_id=product["id"]).exists()
    post(client, endpoint, event("product.updated", dict(product, name="Back"), created=3000))
    assert not Product.objects.filter(id=product["id"]).exists()


def test_subscription_deleted_is_a_state_change(client: Client, endpoint: Any, double: Any) -> None:
    active = example("subscription")
    post(client, endpoint, event("customer.subscription.created", active, created=1000))
    canceled = dict(example("subscription"), status="canceled", canceled_at=2000, ended_at=2000)
    post(client, endpoint, event("customer.subscription.deleted", canceled, created=2000))
    subscription = Subscription.objects.get(id=active["id"])
    assert subscription.status == "canceled"
    post(client, endpoint, event("customer.subscription.updated", active, created=1500))
    assert Subscription.objects.get(id=active["id"]).status == "canceled"


def test_older_event_never_overwrites_newer_data(
    client: Client, endpoint: Any, double: Any
) -> None:
    post(
        client,
        endpoint,
        event("customer.updated", example("customer", email="new@x.com"), created=2000),
    )
    post(
        client,
        endpoint,
        event("customer.updated", example("customer", email="old@x.com"), created=1000),
    )
    assert Customer.objects.get().email == "new@x.com"


def test_event_of_an_old_api_version_is_re_read_at_the_pinned_version(
    client: Client, endpoint: Any, double: Any
) -> None:
    double.put(example("customer", email="current@example.com"))
    double.reset_counts()
    old = {
        "id": CUSTOMER,
        "object": "customer",
        "account_balance": 0,
        "email": "old@x.com",
        "created": 1234567890,
        "livemode": False,
        "metadata": {},
    }
    post(client, endpoint, event("customer.updated", old, api_version="2016-07-06"))
    assert Customer.objects.get().email == "current@example.com"
    assert double.request_counts().get("GET /v1/customers/{id}") == 1


def test_event_of_a_mapped_older_version_maps_without_a_request(
    client: Client, endpoint: Any, double: Any
) -> None:
    double.reset_counts()
    old = dict(example("customer"), account_balance=-700)
    del old["balance"]
    post(client, endpoint, event("customer.updated", old, api_version="2019-03-14"))
    assert Customer.objects.get().balance == -700
    assert double.request_counts().get("GET /v1/customers/{id}") is None


def test_connect_event_is_attributed_to_its_account_and_re_read_through_it(
    client: Client, connect_endpoint: Any, double: Any
) -> None:
    account = double.create_connected_account()
    customer = example("customer", id="cus_connected1", email="connected@example.com")
    double.put(customer, account=account["id"])
    double.reset_counts()
    stale = {
        "id": "cus_connected1",
        "object": "customer",
        "email": "stale@x.com",
        "account_balance": 0,
        "created": 1234567890,
        "livemode": False,
        "metadata": {},
    }
    delivery = event("customer.updated", stale, api_version="2016-07-06", account=account["id"])
    assert post(client, connect_endpoint, delivery).status_code == 200
    row = Customer.objects.get(id="cus_connected1")
    assert row.email == "connected@example.com"  # re-read with Stripe-Account
    assert row.djstripe_owner_account_id == account["id"]
    assert Event.objects.get().djstripe_owner_account_id == account["id"]


def test_failing_receiver_rolls_everything_back_and_records_a_failure(
    client: Client, endpoint: Any, double: Any
) -> None:
    from djstripe.models import Product

    failing = {"on": True}

    @event_handlers.djstripe_receiver("customer.updated")
    def explode(sender: Any, event: Any, **kwargs: Any) -> None:
        Product.objects.create(id="prod_written_by_receiver")
        if failing["on"]:
            raise RuntimeError("receiver bug")

    try:
        delivery = event("customer.updated", example("customer"))
        response = post(client, endpoint, delivery)
        assert response.status_code == 500
        assert not Customer.objects.exists()  # the mirror's write rolled back too
        assert not Product.objects.exists()  # and the receiver's own write
        stored = Event.objects.get()
        assert stored.djstripe_status == "failed"
        assert "receiver bug" in stored.djstripe_error
        trigger = WebhookEventTrigger.objects.get()
        assert (trigger.valid, trigger.processed) == (True, False)
        assert "RuntimeError: receiver bug" in trigger.exception
        assert "Traceback" in trigger.traceback

        failing["on"] = False  # fixed; Stripe retries the delivery
        assert post(client, endpoint, delivery).status_code == 200
        stored.refresh_from_db()
        assert (stored.djstripe_status, stored.djstripe_attempts) == ("processed", 2)
        assert Customer.objects.count() == 1 and Product.objects.count() == 1
        assert set(WebhookEventTrigger.objects.values_list("processed", flat=True)) == {True}
    finally:
        WEBHOOK_SIGNALS["customer.updated"].disconnect(explode, sender=Event)


def test_processing_error_signal(client: Client, endpoint: Any, double: Any) -> None:
    from djstripe import signals

    seen: list[dict[str, Any]] = []

    def on_error(sender: Any, **kwargs: Any) -> None:
        seen.append(kwargs)

    @event_handlers.djstripe_receiver("customer.updated")
    def explode(sender: Any, event: Any, **kwargs: Any) -> None:
        raise ValueError("nope")

    signals.webhook_processing_error.connect(on_error)
    try:
        post(client, endpoint, event("customer.updated", example("customer")))
    finally:
        signals.webhook_processing_error.disconnect(on_error)
        WEBHOOK_SIGNALS["customer.updated"].disconnect(explode, sender=Event)
    assert len(seen) == 1
    assert isinstance(seen[0]["exception"], ValueError)
    assert isinstance(seen[0]["instance"], WebhookEventTrigger)
    assert {"api_key", "data"} <= set(seen[0])


def test_event_process_and_trigger_process_are_idempotent(double: Any, received: list) -> None:
    data = event("customer.updated", example("customer", email="compat@example.com"))
    first = Event.process(data)
    again = Event.process(json.loads(json.dumps(data)))
    assert first.pk == again.pk and first.djstripe_status == "processed"
    assert Customer.objects.get().email == "compat@example.com"
    assert [name for name, _ in received].count("exact") == 1
    trigger = WebhookEventTrigger.objects.create(
        remote_ip="127.0.0.1", body=json.dumps(data), valid=True
    )
    assert trigger.process().id == data["id"]
    assert trigger.processed is True
    assert [name for name, _ in received].count("exact") == 1


def test_querysets(double: Any) -> None:
    Event.process(event("customer.updated", example("customer"), created=10))
    Event.process(event("invoice.paid", {"object": "invoice"}, created=5))
    Event.process(event("something.new", {"object": "thing"}, created=7))
    assert list(Event.objects.processed().oldest_first().values_list("type", flat=True)) == [
        "invoice.paid",
        "something.new",
        "customer.updated",
    ]
    assert Event.objects.of_type("customer.*").count() == 1
    assert Event.objects.of_type("*.paid").count() == 1
    assert Event.objects.unprocessed().count() == 0


def count_statements(run: Any) -> int:
    count = 0

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        run()
    return count


@pytest.mark.django_db(transaction=True)
def test_a_delivery_costs_at_most_ten_statements(endpoint: Any, double: Any) -> None:
    """Counted as the benchmark counts them: every cursor.execute, BEGIN and savepoints too."""
    client = Client()
    Customer.sync_from_stripe_data(example("customer"))
    newer = event("customer.updated", example("customer", email="n@x.com"), created=2**31)
    older = event("customer.updated", example("customer", email="o@x.com"), created=1000)
    assert count_statements(lambda: post(client, endpoint, newer)) <= statement_budget()
    assert count_statements(lambda: post(client, endpoint, older)) <= statement_budget()
    assert Customer.objects.get().email == "n@x.com"


def test_the_stored_event_is_the_delivered_json_and_receivers_get_plain_data(
    client: Client, endpoint: Any, double: Any
) -> None:
    """The event and its ``data`` are written from their encoding (orjson, sorted keys):
    the same JSON values, non-ASCII text and numbers of every size included."""
    seen: list[Any] = []

    @event_handlers.djstripe_receiver("customer.updated")
    def keep(sender: Any, event: Any, **kwargs: Any) -> None:
        seen.append((type(event.stripe_data), type(event.data), event.data["object"]["id"]))

    metadata = {"zeta": "Zoë ☃ 𝄞", "alpha": "1", "big": "12345678901234567890123"}
    customer = example("customer", email="json@example.com", metadata=metadata, balance=-(2**40))
    delivery = event("customer.updated", customer)
    delivery["data"]["previous_attributes"] = {"balance": 0.5, "metadata": {}, "huge": 2**70}
    try:
        assert post(client, endpoint, delivery).status_code == 200
    finally:
        WEBHOOK_SIGNALS["customer.updated"].disconnect(keep, sender=Event)
    stored = Event.objects.get(id=delivery["id"])
    assert stored.stripe_data == json.loads(json.dumps(delivery))
    assert stored.data == delivery["data"]
    assert seen == [(dict, dict, customer["id"])]
