"""Checkout Sessions for subscribers, linking the customer on completion, billing portal."""

from __future__ import annotations

import pytest

from djstripe.helpers.checkout import link_customer
from djstripe.models import Customer, Event, Session

SUCCESS = "https://example.com/thanks"


def completed_event(stripe_double):
    [event] = stripe_double.events(type="checkout.session.completed")
    return event


def test_subscription_checkout_for_a_subscriber(user, monthly_price, stripe_double):
    session = Session.create_for_subscriber(
        user, price=monthly_price["id"], success_url=SUCCESS, cancel_url="https://example.com/"
    )

    row = Session.objects.get(id=session.id)
    assert (row.mode, row.status, row.client_reference_id) == ("subscription", "open", str(user.pk))
    assert row.url
    customer = Customer.objects.get(subscriber=user)
    assert row.customer_id == customer.id
    remote = stripe_double.get(session.id)
    assert remote["metadata"] == {"djstripe_subscriber": str(user.pk)}
    assert remote["success_url"] == SUCCESS


def test_completing_the_session_mirrors_the_subscription(user, monthly_price, stripe_double):
    session = Session.create_for_subscriber(user, price=monthly_price["id"], success_url=SUCCESS)
    stripe_double.complete_checkout_session(session.id)

    Event.process(completed_event(stripe_double))

    session.refresh_from_db()
    assert session.status == "complete"
    assert Customer.objects.get(subscriber=user).subscription.status == "active"


@pytest.mark.parametrize("mode", ["payment", "setup"])
def test_checkout_creates_the_customer_and_completion_links_it(
    user, monthly_price, mode, stripe_double
):
    one_off = {
        "payment": {
            "price_data": {
                "currency": "usd",
                "unit_amount": 500,
                "product_data": {"name": "Sticker"},
            },
            "quantity": 2,
        }
    }
    session = Session.create_for_subscriber(
        user,
        mode=mode,
        line_items=[one_off[mode]] if mode in one_off else None,
        success_url=SUCCESS,
        create_customer=False,
        currency="usd" if mode == "setup" else None,
    )
    remote = stripe_double.get(session.id)
    assert remote.get("customer") is None
    assert remote["customer_email"] == "ada@example.com"
    assert remote["customer_creation"] == "always"
    assert not Customer.objects.exists()

    stripe_double.complete_checkout_session(session.id)
    Event.process(completed_event(stripe_double))

    customer = Customer.objects.get(subscriber=user)
    assert stripe_double.get(customer.id)["metadata"] == {"djstripe_subscriber": str(user.pk)}
    assert Session.objects.get(id=session.id).customer_id == customer.id


def test_the_existing_customer_is_reused_without_creating_one(
    customer, monthly_price, stripe_double
):
    session = Session.create_for_subscriber(
        customer.subscriber,
        price=monthly_price["id"],
        success_url=SUCCESS,
        create_customer=False,
    )
    assert stripe_double.get(session.id)["customer"] == customer.id
    assert len(stripe_double.objects("customer")) == 1


def test_linking_an_already_linked_customer_costs_no_request(customer, stripe_double):
    session = {
        "id": "cs_1",
        "customer": customer.id,
        "metadata": {"djstripe_subscriber": str(customer.subscriber_id)},
    }
    stripe_double.reset_counts()
    assert link_customer(session, api_key="sk_test_x", stripe_account=None) == customer
    assert stripe_double.total_requests() == 0


@pytest.mark.parametrize(
    "metadata",
    [{}, {"djstripe_subscriber": "999999"}, {"djstripe_subscriber": "not-a-number"}, None],
)
def test_sessions_without_a_known_subscriber_link_nothing(
    customer, other_user, metadata, stripe_double
):
    Customer.objects.filter(pk=customer.pk).update(subscriber=None)
    session = {
        "id": "cs_1",
        "customer": customer.id,
        "metadata": metadata,
        "client_reference_id": str(other_user.pk),
    }  # never trusted for linking
    assert link_customer(session, api_key=None, stripe_account=None) is None
    assert Customer.objects.get(pk=customer.pk).subscriber is None


def test_bad_arguments(user, monthly_price):
    with pytest.raises(ValueError, match="mode"):
        Session.create_for_subscriber(user, mode="donation", success_url=SUCCESS)
    with pytest.raises(TypeError):
        Session.create_for_subscriber(
            user, price=monthly_price["id"], line_items=[], success_url=SUCCESS
        )


def test_billing_portal_url(customer, stripe_double):
    url = customer.billing_portal_url(return_url="https://example.com/account")
    assert url.startswith("http")
    [portal] = stripe_double.objects("billing_portal.session")
    assert (portal["customer"], portal["return_url"]) == (
        customer.id,
        "https://example.com/account",
    )
