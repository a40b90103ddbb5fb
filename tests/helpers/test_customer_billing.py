"""Customer.subscribe, charge, add_invoice_item, add_payment_method, add_coupon, ..."""

from __future__ import annotations

from decimal import Decimal

import pytest
import stripe

from djstripe.exceptions import MultipleSubscriptionException
from djstripe.models import Charge, Customer, InvoiceItem, PaymentMethod, Price, Subscription

from .conftest import create


def test_subscribe_to_a_price(paying_customer, monthly_price, stripe_double):
    subscription = paying_customer.subscribe(price=monthly_price["id"])

    assert isinstance(subscription, Subscription)
    row = Subscription.objects.get(id=subscription.id)
    assert (row.status, row.customer_id) == ("active", paying_customer.id)
    assert row.current_period_end is not None
    [item] = row.items.all()
    assert item.price_id == monthly_price["id"]
    assert Price.objects.filter(id=monthly_price["id"]).exists()  # fetched with the reference


def test_subscribe_to_items_keeps_quantities(paying_customer, monthly_price, stripe_double):
    price = Price.sync_from_stripe_data(monthly_price)
    subscription = paying_customer.subscribe(items=[{"price": price, "quantity": 3}])
    assert [item.quantity for item in subscription.items.all()] == [3]
    assert stripe_double.get(subscription.id)["items"]["data"][0]["quantity"] == 3


def test_subscribe_passes_stripes_parameters(paying_customer, monthly_price):
    subscription = paying_customer.subscribe(price=monthly_price["id"], trial_period_days=14)
    assert subscription.status == "trialing"
    assert subscription.trial_end is not None


def test_subscribe_needs_exactly_one_of_items_and_price(customer, monthly_price):
    with pytest.raises(TypeError):
        customer.subscribe(items=[{"price": monthly_price["id"]}], price=monthly_price["id"])
    with pytest.raises(TypeError):
        customer.subscribe()


def test_subscribe_to_an_unknown_price_raises_stripes_error(customer):
    with pytest.raises(stripe.InvalidRequestError):
        customer.subscribe(price="price_missing")
    assert not Subscription.objects.exists()


def test_subscription_queries(paying_customer, monthly_price, yearly_price, product):
    assert paying_customer.subscription is None
    assert not paying_customer.has_any_active_subscription()
    assert not paying_customer.is_subscribed_to(product["id"])

    first = paying_customer.subscribe(price=monthly_price["id"])

    assert paying_customer.subscription == first
    assert paying_customer.has_any_active_subscription()
    assert paying_customer.is_subscribed_to(product["id"])
    assert list(paying_customer.active_subscriptions) == [first]
    assert list(paying_customer.valid_subscriptions) == [first]

    paying_customer.subscribe(price=yearly_price["id"])
    with pytest.raises(MultipleSubscriptionException):
        _ = paying_customer.subscription


def test_canceled_subscriptions_do_not_count(paying_customer, monthly_price, product):
    subscription = paying_customer.subscribe(price=monthly_price["id"])
    subscription.cancel()
    assert paying_customer.subscription is None
    assert not paying_customer.has_any_active_subscription()
    assert not paying_customer.is_subscribed_to(product["id"])


@pytest.fixture
def card(customer):
    """A legacy card source on the customer (what the Charges API charges)."""
    return create(f"/v1/customers/{customer.id}/sources", source="tok_visa")


def test_charge_in_major_units(customer, card, stripe_double):
    charge = customer.charge(Decimal("10.50"), currency="usd", source=card["id"])

    row = Charge.objects.get(id=charge.id)
    assert (row.amount, row.currency, row.customer_id) == (Decimal("10.50"), "usd", customer.id)
    assert stripe_double.get(charge.id)["amount"] == 1050


def test_charge_the_default_source_in_a_zero_decimal_currency(customer, card, stripe_double):
    charge = customer.charge(Decimal("500"), currency="jpy")
    assert Charge.objects.get(id=charge.id).amount == Decimal("500")
    assert stripe_double.get(charge.id)["amount"] == 500


def test_charge_requires_a_decimal(customer):
    with pytest.raises(ValueError, match="Decimal"):
        customer.charge(10.5, currency="usd")


def test_add_invoice_item(customer, stripe_double):
    item = customer.add_invoice_item(Decimal("4.99"), "usd", description="Setup fee")

    row = InvoiceItem.objects.get(id=item.id)
    assert (row.customer_id, row.currency) == (customer.id, "usd")
    remote = stripe_double.get(item.id)
    assert (remote["amount"], remote["description"]) == (499, "Setup fee")


def test_add_payment_method_sets_the_default(customer, stripe_double):
    method = create("/v1/payment_methods", type="card", card={"token": "tok_visa"})

    added = customer.add_payment_method(method["id"])

    assert isinstance(added, PaymentMethod)
    assert PaymentMethod.objects.get(id=method["id"]).customer_id == customer.id
    assert customer.default_payment_method_id == method["id"]
    remote = stripe_double.get(customer.id)
    assert remote["invoice_settings"]["default_payment_method"] == method["id"]
    assert customer.can_charge()


def test_add_payment_method_without_making_it_the_default(customer):
    method = create("/v1/payment_methods", type="card", card={"token": "tok_visa"})
    customer.add_payment_method(method["id"], set_default=False)
    assert Customer.objects.get(id=customer.id).default_payment_method_id is None
    assert not customer.can_charge()


def test_add_coupon_sends_the_coupon(customer, settings, stripe_double):
    settings.STRIPE_API_VERSION = "2024-06-20"  # customer coupons ended with 2025-03-31.basil
    coupon = create("/v1/coupons", percent_off=25, duration="once")
    stamp_before = customer.djstripe_stamp
    stripe_double.advance(5)

    refreshed = customer.add_coupon(coupon["id"])

    assert refreshed.djstripe_stamp >= stamp_before + 5  # synced from Stripe's answer
    with pytest.raises(stripe.InvalidRequestError, match="No such coupon"):
        customer.add_coupon("missing_coupon")


def test_upcoming_invoice(paying_customer, monthly_price):
    paying_customer.subscribe(price=monthly_price["id"])
    upcoming = paying_customer.upcoming_invoice()
    assert upcoming is not None
    assert upcoming.customer_id == paying_customer.id
    assert upcoming.amount_due == 2000


def test_send_invoice_bills_pending_items(paying_customer, stripe_double):
    paying_customer.add_invoice_item(Decimal("7.00"), "usd")
    assert paying_customer.send_invoice() is True
    [invoice] = paying_customer.invoices.all()
    assert (invoice.status, invoice.amount_paid) == ("paid", 700)


def test_send_invoice_with_nothing_to_invoice(paying_customer, stripe_double):
    assert paying_customer.send_invoice() is False
    assert not paying_customer.invoices.exists()
    assert stripe_double.objects("invoice") == []


def test_retry_unpaid_invoices(customer, monthly_price, stripe_double):
    subscription = customer.subscribe(price=monthly_price["id"])  # no card: incomplete
    assert subscription.status == "incomplete"
    method = create("/v1/payment_methods", type="card", card={"token": "tok_visa"})
    customer.add_payment_method(method["id"])
    assert stripe_double.get(subscription.latest_invoice)["status"] == "open"

    customer.retry_unpaid_invoices()

    assert customer.invoices.get().status == "paid"
    assert stripe_double.get(subscription.latest_invoice)["status"] == "paid"


def test_add_card_adds_a_legacy_card_and_makes_it_the_default(customer, stripe_double):
    from djstripe.models import Card

    card = customer.add_card("tok_visa")

    assert isinstance(card, Card)
    assert Card.objects.get(id=card.id).customer_id == customer.id
    assert customer.default_source_id == card.id  # the row was refreshed
    assert stripe_double.get(customer.id)["default_source"] == card.id


def test_add_card_without_set_default_keeps_the_default(customer, stripe_double):
    first = customer.add_card("tok_visa")
    second = customer.add_card("tok_mastercard", set_default=False)

    customer.refresh_from_db()
    assert customer.default_source_id == first.id != second.id
    assert set(customer.sources.values_list("id", flat=True)) == {first.id, second.id}


def test_has_active_subscription_to_a_plan_or_to_the_one(
    paying_customer, monthly_price, yearly_price
):
    assert not paying_customer.has_active_subscription()
    assert not paying_customer.has_active_subscription(monthly_price["id"])

    paying_customer.subscribe(price=monthly_price["id"])
    assert paying_customer.has_active_subscription()
    assert paying_customer.has_active_subscription(Price.objects.get(id=monthly_price["id"]))
    assert not paying_customer.has_active_subscription(yearly_price["id"])

    paying_customer.subscribe(price=yearly_price["id"])
    assert paying_customer.has_active_subscription(yearly_price["id"])
    with pytest.raises(TypeError, match="plan="):
        paying_customer.has_active_subscription()
