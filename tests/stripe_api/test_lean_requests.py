"""The lean list reader sends what stripe-python sends, over one kept-alive connection."""

from __future__ import annotations

import datetime
import socket
from typing import Any

import pytest
import stripe

from djstripe import stripe_api
from djstripe.stripe_api import lean

from .conftest import Recorder, drop_server_connections

pytestmark = pytest.mark.django_db

PARAMS: list[tuple[str, dict[str, Any]]] = [
    ("/v1/customers", {"limit": 3}),
    ("/v1/customers", {"limit": 2, "expand": ["data.default_source", "data.tax_ids"]}),
    ("/v1/charges", {"created": {"gte": 1_600_000_000, "lt": 1_900_000_000}, "limit": 5}),
    ("/v1/customers", {"email": "zoë+1@example.com", "test_clock": None, "limit": 1}),
    ("/v1/prices", {"active": True, "recurring": {"interval": "month"}, "limit": 4}),
    (
        "/v1/invoices",
        {"created": {"gte": datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)}},
    ),
    ("/v1/subscription_items?subscription=sub_1", {"limit": 100, "starting_after": "si_9"}),
    ("/v1/products", {"ids": ["prod_a", "prod b"], "limit": 10}),
]


def _send_both(path: str, params: dict[str, Any], seen: Recorder, **options: Any) -> tuple:
    """The request as stripe-python sent it, and as the lean path sent it."""
    for send in (stripe_api.request, lean.get):
        try:
            if send is stripe_api.request:
                send("get", path, params, policy=stripe_api.NO_RETRIES, **options)
            else:
                send(path, params, policy=stripe_api.NO_RETRIES, **options)
        except stripe.StripeError:
            pass  # what was sent is the point here, not whether the double accepted it
    by_stripe_python, by_lean = seen.requests[-2], seen.requests[-1]
    assert by_stripe_python.headers["user-agent"].startswith("Stripe/v1 PythonBindings/")
    assert by_lean.headers["user-agent"].startswith("djstripe-mirror/"), "the lean path"
    return by_stripe_python, by_lean


@pytest.mark.parametrize(("path", "params"), PARAMS)
def test_query_string_is_the_one_stripe_python_sends(
    seen: Recorder, path: str, params: dict[str, Any]
) -> None:
    by_stripe_python, by_lean = _send_both(path, params, seen)
    assert by_lean.method == by_stripe_python.method == "GET"
    assert by_lean.target == by_stripe_python.target


def test_nested_and_list_parameters_are_bracketed_and_indexed(seen: Recorder) -> None:
    lean.get("/v1/customers", {"expand": ["data.tax_ids"], "created": {"gte": 5}, "limit": 1})
    assert seen.last.target == (
        "/v1/customers?expand%5B0%5D=data.tax_ids&created%5Bgte%5D=5&limit=1"
    )


def test_headers_are_the_ones_stripe_python_sends(stripe_double: Any, seen: Recorder) -> None:
    account = stripe_double.create_connected_account(email="lean@example.com")["id"]
    by_stripe_python, by_lean = _send_both(
        "/v1/customers", {"limit": 1}, seen, stripe_account=account
    )
    for name in ("authorization", "stripe-version", "stripe-account"):
        assert by_lean.headers[name] == by_stripe_python.headers[name], name
    assert by_lean.headers["stripe-account"] == account
    assert by_lean.headers["authorization"] == f"Bearer {stripe_double.api_key}"
    assert "djstripe-mirror/" in by_lean.headers["user-agent"]
    assert "idempotency-key" not in by_lean.headers


def test_stripe_account_scopes_the_page(stripe_double: Any, seen: Recorder) -> None:
    account = stripe_double.create_connected_account(email="scoped@example.com")["id"]
    stripe_double.generate_account(customers=2, seed=5, account=account)
    platform_ids = {c["id"] for c in stripe_api.iterate("/v1/customers")}
    connected = [c["id"] for c in stripe_api.iterate("/v1/customers", stripe_account=account)]
    assert len(connected) == 2
    assert not platform_ids & set(connected)
    assert "stripe-account" not in seen.requests[0].headers
    assert seen.last.headers["stripe-account"] == account
    assert seen.last.headers["user-agent"].startswith("djstripe-mirror/")


def test_every_page_of_a_list_comes_over_one_connection(stripe_double: Any, seen: Recorder) -> None:
    stripe_double.generate_account(customers=7, seed=3)
    connections = set()
    ids = []
    for page in stripe_api.pages("/v1/customers", page_size=2):
        ids += [c["id"] for c in page.objects]
        connections.update(id(c) for c in lean._connections.by_origin.values())
    assert len(ids) == len(set(ids)) == len(stripe_double.objects("customer"))
    assert len(seen.requests) >= 4
    assert len(connections) == 1


def test_a_connection_the_server_closed_is_replaced_without_a_retry(
    stripe_double: Any, seen: Recorder
) -> None:
    stripe_double.generate_account(customers=3, seed=4)
    with stripe_api.counting() as counter:
        first = list(stripe_api.iterate("/v1/customers"))
        assert drop_server_connections(stripe_double) >= 1
        second = list(stripe_api.iterate("/v1/customers"))
    assert first == second and first
    assert counter.total == 2
    assert counter.retries == 0
    assert len(seen.requests) == 2


def test_an_unreachable_host_is_a_retryable_connection_error(settings: Any, seen: Recorder) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.STRIPE_API_HOST = f"http://127.0.0.1:{port}"
    with pytest.raises(stripe.APIConnectionError) as raised:
        lean.get("/v1/customers", {"limit": 1}, policy=stripe_api.NO_RETRIES)
    assert raised.value.should_retry is True
    assert settings.STRIPE_TEST_SECRET_KEY not in str(raised.value)
    assert settings.STRIPE_TEST_SECRET_KEY not in repr(raised.value)


def test_an_integer_beyond_64_bits_is_read_exactly(stripe_double: Any, seen: Recorder) -> None:
    stripe_double.put(
        {"id": "cus_bigint", "object": "customer", "created": 1_700_000_000, "x": 2**70 + 1}
    )
    found = {c["id"]: c for c in stripe_api.iterate("/v1/customers")}
    assert found["cus_bigint"]["x"] == 2**70 + 1
    assert isinstance(found["cus_bigint"]["x"], int)


def test_the_projects_app_info_is_in_the_user_agent(
    seen: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        stripe, "app_info", {"name": "Shop", "version": "2.1", "url": "https://x.test"}
    )
    lean.get("/v1/customers", {"limit": 1})
    assert seen.last.headers["user-agent"].endswith(" Shop/2.1 (https://x.test)")
    assert '"application": {"name": "Shop"' in seen.last.headers["x-stripe-client-user-agent"]
