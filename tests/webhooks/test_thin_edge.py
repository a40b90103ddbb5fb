"""Thin deliveries follow the same rules as snapshot ones: signature (any of the
endpoint's secrets), tolerance both ways, mode, Connect context, a well-formed body,
and the freshness rule for what they mirror."""

from __future__ import annotations

import datetime
import time
import uuid
from typing import Any

import pytest
from django.test import Client

from djstripe import stripe_api
from djstripe.models import Customer, Event, WebhookEndpoint

from .conftest import SECRET, endpoint_data, event, post

pytestmark = pytest.mark.django_db


def rfc3339(epoch: int) -> str:
    return (
        datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC).isoformat().replace("+00:00", "Z")
    )


def thin_event(
    related: dict[str, Any] | None,
    *,
    event_type: str = "v1.customer.updated",
    created: int | None = None,
    **changes: Any,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": f"evt_test_{uuid.uuid4().hex[:24]}",
        "object": "v2.core.event",
        "type": event_type,
        "created": rfc3339(created or int(time.time())),
        "livemode": False,
        "reason": None,
    }
    if related is not None:
        data["related_object"] = related
    data.update(changes)
    return data


def customer_ref(customer_id: str) -> dict[str, Any]:
    return {"id": customer_id, "type": "customer", "url": f"/v1/customers/{customer_id}"}


@pytest.fixture
def customer(stripe_double: Any) -> dict[str, Any]:
    return stripe_api.create("/v1/customers", {"email": "now@example.com"})


def test_signed_thin_delivery_is_stored_and_processed(
    client: Client, endpoint: Any, customer: dict[str, Any]
) -> None:
    response = post(client, endpoint, thin_event(customer_ref(customer["id"])))
    assert response.status_code == 200, response.content
    assert Customer.objects.get(id=customer["id"]).email == "now@example.com"
    stored = Event.objects.get()
    assert stored.djstripe_status == "processed"
    assert stored.customer.id == customer["id"]  # dj-stripe's Event.customer


@pytest.mark.parametrize(
    "kwargs",
    [
        {"secret": "whsec_someone_else"},
        {"timestamp": int(time.time()) - 3600},
        {"timestamp": int(time.time()) + 3600},
        {"signature": "t=1,v0=abc"},
    ],
)
def test_badly_signed_thin_delivery_is_400(
    client: Client, endpoint: Any, customer: dict[str, Any], kwargs: dict[str, Any]
) -> None:
    response = post(client, endpoint, thin_event(customer_ref(customer["id"])), **kwargs)
    assert response.status_code == 400
    assert not Event.objects.exists()


def test_rotated_secret_signs_thin_deliveries_too(
    client: Client, endpoint: Any, customer: dict[str, Any]
) -> None:
    endpoint.roll_secret("whsec_new_secret_0123456789")
    response = post(client, endpoint, thin_event(customer_ref(customer["id"])), secret=SECRET)
    assert response.status_code == 200


def test_live_thin_event_at_a_test_endpoint_is_400(
    client: Client, endpoint: Any, customer: dict[str, Any]
) -> None:
    body = thin_event(customer_ref(customer["id"]), livemode=True)
    assert post(client, endpoint, body).status_code == 400
    assert not Event.objects.exists()


def test_context_decides_the_endpoint(client: Client, endpoint: Any, stripe_double: Any) -> None:
    connect = WebhookEndpoint.sync_from_stripe_data(endpoint_data(application="ca_thin0tests"))
    shop = stripe_double.create_connected_account(email="shop@example.com")
    created = stripe_api.create(
        "/v1/customers", {"email": "c@x.example"}, stripe_account=shop["id"]
    )
    body = thin_event(customer_ref(created["id"]), context=shop["id"])
    assert post(client, endpoint, body).status_code == 400  # not a Connect endpoint
    own = thin_event(customer_ref(created["id"]))
    assert post(client, connect, own).status_code == 400  # the platform's own event
    assert post(client, connect, body).status_code == 200
    assert Customer.objects.get(id=created["id"]).djstripe_owner_account_id == shop["id"]


@pytest.mark.parametrize(
    "changes",
    [
        {"created": 1700000000},
        {"created": "yesterday"},
        {"created": "2026-01-01T00:00:00"},  # no time zone
        {"id": ""},
        {"type": None},
        {"context": 12},
        {"related_object": "cus_1"},
        {"related_object": {"id": "cus_1", "type": "customer", "url": "https://evil.example/x"}},
        {"related_object": {"id": "cus_1", "type": "customer", "url": "/v1/customers/../account"}},
        {"related_object": {"id": "cus_1", "type": "customer", "url": "/v1/customers/cus_2"}},
        {"related_object": {"id": "cus_1", "type": "customer"}},
    ],
)
def test_malformed_thin_events_are_400(
    client: Client, endpoint: Any, changes: dict[str, Any]
) -> None:
    body = thin_event(customer_ref("cus_1"))
    body.update(changes)
    response = post(client, endpoint, body)
    assert response.status_code == 400
    assert not Event.objects.exists()


def test_thin_event_without_related_object_is_acknowledged(client: Client, endpoint: Any) -> None:
    body = thin_event(None, event_type="v1.billing.meter.error_report_triggered")
    assert post(client, endpoint, body).status_code == 200
    assert Event.objects.get().djstripe_status == "unhandled"


def test_an_older_snapshot_event_does_not_undo_a_thin_event(
    client: Client, endpoint: Any, customer: dict[str, Any]
) -> None:
    """The object read for a thin event is stamped with Stripe's time of the read (never
    before the event's ``created``): a snapshot event from before it changes nothing."""
    now = int(time.time())
    body = thin_event(customer_ref(customer["id"]), created=now - 50)
    assert post(client, endpoint, body).status_code == 200
    row = Customer.objects.get(id=customer["id"])
    assert row.djstripe_stamp >= now - 50
    stale = dict(customer, email="stale@example.com")
    old = event("customer.updated", stale, created=now - 100)
    assert post(client, endpoint, old).status_code == 200
    assert Customer.objects.get(id=customer["id"]).email == "now@example.com"


def test_retrieve_event_validation_reads_the_thin_event_from_stripe(
    client: Client, endpoint: Any, customer: dict[str, Any], stripe_double: Any
) -> None:
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        djstripe_validation_method="retrieve_event"
    )
    endpoint.refresh_from_db()
    space = stripe_double.store.space(stripe_double.platform_id, False)
    stored = stripe_double.thin_events.record(
        space, "v1.customer.updated", customer_ref(customer["id"])
    )
    forged = dict(stored, related_object=customer_ref("cus_forged"))
    assert post(client, endpoint, forged, signature="t=1,v1=unchecked").status_code == 200
    assert Event.objects.get().stripe_data["related_object"]["id"] == customer["id"]
    unknown = thin_event(customer_ref(customer["id"]))
    assert post(client, endpoint, unknown, signature="t=1,v1=x").status_code == 400


def test_a_related_url_answering_another_object_is_never_mirrored_as_the_named_type(
    client: Client, endpoint: Any, customer: dict[str, Any]
) -> None:
    """A product's URL named as a customer's (the id matches the URL, the type does not)."""
    product = stripe_api.create("/v1/products", {"name": "Not a customer"})
    related = {"id": product["id"], "type": "customer", "url": f"/v1/products/{product['id']}"}
    assert post(client, endpoint, thin_event(related)).status_code == 422
    assert not Customer.objects.filter(id=product["id"]).exists()
    assert Event.objects.get().djstripe_status == "failed"


def test_one_stripe_read_per_thin_event_and_none_for_a_redelivery(
    client: Client, endpoint: Any, customer: dict[str, Any], stripe_double: Any
) -> None:
    body = thin_event(customer_ref(customer["id"]))
    stripe_double.reset_counts()
    assert post(client, endpoint, body).status_code == 200
    assert stripe_double.request_counts() == {"GET /v1/customers/{id}": 1}
    stripe_double.reset_counts()
    assert post(client, endpoint, body).status_code == 200  # Stripe's retry
    assert stripe_double.request_counts() == {}
