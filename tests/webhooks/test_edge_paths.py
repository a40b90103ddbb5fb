"""Ids from untrusted input never steer a request to another API path.

``retrieve_event`` validation asks Stripe for the event the (unauthenticated) body
names: its id must look like an event id before anything is sent, and every id put
in a path by ``djstripe.stripe_api`` is quoted, so it stays one path segment.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from djstripe import stripe_api
from djstripe.models import Coupon, Event, WebhookEndpoint, WebhookEventTrigger

from ..conftest import example
from .conftest import event, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def retrieving(endpoint: Any) -> Any:
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        djstripe_validation_method="retrieve_event"
    )
    endpoint.refresh_from_db()
    return endpoint


@pytest.mark.parametrize(
    "event_id",
    [
        "evt_1/../../account",
        "evt_1%2F..%2F..%2Faccount",
        "../account",
        "evt_1?expand[]=data",
        "evt_1#x",
        "evt_1 x",
        "cus_1",
        "evt_",
        "evt_" + "a" * 300,
    ],
)
def test_retrieve_event_refuses_an_id_that_is_not_an_event_id_unasked(
    client: Client, retrieving: Any, double: Any, event_id: str
) -> None:
    double.reset_counts()
    delivery = event("customer.updated", example("customer"), event_id=event_id)
    response = post(client, retrieving, delivery)
    assert response.status_code == 400
    assert double.request_counts() == {}
    assert not Event.objects.exists() and not WebhookEventTrigger.objects.exists()


def test_retrieve_event_asks_for_the_named_event_only(
    client: Client, retrieving: Any, double: Any
) -> None:
    genuine = event("customer.updated", example("customer"), event_id="evt_1Genuine0Event")
    double.put(genuine)
    double.reset_counts()
    assert post(client, retrieving, genuine).status_code == 200
    assert double.request_counts().get("GET /v1/events/{id}") == 1
    assert "GET /v1/account" not in double.request_counts()


@pytest.mark.parametrize(
    ("template", "values", "expected"),
    [
        ("/v1/events/{id}", {"id": "evt_1/../../account"}, "/v1/events/evt_1%2F..%2F..%2Faccount"),
        ("/v1/coupons/{id}", {"id": "SUMMER 25%"}, "/v1/coupons/SUMMER%2025%25"),
        (
            "/v1/customers/{id}/sources/{source}",
            {"id": "cus_1", "source": "card_1?x=y#z"},
            "/v1/customers/cus_1/sources/card_1%3Fx%3Dy%23z",
        ),
        (
            "/v1/subscription_items?subscription={id}",
            {"id": "a&b"},
            "/v1/subscription_items?subscription=a%26b",
        ),
    ],
)
def test_path_quotes_every_id(template: str, values: dict[str, str], expected: str) -> None:
    assert stripe_api.path(template, **values) == expected


@pytest.mark.parametrize("bad", ["", ".", "..", None, 5])
def test_path_refuses_ids_that_cannot_be_one_segment(bad: Any) -> None:
    with pytest.raises(ValueError, match="id"):
        stripe_api.path("/v1/customers/{id}", id=bad)


@pytest.mark.parametrize(
    "path",
    ["/v1/events/evt_1/../../account", "/v1/customers/./cus_1", "/v1/x/%2e%2e/account"],
)
def test_requests_to_paths_with_dot_segments_are_refused_unsent(path: str, double: Any) -> None:
    double.reset_counts()
    with pytest.raises(ValueError, match="path"):
        stripe_api.request("get", path)
    assert double.total_requests() == 0


def test_odd_ids_reach_their_own_object_through_the_double(double: Any) -> None:
    """Coupons and plans have ids chosen by the user: they round-trip, quoted."""
    odd = "SPRING/25 OFF?%"
    created = stripe_api.create("/v1/coupons", {"id": odd, "percent_off": 25, "duration": "once"})
    assert created["id"] == odd
    coupon = Coupon.sync_from_stripe_data(created)
    fetched = coupon.api_retrieve()
    assert fetched["id"] == odd
    updated = stripe_api.update(stripe_api.path("/v1/coupons/{id}", id=odd), {"name": "Spring"})
    assert updated["name"] == "Spring"
    double.reset_counts()
    stripe_api.delete(Coupon.retrieve_path(odd))
    assert double.request_counts() == {"DELETE /v1/coupons/{id}": 1}
