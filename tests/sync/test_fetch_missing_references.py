"""``DJSTRIPE_FETCH_MISSING_REFERENCES = False``: no referenced object is fetched, anywhere.

References to objects not mirrored are left NULL and remembered as pending links; the
next backfill links those whose target it brings in.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from djstripe.models import (
    Account,
    ActiveEntitlement,
    Customer,
    Product,
    Subscription,
    SyncPendingLink,
    WebhookEndpoint,
)
from djstripe.sync.source import Source

from ..conftest import example
from ..webhooks.conftest import endpoint_data, event, post

pytestmark = pytest.mark.django_db

CUSTOMER = "cus_QXg1o8vcGmoR32"
SUB = "sub_1Pgc6rB7WZ01zgkWNy0Cn5nw"


@pytest.fixture
def no_fetching(settings: Any, double: Any) -> Any:
    settings.DJSTRIPE_FETCH_MISSING_REFERENCES = False
    return double


def retrieves(double: Any) -> dict[str, int]:
    """Requests that read one object or one parent's list (never a listing of a model)."""
    return {
        route: count
        for route, count in double.request_counts().items()
        if route.startswith("GET ") and "{id}" in route
    }


def test_a_missing_reference_is_left_unlinked_and_remembered(no_fetching: Any) -> None:
    row = Subscription.sync_from_stripe_data(example("subscription"))

    assert row.customer_id is None
    assert row.stripe_data["customer"] == CUSTOMER
    assert "GET /v1/customers/{id}" not in no_fetching.request_counts()
    assert "GET /v1/products/{id}" not in no_fetching.request_counts()
    pending = SyncPendingLink.objects.get(stripe_id=SUB, field_name="customer_id")
    assert (pending.target_label, pending.target_id) == ("djstripe.Customer", CUSTOMER)


def test_a_webhook_fetches_nothing_either(no_fetching: Any) -> None:
    endpoint = WebhookEndpoint.sync_from_stripe_data(endpoint_data())
    no_fetching.reset_counts()
    delivery = event("customer.subscription.updated", example("subscription"))
    assert post(Client(), endpoint, delivery).status_code == 200
    assert Subscription.objects.get(id=SUB).customer_id is None
    assert retrieves(no_fetching) == {}


def test_lists_stripe_never_embeds_are_not_read(no_fetching: Any) -> None:
    Product.sync_from_stripe_data(example("product"))
    assert "GET /v1/products/{id}/features" not in no_fetching.request_counts()


def test_the_customer_of_active_entitlements_is_not_fetched(no_fetching: Any) -> None:
    entitlement = example("entitlements.active_entitlement")
    summary = {"object": "list", "data": [entitlement], "has_more": False}
    source = Source.event("evt_1", 1_700_000_000)

    rows = ActiveEntitlement.sync_for_customer(CUSTOMER, summary, source=source)

    assert [row.customer_id for row in rows] == [None]
    assert "GET /v1/customers/{id}" not in no_fetching.request_counts()


def test_the_owner_account_is_not_fetched(no_fetching: Any) -> None:
    product = Product.sync_from_stripe_data(example("product"))
    platform = no_fetching.platform_account["id"]
    assert product.djstripe_owner_account_id is None
    assert not Account.objects.filter(id=platform).exists()
    pending = SyncPendingLink.objects.get(
        stripe_id=product.id, field_name="djstripe_owner_account_id"
    )
    assert (pending.target_label, pending.target_id) == ("djstripe.Account", platform)


def test_the_next_backfill_links_what_it_brings_in_and_fetches_nothing(
    no_fetching: Any,
) -> None:
    Subscription.sync_from_stripe_data(example("subscription"))
    no_fetching.reset_counts()

    call_command("djstripe_sync_models", "Customer", stdout=io.StringIO(), rate=0)

    assert Subscription.objects.get(id=SUB).customer_id == CUSTOMER
    assert not SyncPendingLink.objects.filter(stripe_id=SUB, field_name="customer_id").exists()
    # the targets no listing brought in (the prices' product) stay pending, not retrieved
    assert SyncPendingLink.objects.filter(target_label="djstripe.Product").exists()
    counts = no_fetching.request_counts()
    assert "GET /v1/customers/{id}" not in counts
    assert "GET /v1/products/{id}" not in counts


def test_references_are_fetched_by_default(double: Any) -> None:
    row = Subscription.sync_from_stripe_data(example("subscription"))
    assert row.customer_id == CUSTOMER
    assert Customer.objects.filter(id=CUSTOMER).exists()
    assert not SyncPendingLink.objects.exists()
