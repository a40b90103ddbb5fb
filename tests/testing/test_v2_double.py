"""The double's v2 surface: accounts, event destinations, thin events, signed deliveries
that stripe-python's ``parse_event_notification`` accepts."""

from __future__ import annotations

import http.server
import json
import threading
from typing import Any

import pytest
import stripe

from djstripe.testing import StripeDouble


@pytest.fixture
def v2() -> Any:
    double = StripeDouble().start()
    client = stripe.StripeClient(double.api_key, base_addresses={"api": double.url})
    yield double, client
    double.stop()


def call(client: Any, method: str, path: str, **params: Any) -> dict[str, Any]:
    return json.loads(client.raw_request(method, path, **params).body)


class Receiver:
    """A real HTTP server on 127.0.0.1 that records what it is posted."""

    def __init__(self) -> None:
        received = self.received = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((body, self.headers["Stripe-Signature"]))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Any:
    found = Receiver()
    yield found
    found.close()


def destination(client: Any, url: str, **changes: Any) -> dict[str, Any]:
    params = {
        "name": "tests",
        "type": "webhook_endpoint",
        "event_payload": "thin",
        "enabled_events": ["v1.customer.created", "v2.core.account.created"],
        "webhook_endpoint": {"url": url},
        "include": ["webhook_endpoint.signing_secret"],
        **changes,
    }
    return call(client, "post", "/v2/core/event_destinations", **params)


def test_thin_deliveries_verify_with_stripe_python(v2: Any, receiver: Receiver) -> None:
    _, client = v2
    created = destination(client, receiver.url)
    secret = created["webhook_endpoint"]["signing_secret"]
    assert secret.startswith("whsec_")
    # the secret is shown on creation only
    again = call(client, "get", f"/v2/core/event_destinations/{created['id']}")
    assert again["webhook_endpoint"]["signing_secret"] is None
    customer = client.v1.customers.create(params={"email": "a@example.com"})
    account = call(client, "post", "/v2/core/accounts", display_name="Acme")
    client.v1.products.create(params={"name": "not subscribed"})
    parse = getattr(client, "parse_event_notification", None) or client.parse_thin_event
    notes = [parse(body, sig, secret) for body, sig in receiver.received]
    assert [n.type for n in notes] == ["v1.customer.created", "v2.core.account.created"]
    assert notes[0].related_object.url == f"/v1/customers/{customer.id}"
    assert notes[1].related_object.id == account["id"]
    assert notes[0].fetch_event().id == notes[0].id
    assert notes[0].fetch_related_object().email == "a@example.com"
    with pytest.raises(stripe.SignatureVerificationError):
        parse(*receiver.received[0], "whsec_wrong")


def test_disabled_or_snapshot_destinations_get_no_thin_events(v2: Any) -> None:
    double, client = v2
    off = destination(client, "http://127.0.0.1:9/off")
    call(client, "post", f"/v2/core/event_destinations/{off['id']}/disable")
    destination(client, "http://127.0.0.1:9/snapshot", event_payload="snapshot")
    assert double.thin_events.targets_for(double.platform_id, False, "v1.customer.created") == []
    client.v1.customers.create(params={"email": "a@example.com"})
    assert double.objects("v2.core.event") == []  # nobody listens: nothing recorded


def test_v2_account_fields_need_include(v2: Any) -> None:
    _, client = v2
    account = call(client, "post", "/v2/core/accounts", identity={"country": "fr"})
    plain = call(client, "get", f"/v2/core/accounts/{account['id']}")
    included = call(client, "get", f"/v2/core/accounts/{account['id']}", include=["identity"])
    assert (plain["identity"], included["identity"]) == (None, {"country": "fr"})
    with pytest.raises(stripe.InvalidRequestError) as error:
        call(client, "get", "/v2/core/accounts/acct_1missing")
    assert error.value.http_status == 404


def test_connected_account_thin_events_carry_context(v2: Any) -> None:
    double, client = v2
    destination(client, "http://127.0.0.1:9/connect", events_from=["@accounts"])
    shop = double.create_connected_account()
    targets = double.thin_events.targets_for(shop["id"], False, "v1.customer.created")
    assert [t.connect for t in targets] == [True]
    assert double.thin_events.targets_for(double.platform_id, False, "v1.customer.created") == []
    client.v1.customers.create(
        params={"email": "c@x.example"}, options={"stripe_account": shop["id"]}
    )
    (event,) = double.objects("v2.core.event", account=shop["id"])
    assert event["context"] == shop["id"]
    fetched = call(client, "get", f"/v2/core/events/{event['id']}", stripe_context=shop["id"])
    assert fetched["id"] == event["id"]
    with pytest.raises(stripe.InvalidRequestError):
        call(client, "get", f"/v2/core/events/{event['id']}")  # not the platform's
