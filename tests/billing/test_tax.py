"""Stripe Tax: DJSTRIPE_AUTOMATIC_TAX on the helpers, tax columns on invoices and lines."""

from __future__ import annotations

import pytest
import stripe

from djstripe import stripe_api
from djstripe.billing import tax
from djstripe.models import Invoice, LineItem, Session, Subscription


@pytest.fixture
def automatic_tax(settings):
    settings.DJSTRIPE_AUTOMATIC_TAX = True


def test_checkout_without_the_setting_asks_for_no_tax(user, monthly_price, stripe_double):
    session = Session.create_for_subscriber(
        user, price=monthly_price["id"], success_url="https://example.com/done"
    )
    remote = stripe_double.get(session.id)
    assert not (remote.get("automatic_tax") or {}).get("enabled")


def test_checkout_collects_the_address_and_taxes_the_subscription(
    user, monthly_price, stripe_double, deliver, automatic_tax
):
    deliver()
    session = Session.create_for_subscriber(
        user, price=monthly_price["id"], success_url="https://example.com/done"
    )
    # The double, as Stripe, refuses automatic tax for a customer without an address
    # unless Checkout may save the one it collects (customer_update[address]=auto).
    remote = stripe_double.get(session.id)
    assert remote["automatic_tax"]["enabled"] in (True, "true")

    stripe_double.complete_checkout_session(session.id)
    assert set(deliver()) == {200}

    subscription = Subscription.objects.get(customer__subscriber=user)
    assert subscription.automatic_tax["enabled"] in (True, "true")
    invoice = Invoice.objects.get(id=subscription.latest_invoice)
    assert invoice.automatic_tax_enabled is True
    assert invoice.automatic_tax_status == "complete"
    assert invoice.tax == 0
    assert [line.tax for line in invoice.lines.all()] == [0]
    assert subscription.customer.stripe_data["address"]["country"] == "US"  # saved by Checkout


def test_checkout_for_a_new_customer_requires_the_billing_address(
    user, monthly_price, stripe_double, automatic_tax
):
    session = Session.create_for_subscriber(
        user,
        price=monthly_price["id"],
        success_url="https://example.com/done",
        create_customer=False,
    )
    remote = stripe_double.get(session.id)
    assert remote["billing_address_collection"] == "required"


def test_stripe_refuses_automatic_tax_without_a_way_to_locate_the_customer(customer, monthly_price):
    """What the helper's ``customer_update`` avoids (the double answers as Stripe)."""
    with pytest.raises(stripe.InvalidRequestError, match="requires a valid address"):
        stripe_api.request(
            "post",
            "/v1/checkout/sessions",
            {
                "mode": "subscription",
                "customer": customer.id,
                "success_url": "https://example.com/done",
                "line_items": [{"price": monthly_price["id"], "quantity": 1}],
                "automatic_tax": {"enabled": True},
            },
        )


def test_parameters_the_caller_gives_win(settings):
    settings.DJSTRIPE_AUTOMATIC_TAX = True
    params = tax.apply_to_checkout(
        {"automatic_tax": {"enabled": False}, "customer_update": {"shipping": "auto"}},
        has_customer=True,
    )
    assert params["automatic_tax"] == {"enabled": False}
    assert params["customer_update"] == {"address": "auto", "name": "auto", "shipping": "auto"}
    assert tax.apply_to_subscription({"automatic_tax": {"enabled": False}}) == {
        "automatic_tax": {"enabled": False}
    }
    settings.DJSTRIPE_AUTOMATIC_TAX = False
    assert tax.apply_to_checkout({}, has_customer=False) == {}


def test_subscribe_refuses_a_customer_stripe_cannot_locate(
    paying_customer, monthly_price, automatic_tax
):
    with pytest.raises(stripe.InvalidRequestError) as raised:
        paying_customer.subscribe(price=monthly_price["id"])
    assert raised.value.code == "customer_tax_location_invalid"
    assert not Subscription.objects.exists()


def test_subscribe_with_an_address_is_taxed(
    paying_customer, monthly_price, stripe_double, automatic_tax
):
    stripe_api.request(
        "post",
        f"/v1/customers/{paying_customer.id}",
        {"address": {"country": "DE", "postal_code": "10115"}},
    )
    subscription = paying_customer.subscribe(price=monthly_price["id"])

    assert subscription.automatic_tax["enabled"] in (True, "true")
    invoice = Invoice.sync_from_stripe_data(stripe_double.get(subscription.latest_invoice))
    assert (invoice.automatic_tax_enabled, invoice.automatic_tax_status) == (True, "complete")
    assert Invoice.objects.filter(automatic_tax_status="complete").count() == 1


def test_tax_columns_sum_the_taxes_of_any_api_version(db):
    line = {
        "id": "il_tax_example",
        "object": "line_item",
        "amount": 1000,
        "currency": "eur",
        "invoice": "in_tax_example",
        "taxes": [
            {"amount": 190, "taxable_amount": 1000, "type": "tax_rate_details"},
            {"amount": 10, "taxable_amount": 1000, "type": "tax_rate_details"},
        ],
    }
    invoice = Invoice.sync_from_stripe_data(
        {
            "id": "in_tax_example",
            "object": "invoice",
            "currency": "eur",
            "status": "paid",
            "automatic_tax": {"enabled": True, "status": "complete"},
            "total_taxes": [{"amount": 190}, {"amount": 10}],
            "lines": {"object": "list", "data": [line], "has_more": False},
        }
    )
    assert invoice.tax == 200
    assert Invoice.objects.filter(tax__gt=0, automatic_tax_status="complete").get() == invoice
    assert LineItem.objects.get(invoice=invoice).tax == 200

    old = LineItem.sync_from_stripe_data(
        {**line, "id": "il_old", "taxes": None, "tax_amounts": [{"amount": 7}, {"amount": 3}]}
    )
    assert old.tax == 10
