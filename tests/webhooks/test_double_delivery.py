"""The real path: writes to the Stripe API double emit events, which the double signs
and delivers to djstripe's webhook view."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from djstripe import stripe_api
from djstripe.models import Customer, Event, WebhookEndpoint, WebhookEventTrigger

from .conftest import SECRET, url_of

pytestmark = pytest.mark.django_db


def test_callable_target_receives_signed_events(stripe_double: Any, endpoint: Any) -> None:
    client = Client()

    def deliver(body: bytes, headers: dict[str, str]) -> int:
        return client.post(
            url_of(endpoint),
            data=body,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=headers["Stripe-Signature"],
        ).status_code

    stripe_double.delivery_mode = "manual"  # delivered from this thread, in the test's transaction
    stripe_double.add_webhook_target(deliver, secret=SECRET)
    created = stripe_api.create("/v1/customers", {"email": "first@example.com"})
    stripe_api.update(f"/v1/customers/{created['id']}", {"email": "second@example.com"})
    results = stripe_double.deliver_pending()
    assert [r.status for r in results] == [200, 200]
    assert Customer.objects.get(id=created["id"]).email == "second@example.com"
    assert sorted(Event.objects.values_list("type", flat=True)) == [
        "customer.created",
        "customer.updated",
    ]
    assert WebhookEventTrigger.objects.filter(valid=True, processed=True).count() == 2


def test_target_with_the_wrong_secret_is_refused(stripe_double: Any, endpoint: Any) -> None:
    client = Client()

    def deliver(body: bytes, headers: dict[str, str]) -> int:
        return client.post(
            url_of(endpoint),
            data=body,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=headers["Stripe-Signature"],
        ).status_code

    stripe_double.delivery_mode = "manual"
    stripe_double.add_webhook_target(deliver, secret="whsec_not_the_endpoints")
    stripe_api.create("/v1/customers", {"email": "x@example.com"})
    assert [r.status for r in stripe_double.deliver_pending()] == [400]
    assert not Event.objects.exists() and not WebhookEventTrigger.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_endpoint_created_through_the_api_receives_deliveries_over_http(
    stripe_double: Any, live_server: Any
) -> None:
    """``WebhookEndpoint.create_for_site`` registers the endpoint with (the double of) Stripe,
    which then POSTs signed events to the live server, as Stripe does."""
    endpoint = WebhookEndpoint.create_for_site(live_server.url)
    assert endpoint.secret and endpoint.secret.startswith("whsec_")
    assert endpoint.url == live_server.url + url_of(endpoint)
    stripe_double.delivery_mode = "manual"
    created = stripe_api.create("/v1/customers", {"email": "over-http@example.com"})
    results = stripe_double.deliver_pending()
    assert [r.status for r in results] == [200]
    assert results[0].target == endpoint.url
    assert Customer.objects.get(id=created["id"]).email == "over-http@example.com"
    assert WebhookEventTrigger.objects.get().webhook_endpoint_id == endpoint.id
