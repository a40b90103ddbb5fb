"""Connect endpoints take the events of connected accounts, the others the account's own.

An endpoint is a Connect endpoint when Stripe says so (``application`` set, as Stripe
reports endpoints created with ``connect=true``). A Connect event names its account;
that account is mirrored (fetched if needed) and owns what the event writes.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from djstripe import stripe_api
from djstripe.models import Account, Customer, Event, WebhookEndpoint, WebhookEventTrigger

from ..conftest import example
from .conftest import endpoint_data, event, post

pytestmark = pytest.mark.django_db

SECURITY_LOGGER = "djstripe.webhooks.security"
CONNECT_SECRET = "whsec_connect_endpoint_secret_01"
LIVE_CONNECT_SECRET = "whsec_live_connect_secret_0123"


def stored() -> tuple[int, int, int]:
    return (
        WebhookEventTrigger.objects.count(),
        Event.objects.count(),
        Customer.objects.count(),
    )


def connect_endpoint(secret: str = CONNECT_SECRET, **changes: Any) -> WebhookEndpoint:
    return WebhookEndpoint.sync_from_stripe_data(
        endpoint_data(secret, application="ca_djstripe0tests", **changes)
    )


def test_connect_flag_comes_from_stripes_application_field(double: Any) -> None:
    assert connect_endpoint().connect is True
    plain = WebhookEndpoint.sync_from_stripe_data(endpoint_data())
    assert plain.connect is False
    explicit = WebhookEndpoint.sync_from_stripe_data(endpoint_data(connect=True))
    assert explicit.connect is True


def test_connect_event_on_an_account_endpoint_is_refused(
    client: Client, endpoint: Any, double: Any, caplog: pytest.LogCaptureFixture
) -> None:
    shop = double.create_connected_account()
    delivery = event("customer.created", example("customer"), account=shop["id"])
    with caplog.at_level(logging.WARNING, logger=SECURITY_LOGGER):
        response = post(client, endpoint, delivery)
    assert response.status_code == 400
    assert stored() == (0, 0, 0)
    assert not Account.objects.filter(id=shop["id"]).exists()
    (record,) = [r for r in caplog.records if r.name == SECURITY_LOGGER]
    assert "Connect" in record.getMessage()


def test_account_event_on_a_connect_endpoint_is_refused(
    client: Client, double: Any, caplog: pytest.LogCaptureFixture
) -> None:
    endpoint = connect_endpoint()
    with caplog.at_level(logging.WARNING, logger=SECURITY_LOGGER):
        response = post(
            client,
            endpoint,
            event("customer.created", example("customer")),
            secret=CONNECT_SECRET,
        )
    assert response.status_code == 400
    assert stored() == (0, 0, 0)
    assert len([r for r in caplog.records if r.name == SECURITY_LOGGER]) == 1


def test_event_for_an_unmirrored_connected_account_stores_it_as_the_owner(
    client: Client, double: Any
) -> None:
    shop = double.create_connected_account(email="shop@example.com")
    double.put(example("customer", id="cus_shop"), account=shop["id"])
    endpoint = connect_endpoint()
    customer = example("customer", id="cus_shop")
    delivery = event("customer.created", customer, account=shop["id"])
    assert post(client, endpoint, delivery, secret=CONNECT_SECRET).status_code == 200
    account = Account.objects.get(id=shop["id"])
    assert account.email == "shop@example.com"
    assert Customer.objects.get(id="cus_shop").djstripe_owner_account_id == shop["id"]
    assert Event.objects.get().djstripe_owner_account_id == shop["id"]


@pytest.mark.parametrize("processing", ["inline", "task"])
def test_event_without_a_mirrored_object_still_gets_its_account_as_owner(
    client: Client, double: Any, settings: Any, processing: str
) -> None:
    """``account.application.authorized`` carries an application (not mirrored): nothing
    else would fetch the account, and a stored (task mode) event must not wait for it."""
    settings.DJSTRIPE_WEBHOOK_PROCESSING = processing
    shop = double.create_connected_account(email="shop@example.com")
    endpoint = connect_endpoint()
    application = {"id": "ca_djstripe0tests", "object": "application", "name": "Tests"}
    delivery = event("account.application.authorized", application, account=shop["id"])
    assert post(client, endpoint, delivery, secret=CONNECT_SECRET).status_code == 200
    assert Event.objects.get().djstripe_owner_account_id == shop["id"]
    assert Account.objects.get(id=shop["id"]).email == "shop@example.com"


def test_deauthorized_account_is_recorded_by_its_id(client: Client, double: Any) -> None:
    """After ``account.application.deauthorized`` Stripe no longer lets the platform read
    the account: the owner is recorded by the id the event names."""
    endpoint = connect_endpoint()
    application = {"id": "ca_djstripe0tests", "object": "application", "name": "Tests"}
    delivery = event(
        "account.application.deauthorized", application, account="acct_1Gone0000000000"
    )
    assert post(client, endpoint, delivery, secret=CONNECT_SECRET).status_code == 200
    assert Event.objects.get().djstripe_owner_account_id == "acct_1Gone0000000000"
    assert Account.objects.filter(id="acct_1Gone0000000000").exists()


def test_connect_event_is_answered_503_when_the_account_cannot_be_fetched(
    client: Client, double: Any
) -> None:
    """Stripe retries a 5xx: better than storing the event without its owner."""
    shop = double.create_connected_account()
    endpoint = connect_endpoint()
    double.inject_fault("GET /v1/account", status=500, times=None)
    delivery = event("customer.created", example("customer"), account=shop["id"])
    assert post(client, endpoint, delivery, secret=CONNECT_SECRET).status_code == 503
    assert stored() == (0, 0, 0)


def test_live_connect_endpoint_takes_test_events_of_connected_accounts(
    client: Client, double: Any
) -> None:
    """Stripe sends the test events of accounts connected in live mode to the live
    Connect endpoints as well; they are written in test mode, with the test key."""
    shop = double.create_connected_account()
    endpoint = connect_endpoint(LIVE_CONNECT_SECRET, livemode=True)
    delivery = event("customer.created", example("customer"), account=shop["id"])
    assert post(client, endpoint, delivery, secret=LIVE_CONNECT_SECRET).status_code == 200
    assert Customer.objects.get().livemode is False


def test_test_connect_endpoint_refuses_live_events(client: Client, double: Any) -> None:
    shop = double.create_connected_account()
    endpoint = connect_endpoint()
    delivery = event(
        "customer.created",
        example("customer", livemode=True),
        account=shop["id"],
        livemode=True,
    )
    assert post(client, endpoint, delivery, secret=CONNECT_SECRET).status_code == 400
    assert stored() == (0, 0, 0)


def test_malformed_account_id_is_refused(client: Client, double: Any) -> None:
    endpoint = connect_endpoint()
    delivery = event("customer.created", example("customer"), account="acct_1/../../account")
    assert post(client, endpoint, delivery, secret=CONNECT_SECRET).status_code == 400
    assert stored() == (0, 0, 0)


def test_command_creates_a_connect_endpoint(stripe_double: Any) -> None:
    call_command("djstripe_webhook_endpoint", "--base-url", "https://example.com", "--connect")
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.connect is True
    assert str(endpoint.stripe_data["application"]).startswith("ca_")


@pytest.mark.django_db(transaction=True)
def test_connected_accounts_events_reach_only_the_connect_endpoint_over_http(
    stripe_double: Any, live_server: Any
) -> None:
    """The double, like Stripe, sends a connected account's events to Connect endpoints
    only; the view mirrors the account (not mirrored yet) and makes it the owner."""
    own = WebhookEndpoint.create_for_site(live_server.url)
    connect = WebhookEndpoint.create_for_site(live_server.url, connect=True)
    assert (own.connect, connect.connect) == (False, True)
    shop = stripe_double.create_connected_account(email="shop@example.com")
    stripe_double.delivery_mode = "manual"
    created = stripe_api.create(
        "/v1/customers", {"email": "buyer@shop.example"}, stripe_account=shop["id"]
    )
    mine = stripe_api.create("/v1/customers", {"email": "mine@example.com"})
    results = stripe_double.deliver_pending()
    assert sorted((r.target_id, r.status) for r in results) == sorted(
        [(connect.id, 200), (own.id, 200)]
    )
    customer = Customer.objects.get(id=created["id"])
    assert customer.djstripe_owner_account_id == shop["id"]
    assert Account.objects.get(id=shop["id"]).email == "shop@example.com"
    connect_event = Event.objects.get(stripe_data__account=shop["id"])
    assert connect_event.djstripe_owner_account_id == shop["id"]
    assert Customer.objects.get(id=mine["id"]).djstripe_owner_account_id != shop["id"]


def test_double_sends_test_events_of_live_connected_accounts_to_live_connect_endpoints(
    double: Any,
) -> None:
    """As Stripe does (support.stripe.com/questions/connect-account-webhook-configurations)."""
    received: dict[str, list[str]] = {"live": [], "test": [], "own": []}

    def target(name: str) -> Any:
        def receive(body: bytes, headers: dict[str, str]) -> int:
            received[name].append(body.decode())
            return 200

        return receive

    double.add_webhook_target(target("live"), connect=True, livemode=True)
    double.add_webhook_target(target("test"), connect=True)
    double.add_webhook_target(target("own"))
    live_shop = double.create_connected_account(livemode=True)
    test_shop = double.create_connected_account()
    for shop in (live_shop, test_shop):
        stripe_api.create("/v1/customers", {"email": "x@example.com"}, stripe_account=shop["id"])
    assert [live_shop["id"] in body for body in received["live"]] == [True]
    assert [test_shop["id"] in body for body in received["test"]] == [True]
    assert received["own"] == []
