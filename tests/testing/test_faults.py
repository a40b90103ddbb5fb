"""Injected faults and request counting, seen through stripe-python."""

from __future__ import annotations

import json
import time
import urllib.request

import pytest
import stripe

from .conftest import API_KEY


def test_429_then_stripe_python_retries(double):
    fault = double.inject_fault(
        "GET /v1/customers", status=429, times=1, retry_after=0, should_retry=True
    )
    client = stripe.StripeClient(API_KEY, base_addresses={"api": double.url}, max_network_retries=2)
    assert client.v1.customers.list().data == []
    assert fault.fired == 1
    assert double.request_counts() == {"GET /v1/customers": 2}
    assert double.status_counts() == {"200": 1, "429": 1}


def test_429_shape_and_headers(client, double):
    double.inject_fault("GET /v1/customers", status=429, retry_after=2, should_retry=False)
    with pytest.raises(stripe.RateLimitError) as raised:
        client.v1.customers.list()
    error = raised.value
    assert error.http_status == 429
    assert error.headers["Retry-After"] == "2"
    assert error.headers["Stripe-Should-Retry"] == "false"
    assert error.error.type == "rate_limit_error"
    assert client.v1.customers.list().data == []  # times=1: only the first one failed


def test_500_and_after(client, double):
    customer = client.v1.customers.create()
    double.inject_fault("GET /v1/customers/{id}", status=500, after=1, times=None)
    assert client.v1.customers.retrieve(customer.id).id == customer.id
    with pytest.raises(stripe.APIError) as raised:
        client.v1.customers.retrieve(customer.id)
    assert raised.value.http_status == 500
    double.clear_faults()
    assert client.v1.customers.retrieve(customer.id).id == customer.id


def test_probability_is_deterministic_with_a_seed(client, double):
    def outcomes():
        double.clear_faults()
        double.inject_fault("GET /v1/products", status=500, times=None, probability=0.5, seed=42)
        seen = []
        for _ in range(20):
            try:
                client.v1.products.list()
                seen.append("ok")
            except stripe.APIError:
                seen.append("fail")
        return seen

    first = outcomes()
    assert first == outcomes()
    assert 0 < first.count("fail") < 20


def test_delay_without_status_slows_a_route(client, double):
    double.inject_fault("GET /v1/products", status=None, delay=0.2, times=1)
    started = time.monotonic()
    client.v1.products.list()
    assert time.monotonic() - started >= 0.2


def test_wildcard_route_and_error_type(client, double):
    double.inject_fault("*", status=402, error_type="card_error")
    with pytest.raises(stripe.CardError):
        client.v1.customers.create()


def test_counts_use_route_templates_and_stats_endpoint(client, double):
    customer = client.v1.customers.create()
    client.v1.customers.retrieve(customer.id)
    client.v1.customers.retrieve(customer.id)
    invoice = client.v1.invoices.create(params={"customer": customer.id})
    client.v1.invoices.line_items.list(invoice.id)
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.customers.retrieve("cus_missing")
    assert double.request_counts() == {
        "GET /v1/customers/{id}": 3,
        "GET /v1/invoices/{id}/lines": 1,
        "POST /v1/customers": 1,
        "POST /v1/invoices": 1,
    }
    assert double.total_requests() == 6
    with urllib.request.urlopen(f"{double.url}/__double/stats") as response:
        stats = json.loads(response.read())
    assert stats["total"] == 6 and stats["by_status"] == {"200": 5, "404": 1}
    reset = urllib.request.Request(f"{double.url}/__double/reset", method="POST", data=b"")
    urllib.request.urlopen(reset).close()
    assert double.total_requests() == 0
    double.reset_counts()
