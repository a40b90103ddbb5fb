"""dj-stripe's documented usage, run as written against the Stripe API double.

Each test follows one of dj-stripe's user guides ("Working with customers",
"Subscribing a customer", "How to add a payment method", "Creating individual
charges", "Managing subscriptions", "Manually syncing data with Stripe", the
settings reference) with the code a dj-stripe user has in their project.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
import stripe
from django.contrib.auth import get_user_model

from djstripe import stripe_api
from djstripe.models import Customer, Invoice, PaymentMethod, Price, Product, Subscription

pytestmark = pytest.mark.django_db


def create(path: str, **params: Any) -> dict[str, Any]:
    return stripe_api.request("post", path, params).data


def process_stripes_events() -> None:
    """What webhook deliveries would do: process every event Stripe (the double) has."""
    from djstripe.models import Event

    for data in reversed(list(stripe_api.iterate("/v1/events"))):  # oldest first
        Event.process(data)


def _magic_attach(original: Any) -> Any:
    """Stripe accepts its test ids (``pm_card_visa``) in the attach URL; the double only
    in parameters, so this resolves them before its own attach handler runs."""

    def attach(ctx: Any, method_id: str) -> Any:
        from djstripe.testing.build import MAGIC

        for prefix, make in MAGIC.items():
            if method_id.startswith(prefix) and ctx.space.get(method_id) is None:
                method_id = make(ctx, method_id)
                break
        return original(ctx, method_id)

    attach.resolves_magic_ids = True  # type: ignore[attr-defined]
    return attach


@pytest.fixture(autouse=True)
def magic_payment_method_ids(stripe_double: Any) -> None:
    route = "/v1/payment_methods/{id}/attach"
    handler = stripe_double.router.match("POST", route.replace("{id}", "pm_x")).handler
    if not getattr(handler, "resolves_magic_ids", False):
        stripe_double.router.add("POST", route, _magic_attach(handler))


@pytest.fixture
def user(db: Any) -> Any:
    return get_user_model().objects.create_user(username="admin", email="admin@example.com")


@pytest.fixture
def prices(stripe_double: Any) -> tuple[Price, Price]:
    product = create("/v1/products", name="Membership")
    one = create(
        "/v1/prices",
        product=product["id"],
        unit_amount=1000,
        currency="usd",
        recurring={"interval": "month"},
        nickname="one_price",
    )
    two = create(
        "/v1/prices",
        product=product["id"],
        unit_amount=300,
        currency="usd",
        recurring={"interval": "month"},
        nickname="two_price",
    )
    Product.sync_from_stripe_data(product)
    return Price.sync_from_stripe_data(one), Price.sync_from_stripe_data(two)


@pytest.fixture
def customer(user: Any, stripe_double: Any) -> Customer:
    customer, created = Customer.get_or_create(subscriber=user)
    assert created
    customer.add_payment_method("pm_card_visa")
    return customer


def test_getting_a_customer(user: Any, stripe_double: Any) -> None:
    customer, created = Customer.get_or_create(subscriber=user)
    again, created_again = Customer.get_or_create(subscriber=user)
    assert created and not created_again and again.pk == customer.pk
    assert customer.subscriber == user and customer.email == "admin@example.com"
    assert customer.metadata["djstripe_subscriber"] == str(user.pk)


def test_subscribing_to_several_prices_with_items(customer: Customer, prices: Any) -> None:
    price_1 = Price.objects.get(nickname="one_price")
    price_2 = Price.objects.get(nickname="two_price")
    subscription = customer.subscribe(items=[{"price": price_1}, {"price": price_2}])
    assert {item.price_id for item in subscription.items.all()} == {price_1.id, price_2.id}
    assert customer.subscription == subscription
    assert customer.has_any_active_subscription()
    assert customer.is_subscribed_to(price_1.product)


def test_subscribing_to_one_price(customer: Customer, prices: Any) -> None:
    price_1 = Price.objects.get(nickname="one_price")
    subscription = customer.subscribe(price=price_1)
    assert subscription.status == "active"
    assert list(customer.subscriptions.all()) == [subscription]
    assert list(customer.active_subscriptions) == [subscription]
    assert list(customer.valid_subscriptions) == [subscription]
    process_stripes_events()  # invoices and charges arrive as events
    assert customer.invoices.all().exists() and customer.charges.all().exists()


def test_adding_a_payment_method(user: Any, stripe_double: Any) -> None:
    customer, _ = Customer.get_or_create(subscriber=user)
    default = customer.add_payment_method("pm_card_visa")
    other = customer.add_payment_method("pm_card_visa", set_default=False)
    customer.refresh_from_db()
    assert isinstance(default, PaymentMethod) and default.customer_id == customer.id
    assert customer.default_payment_method_id == default.id
    assert other.customer_id == customer.id and other.id != default.id


def test_creating_an_individual_charge(customer: Customer) -> None:
    charge = customer.charge(Decimal(10.00), currency="usd")  # 10.00 USD
    assert charge.amount == Decimal("10.00") and charge.currency == "usd"
    assert charge.customer_id == customer.id and charge.paid


def test_extending_a_subscription(customer: Customer, prices: Any) -> None:
    subscription = customer.subscribe(price=prices[0])
    before = subscription.current_period_end
    extended = subscription.extend(datetime.timedelta(days=14))
    assert extended.status == "trialing"  # as the guide warns
    assert extended.trial_end == before + datetime.timedelta(days=14)


def test_customer_helpers_from_the_guide(customer: Customer, prices: Any) -> None:
    customer.subscribe(price=prices[0])
    item = customer.add_invoice_item(Decimal("5.00"), "usd", description="Setup")
    assert item.amount == 500 and item.customer_id == customer.id
    upcoming = customer.upcoming_invoice()
    assert upcoming is not None and upcoming.customer_id == customer.id
    assert customer.send_invoice() is True
    customer.purge()
    customer.refresh_from_db()
    assert customer.subscriber is None and customer.date_purged is not None


def test_manually_syncing_a_product_created_with_stripe_python(stripe_double: Any) -> None:
    import djstripe.models
    import djstripe.settings

    stripe_data = stripe.StripeClient(
        djstripe.settings.STRIPE_SECRET_KEY, base_addresses={"api": stripe_double.url}
    ).v1.products.create(params={"name": "Monthly membership base fee"})
    djstripe_obj = djstripe.models.Product.sync_from_stripe_data(stripe_data)
    assert djstripe_obj.name == "Monthly membership base fee"
    assert Product.objects.get(id=stripe_data.id) == djstripe_obj


def test_webhook_receivers_as_documented(customer: Customer, prices: Any) -> None:
    from django.dispatch import receiver

    from djstripe.event_handlers import djstripe_receiver
    from djstripe.signals import WEBHOOK_SIGNALS

    seen: list[tuple[str, Any]] = []

    @djstripe_receiver("customer.subscription.created")
    def one(sender: Any, event: Any, **kwargs: Any) -> None:
        seen.append(("one", event.type))

    @djstripe_receiver(["invoice.paid", "invoice.created"])
    def many(sender: Any, event: Any, **kwargs: Any) -> None:
        seen.append(("many", event.type))

    @receiver(WEBHOOK_SIGNALS["customer.subscription.created"])
    def plain(sender: Any, event: Any, **kwargs: Any) -> None:
        seen.append(("plain", event.data["object"]["id"]))

    subscription = customer.subscribe(price=prices[0])
    process_stripes_events()
    assert ("one", "customer.subscription.created") in seen
    assert ("plain", subscription.id) in seen
    assert {("many", "invoice.paid"), ("many", "invoice.created")} <= set(seen)


def test_subscriber_request_callback_setting(settings: Any, user: Any) -> None:
    from django.test import RequestFactory

    from djstripe.settings import djstripe_settings

    class Organization:
        email = "billing@example.com"

    organization = Organization()
    settings.DJSTRIPE_SUBSCRIBER_MODEL_REQUEST_CALLBACK = lambda request: organization
    request = RequestFactory().get("/")
    request.user = user
    assert djstripe_settings.subscriber_request_callback(request) is organization


def test_invoices_listed_by_the_customer(customer: Customer, prices: Any) -> None:
    customer.subscribe(price=prices[1])
    process_stripes_events()
    invoice = customer.invoices.get()
    assert isinstance(invoice, Invoice) and invoice.subscription.customer_id == customer.id
    assert Subscription.objects.active().count() == 1
