"""Fixtures of the billing tests: the helper tests' subscriber, customer and prices,
and signed deliveries of the double's events to djstripe's webhook view."""

from __future__ import annotations

from typing import Any

import pytest

from ..helpers.conftest import (  # noqa: F401  (fixtures shared with the helper tests)
    create,
    customer,
    monthly_price,
    other_user,
    paying_customer,
    product,
    user,
    yearly_price,
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
