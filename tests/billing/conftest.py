"""Fixtures for the helper tests: a subscriber, its customer, and prices on the double."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from djstripe import stripe_api


def create(path: str, **params: Any) -> dict[str, Any]:
    """Create an object on the double (as a project would on Stripe); return its data."""
    return stripe_api.request("post", path, params).data


@pytest.fixture
def user(db: Any) -> Any:
    return get_user_model().objects.create_user(
        username="ada", email="ada@example.com", first_name="Ada", last_name="Lovelace"
    )


@pytest.fixture
def other_user(db: Any) -> Any:
    return get_user_model().objects.create_user(username="alan", email="alan@example.com")


@pytest.fixture
def customer(user: Any, stripe_double: Any) -> Any:
    from djstripe.models import Customer

    customer, _ = Customer.get_or_create(subscriber=user)
    return customer


@pytest.fixture
def paying_customer(customer: Any) -> Any:
    """A customer whose default payment method is a working test card."""
    method = create("/v1/payment_methods", type="card", card={"token": "tok_visa"})
    customer.add_payment_method(method["id"])
    return customer


@pytest.fixture
def product(stripe_double: Any) -> dict[str, Any]:
    return create("/v1/products", name="Pro plan")


@pytest.fixture
def monthly_price(product: dict[str, Any]) -> dict[str, Any]:
    return create(
        "/v1/prices",
        product=product["id"],
        unit_amount=2000,
        currency="usd",
        recurring={"interval": "month"},
    )


@pytest.fixture
def yearly_price(product: dict[str, Any]) -> dict[str, Any]:
    return create(
        "/v1/prices",
        product=product["id"],
        unit_amount=20000,
        currency="usd",
        recurring={"interval": "year"},
    )


@pytest.fixture
def deliver(db: Any, stripe_double: Any) -> Any:
    """Signed deliveries of the double's events to djstripe's webhook view; call the
    returned function to deliver the pending ones (statuses returned)."""
    from django.test import Client

    from djstripe.models import WebhookEndpoint

    from ..webhooks.conftest import SECRET, endpoint_data, url_of

    client = Client()

    def target(endpoint: Any) -> Any:
        def post(body: bytes, headers: dict[str, str]) -> int:
            return client.post(
                url_of(endpoint),
                data=body,
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE=headers["Stripe-Signature"],
            ).status_code

        return post

    own = WebhookEndpoint.sync_from_stripe_data(endpoint_data())
    connect = WebhookEndpoint.sync_from_stripe_data(endpoint_data(application="ca_djstripe0tests"))
    stripe_double.delivery_mode = "manual"
    stripe_double.add_webhook_target(target(own), secret=SECRET)
    stripe_double.add_webhook_target(target(connect), secret=SECRET, connect=True)

    def deliver_pending() -> list[int]:
        return [result.status for result in stripe_double.deliver_pending()]

    return deliver_pending
