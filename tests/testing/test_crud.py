"""Create, retrieve, update, delete through stripe-python, and Stripe's error shapes."""

from __future__ import annotations

import json
import urllib.request

import pytest
import stripe

from djstripe.testing import StripeDouble

from .conftest import API_KEY, global_api_base


def test_create_retrieve_update_delete_customer(client, double):
    double.set_time(1_800_000_000)
    created = client.v1.customers.create(
        params={"email": "ada@example.com", "metadata": {"plan": "gold", "tier": "1"}}
    )
    assert created.id.startswith("cus_") and len(created.id) == 18
    assert created.created == 1_800_000_000
    assert created.livemode is False
    assert created.email == "ada@example.com"

    fetched = client.v1.customers.retrieve(created.id)
    assert fetched.to_dict() == created.to_dict()

    updated = client.v1.customers.update(
        created.id, params={"name": "Ada", "metadata": {"tier": ""}, "description": "vip"}
    )
    assert updated.name == "Ada" and updated.description == "vip"
    assert updated.metadata.to_dict() == {"plan": "gold"}

    deleted = client.v1.customers.delete(created.id)
    assert deleted.deleted is True and deleted.id == created.id
    # Stripe keeps answering for a deleted customer with the deleted stub
    assert client.v1.customers.retrieve(created.id).deleted is True
    assert created.id not in [c.id for c in client.v1.customers.list().data]
    with pytest.raises(stripe.InvalidRequestError) as raised:
        client.v1.customers.retrieve("cus_never")
    assert raised.value.http_status == 404
    assert raised.value.code == "resource_missing"
    assert raised.value.param == "id"
    assert "No such customer: 'cus_never'" in str(raised.value)


def test_template_comes_from_stripe_examples_without_placeholders(client):
    price = client.v1.prices.create(
        params={
            "currency": "usd",
            "unit_amount": 1200,
            "recurring": {"interval": "month"},
            "product_data": {"name": "Gold"},
        }
    )
    assert price.type == "recurring" and price.recurring.interval_count == 1
    assert str(price.unit_amount_decimal) == "1200"
    assert price.transform_quantity is None  # the example's placeholder is gone
    product = client.v1.products.retrieve(price.product)
    assert product.name == "Gold"


def test_module_level_api_with_api_base(double):
    with global_api_base(double.url):
        created = stripe.Customer.create(api_key=API_KEY, email="b@example.com")
        listed = stripe.Customer.list(api_key=API_KEY, limit=3)
    assert [customer.id for customer in listed.data] == [created.id]


def test_unknown_ids_in_params_are_rejected(client):
    with pytest.raises(stripe.InvalidRequestError) as raised:
        client.v1.subscriptions.create(
            params={"customer": "cus_missing", "items": [{"price": "price_missing"}]}
        )
    assert raised.value.http_status == 400
    assert raised.value.code == "resource_missing"
    assert raised.value.param == "customer"


def test_missing_required_param(client):
    with pytest.raises(stripe.InvalidRequestError) as raised:
        client.v1.subscription_items.list(params={})  # type: ignore[typeddict-item]
    assert raised.value.code == "parameter_missing"
    assert raised.value.param == "subscription"


def test_authentication_errors(double):
    bad = stripe.StripeClient("pk_test_publishable", base_addresses={"api": double.url})
    with pytest.raises(stripe.AuthenticationError) as raised:
        bad.v1.customers.list()
    assert raised.value.http_status == 401

    request = urllib.request.Request(f"{double.url}/v1/customers")
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(request)
    body = json.loads(missing.value.read())
    assert missing.value.code == 401
    assert body["error"]["type"] == "invalid_request_error"
    assert body["error"]["message"].startswith("You did not provide an API key.")


def test_unrecognized_url_and_response_headers(double):
    request = urllib.request.Request(
        f"{double.url}/v1/foo",
        headers={"Authorization": f"Bearer {API_KEY}", "Stripe-Version": "2020-08-27"},
    )
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request)
    error = raised.value
    assert error.code == 404
    assert json.loads(error.read())["error"]["message"].startswith(
        "Unrecognized request URL (GET: /v1/foo)."
    )
    assert error.headers["Request-Id"].startswith("req_")
    assert error.headers["Stripe-Version"] == "2020-08-27"
    assert error.headers["Date"].endswith("GMT")


def test_date_header_follows_the_clock(double):
    double.set_time(1_767_225_600)
    request = urllib.request.Request(
        f"{double.url}/v1/account", headers={"Authorization": f"Bearer {API_KEY}"}
    )
    with urllib.request.urlopen(request) as response:
        assert response.headers["Date"] == "Thu, 01 Jan 2026 00:00:00 GMT"
        assert response.headers["Stripe-Version"] == "2026-10-28.endive"


def test_live_and_test_objects_are_separate(double):
    test = stripe.StripeClient("sk_test_x", base_addresses={"api": double.url})
    live = stripe.StripeClient("sk_live_x", base_addresses={"api": double.url})
    created = live.v1.customers.create(params={"email": "live@example.com"})
    assert created.livemode is True
    assert [c.id for c in live.v1.customers.list().data] == [created.id]
    assert test.v1.customers.list().data == []


def test_idempotent_replay(client, double):
    first = client.v1.customers.create(
        params={"email": "x@example.com"}, options={"idempotency_key": "key-1"}
    )
    again = client.v1.customers.create(
        params={"email": "x@example.com"}, options={"idempotency_key": "key-1"}
    )
    assert again.id == first.id
    assert len(double.objects("customer")) == 1
    with pytest.raises(stripe.IdempotencyError):
        client.v1.customers.create(
            params={"email": "other@example.com"}, options={"idempotency_key": "key-1"}
        )


def test_put_get_objects_delete_object():
    double = StripeDouble()
    stored = double.put(
        {"object": "customer", "id": "cus_put", "email": "p@example.com", "created": 10}
    )
    double.put({"object": "customer", "id": "cus_put2", "created": 20})
    assert stored["email"] == "p@example.com"
    assert double.get("cus_put")["email"] == "p@example.com"
    assert [c["id"] for c in double.objects("customer")] == ["cus_put2", "cus_put"]
    assert double.delete_object("cus_put") is True
    assert double.get("cus_put") is None


def test_load_fixtures_keeps_example_ids(client, double):
    double.load_fixtures()
    assert client.v1.customers.retrieve("cus_QXg1o8vcGmoR32").object == "customer"
    invoice = client.v1.invoices.retrieve("in_1Pgc6tB7WZ01zgkWu9fdqL6I")
    assert invoice.lines.data
    assert client.v1.coupons.retrieve("Z4OV52SU").percent_off == 25.5


def test_concurrent_clients(double):
    """Threads writing and listing at once: every write lands, ids stay unique."""
    import threading

    failures: list[BaseException] = []

    def work(worker: int) -> None:
        client = stripe.StripeClient(API_KEY, base_addresses={"api": double.url})
        try:
            for number in range(15):
                client.v1.customers.create(params={"email": f"{worker}-{number}@example.com"})
                client.v1.customers.list(params={"limit": 5})
        except BaseException as error:  # reported by the assertion below
            failures.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    ids = [customer["id"] for customer in double.objects("customer")]
    assert len(ids) == len(set(ids)) == 120
    assert double.request_counts() == {"GET /v1/customers": 120, "POST /v1/customers": 120}
