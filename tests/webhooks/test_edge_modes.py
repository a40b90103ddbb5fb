"""An endpoint receives the events of its own mode only: a test-mode secret never
writes live data, and a live endpoint never takes test events of its own account.

(Connect endpoints differ in one documented way, see ``test_edge_connect``: Stripe
sends test events of live-connected accounts to live Connect endpoints too.)
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.test import Client

from djstripe.models import Customer, Event, WebhookEndpoint, WebhookEventTrigger

from ..conftest import example
from .conftest import endpoint_data, event, post

pytestmark = pytest.mark.django_db

SECURITY_LOGGER = "djstripe.webhooks.security"
LIVE_SECRET = "whsec_live_endpoint_secret_0123"


def stored() -> tuple[int, int]:
    return WebhookEventTrigger.objects.count(), Event.objects.count()


def security_messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == SECURITY_LOGGER]


@pytest.fixture
def live_customer(double: Any) -> Customer:
    """A live customer in the mirror (as a live backfill leaves it)."""
    data = example("customer", livemode=True, email="live@example.com", balance=0)
    data["metadata"] = {"tier": "gold"}
    return Customer.sync_from_stripe_data(data)


def test_live_event_signed_with_a_test_endpoints_secret_is_refused(
    client: Client, endpoint: Any, live_customer: Customer, caplog: pytest.LogCaptureFixture
) -> None:
    assert endpoint.livemode is False
    forged = example("customer", livemode=True, email="attacker@example.com", balance=-100000)
    forged["metadata"] = {"tier": "free"}
    with caplog.at_level(logging.WARNING, logger=SECURITY_LOGGER):
        response = post(client, endpoint, event("customer.updated", forged, livemode=True))
    assert response.status_code == 400
    assert stored() == (0, 0)
    live_customer.refresh_from_db()
    assert (live_customer.email, live_customer.balance, live_customer.metadata) == (
        "live@example.com",
        0,
        {"tier": "gold"},
    )
    (message,) = security_messages(caplog)
    assert endpoint.id in message and "live" in message


def test_test_event_on_a_live_endpoint_is_refused(
    client: Client, double: Any, caplog: pytest.LogCaptureFixture
) -> None:
    live = WebhookEndpoint.sync_from_stripe_data(endpoint_data(LIVE_SECRET, livemode=True))
    delivery = event("customer.updated", example("customer", email="t@example.com"))
    with caplog.at_level(logging.WARNING, logger=SECURITY_LOGGER):
        response = post(client, live, delivery, secret=LIVE_SECRET)
    assert response.status_code == 400
    assert stored() == (0, 0)
    assert not Customer.objects.exists()
    assert len(security_messages(caplog)) == 1


def test_event_without_a_boolean_livemode_is_refused(client: Client, endpoint: Any) -> None:
    for livemode in (None, "false", 0):
        delivery = event("customer.updated", example("customer"), livemode=livemode)
        assert post(client, endpoint, delivery).status_code == 400
    assert stored() == (0, 0)


def test_endpoint_of_unknown_mode_refuses_deliveries(client: Client, double: Any) -> None:
    """A row without a mode (made by hand) cannot say which data it may write."""
    unknown = WebhookEndpoint.sync_from_stripe_data(endpoint_data())
    WebhookEndpoint.objects.filter(pk=unknown.pk).update(livemode=None)
    unknown.refresh_from_db()
    assert post(client, unknown, event("customer.updated", example("customer"))).status_code == 400
    assert stored() == (0, 0)


def test_same_mode_is_accepted(client: Client, double: Any) -> None:
    live = WebhookEndpoint.sync_from_stripe_data(endpoint_data(LIVE_SECRET, livemode=True))
    delivery = event("customer.updated", example("customer", livemode=True), livemode=True)
    assert post(client, live, delivery, secret=LIVE_SECRET).status_code == 200
    assert stored() == (1, 1)


def test_retrieve_event_refuses_a_mode_mismatch_before_asking_stripe(
    client: Client, endpoint: Any, double: Any
) -> None:
    """The body's mode decides which key would be used: a mismatch is refused unasked."""
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        djstripe_validation_method="retrieve_event"
    )
    endpoint.refresh_from_db()
    double.reset_counts()
    delivery = event("customer.updated", example("customer", livemode=True), livemode=True)
    assert post(client, endpoint, delivery).status_code == 400
    assert double.total_requests() == 0
    assert stored() == (0, 0)
