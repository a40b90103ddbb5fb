"""Events for writes, and signed deliveries verified with stripe.Webhook.construct_event."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import stripe

from djstripe.testing import signature_header

SECRET = "whsec_test_secret"


class Receiver:
    """A callable webhook target that verifies every delivery like a real endpoint."""

    def __init__(self, secret: str = SECRET, status: int = 200) -> None:
        self.secret = secret
        self.status = status
        self.events: list[stripe.Event] = []

    def __call__(self, body: bytes, headers: dict[str, str]) -> int:
        event = stripe.Webhook.construct_event(body, headers["Stripe-Signature"], self.secret)
        self.events.append(event)
        return self.status

    @property
    def types(self) -> list[str]:
        return [event.type for event in self.events]


def test_update_event_carries_previous_attributes(client, double):
    customer = client.v1.customers.create(
        params={"email": "old@example.com"}, options={"idempotency_key": "idem-1"}
    )
    client.v1.customers.update(customer.id, params={"email": "new@example.com"})
    updated, created = double.events()
    assert created["type"] == "customer.created"
    assert created["request"]["idempotency_key"] == "idem-1"
    assert created["request"]["id"].startswith("req_")
    assert updated["type"] == "customer.updated"
    assert updated["data"]["object"]["email"] == "new@example.com"
    assert updated["data"]["previous_attributes"] == {"email": "old@example.com"}
    # events carry the version the request was made with (stripe-python's pinned one)
    from stripe._api_version import _ApiVersion

    assert updated["api_version"] == _ApiVersion.CURRENT
    listed = client.v1.events.list(params={"type": "customer.*"})
    assert [event.id for event in listed.data] == [updated["id"], created["id"]]
    assert client.v1.events.retrieve(created["id"]).data.object.id == customer.id


def test_delete_event(client, double):
    customer = client.v1.customers.create()
    client.v1.customers.delete(customer.id)
    assert double.events()[0]["type"] == "customer.deleted"


def test_immediate_delivery_to_callable(client, double):
    receiver = Receiver()
    double.add_webhook_target(receiver, secret=SECRET, enabled_events=["customer.*"])
    client.v1.customers.create()
    client.v1.products.create(params={"name": "Not delivered"})
    assert receiver.types == ["customer.created"]
    assert double.deliveries[0].ok and double.deliveries[0].status == 200
    assert double.events()[1]["pending_webhooks"] == 1


def test_manual_and_background_modes(client, double):
    receiver = Receiver()
    double.add_webhook_target(receiver, secret=SECRET)
    double.delivery_mode = "manual"
    client.v1.customers.create()
    assert receiver.types == []
    results = double.deliver_pending()
    assert [r.event_type for r in results] == ["customer.created"] and receiver.types
    double.delivery_mode = "background"
    for number in range(5):
        client.v1.products.create(params={"name": f"p{number}"})
    assert double.wait_for_deliveries(timeout=5)
    assert receiver.types == ["customer.created"] + ["product.created"] * 5


def test_failed_deliveries_are_recorded(client, double):
    def broken(body: bytes, headers: dict[str, str]) -> int:
        raise RuntimeError("receiver is down")

    double.add_webhook_target(Receiver(status=500), secret=SECRET)
    double.add_webhook_target(broken, secret=SECRET)
    client.v1.customers.create()
    failed, errored = double.deliveries
    assert failed.status == 500 and not failed.ok
    assert errored.status is None and "receiver is down" in errored.error


class _Handler(BaseHTTPRequestHandler):
    received: list[tuple[bytes, str]] = []

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((body, self.headers["Stripe-Signature"]))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def http_receiver():
    server = HTTPServer(("127.0.0.1", 0), _Handler)
    _Handler.received = []
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hooks/", _Handler.received
    server.shutdown()
    server.server_close()


def test_endpoint_created_through_the_api_receives_signed_events(client, double, http_receiver):
    url, received = http_receiver
    endpoint = client.v1.webhook_endpoints.create(
        params={"url": url, "enabled_events": ["invoice.created", "customer.created"]}
    )
    assert endpoint.secret.startswith("whsec_")
    assert "secret" not in client.v1.webhook_endpoints.retrieve(endpoint.id)
    customer = client.v1.customers.create()
    client.v1.invoices.create(params={"customer": customer.id})
    events = [
        stripe.Webhook.construct_event(body, signature, endpoint.secret)
        for body, signature in received
    ]
    assert [event.type for event in events] == ["customer.created", "invoice.created"]
    client.v1.webhook_endpoints.update(endpoint.id, params={"disabled": True})
    client.v1.customers.create()
    assert len(received) == 2


def test_non_loopback_urls_are_never_contacted(client, double):
    client.v1.webhook_endpoints.create(
        params={"url": "https://example.com/hook", "enabled_events": ["*"]}
    )
    client.v1.customers.create()
    (delivery,) = double.deliveries
    assert delivery.status is None and "127.0.0.1" in delivery.error


def test_connected_account_events_go_to_connect_targets(double):
    account = double.create_connected_account(email="shop@example.com")
    platform_hook, connect_hook = Receiver(), Receiver()
    double.add_webhook_target(platform_hook, secret=SECRET)
    double.add_webhook_target(connect_hook, secret=SECRET, connect=True)
    client = stripe.StripeClient(
        "sk_test_x", base_addresses={"api": double.url}, stripe_account=account["id"]
    )
    client.v1.customers.create()
    assert platform_hook.types == []
    (event,) = connect_hook.events
    assert event.account == account["id"]


def test_signature_header_helper_matches_stripe_python():
    payload = json.dumps({"id": "evt_1", "object": "event", "type": "x"})
    header = signature_header(payload, SECRET)
    assert stripe.Webhook.construct_event(payload, header, SECRET).id == "evt_1"
    stale = signature_header(payload, SECRET, timestamp=1)
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(payload, stale, SECRET)


def test_emit_event_for_stored_object(double):
    receiver = Receiver()
    double.add_webhook_target(receiver, secret=SECRET)
    double.put({"object": "customer", "id": "cus_emit", "email": "e@example.com"})
    double.emit_event("customer.updated", "cus_emit", {"email": None})
    (event,) = receiver.events
    assert event.data.object.id == "cus_emit"
    assert event.data.previous_attributes.email is None
