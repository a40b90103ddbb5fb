"""Checkout and billing portal sessions, completed from Python or by opening their URL."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
import stripe


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def open_without_redirect(url: str) -> urllib.error.HTTPError:
    opener = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as raised:
        opener.open(url)
    return raised.value


@pytest.fixture
def price(client):
    return client.v1.prices.create(
        params={
            "currency": "usd",
            "unit_amount": 1500,
            "recurring": {"interval": "month"},
            "product_data": {"name": "Pro"},
        }
    )


def test_subscription_session_completed_from_python(client, double, price):
    session = client.v1.checkout.sessions.create(
        params={
            "mode": "subscription",
            "line_items": [{"price": price.id, "quantity": 1}],
            "success_url": "https://example.com/ok",
            "customer_email": "new@example.com",
        }
    )
    assert session.status == "open" and session.amount_total == 1500
    assert session.url.startswith(double.url)
    items = client.v1.checkout.sessions.line_items.list(session.id)
    assert [item.price.id for item in items.data] == [price.id]
    completed = double.complete_checkout_session(session.id)
    assert completed["status"] == "complete" and completed["payment_status"] == "paid"
    subscription = client.v1.subscriptions.retrieve(completed["subscription"])
    assert subscription.status == "active"
    assert client.v1.customers.retrieve(completed["customer"]).email == "new@example.com"
    event = double.events(type="checkout.session.completed")[0]
    assert event["data"]["object"]["id"] == session.id
    assert event["request"] == {"id": None, "idempotency_key": None}


def test_payment_session_completed_by_opening_its_url(client, double, price):
    one_time = client.v1.prices.create(
        params={"currency": "usd", "unit_amount": 999, "product": price.product}
    )
    session = client.v1.checkout.sessions.create(
        params={
            "mode": "payment",
            "line_items": [{"price": one_time.id, "quantity": 2}],
            "success_url": "https://example.com/ok?session={CHECKOUT_SESSION_ID}",
            "cancel_url": "https://example.com/cancel",
        }
    )
    redirect = open_without_redirect(session.url)
    assert redirect.code == 303
    assert redirect.headers["Location"] == f"https://example.com/ok?session={session.id}"
    paid = client.v1.checkout.sessions.retrieve(session.id, params={"expand": ["payment_intent"]})
    assert paid.payment_intent.amount == 1998 and paid.payment_intent.status == "succeeded"


def test_cancel_link_and_expire(client, double, price):
    session = client.v1.checkout.sessions.create(
        params={
            "mode": "subscription",
            "line_items": [{"price": price.id}],
            "success_url": "https://example.com/ok",
            "cancel_url": "https://example.com/no",
        }
    )
    redirect = open_without_redirect(session.url + "?cancel=1")
    assert redirect.headers["Location"] == "https://example.com/no"
    expired = client.v1.checkout.sessions.expire(session.id)
    assert expired.status == "expired"
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.checkout.sessions.expire(session.id)


def test_billing_portal_session(client, double):
    customer = client.v1.customers.create()
    portal = client.v1.billing_portal.sessions.create(
        params={"customer": customer.id, "return_url": "https://example.com/account"}
    )
    assert portal.url.startswith(double.url)
    assert open_without_redirect(portal.url).headers["Location"] == ("https://example.com/account")
