"""The build's steps, each through dj-stripe 2.11's public API (runs under dj-stripe only)."""

from __future__ import annotations

import json
import time
from typing import Any

from django.apps import apps
from django.db import transaction

from . import deliveries, double, env, known

#: Models ``djstripe_sync_models`` is not asked for, and why.
NOT_SYNCED = {
    "AccountV2": "dj-stripe lists it through Stripe's v2 API at api.stripe.com, ignoring"
    " STRIPE_API_HOST (the machine has no internet)",
}
#: Objects in shapes of older API versions (tests/data/older/<name>.json) and their model.
OLDER_SHAPES = {
    "customer_2019-03-14": "Customer",
    "tax_rate_2020-08-27": "TaxRate",
    "subscription_2017-08-15": "Subscription",
    "subscription_2020-08-27": "Subscription",
    "invoice_2017-08-15": "Invoice",
    "invoice_2020-08-27": "Invoice",
    "invoiceitem_2017-08-15": "InvoiceItem",
    "invoiceitem_2020-08-27": "InvoiceItem",
    "charge_2014-03-28": "Charge",
    "charge_2017-08-15": "Charge",
    "payment_intent_2020-08-27": "PaymentIntent",
    "tax_id_2020-08-27": "TaxId",
    "promotion_code_2020-08-27": "PromotionCode",
    "transfer_2016-07-06": "Transfer",
    "dispute_2014-03-28": "Dispute",
    "application_fee_2013-10-29": "ApplicationFee",
    "checkout.session_2019-05-16": "Session",
    "card_2014-03-28": "Card",
}
#: Stripe's example objects (fixtures3.json) synced in code: legacy payment sources.
EXAMPLE_OBJECTS = {"card": "Card", "bank_account": "BankAccount", "source": "Source"}


def djstripe_model(name: str) -> Any:
    return apps.get_model("djstripe", name)


def models_to_sync() -> tuple[list[str], dict[str, str]]:
    names = []
    for model in apps.get_app_config("djstripe").get_models():
        if getattr(model, "stripe_class", None) is None or model.__name__ in NOT_SYNCED:
            continue
        names.append(model.__name__)
    return names, dict(NOT_SYNCED)


def row_counts(names: list[str]) -> dict[str, int]:
    return {name: djstripe_model(name).objects.count() for name in names}


def sync_one(model_name: str, data: dict[str, Any]) -> str:
    """``Model.sync_from_stripe_data(data)`` in its own transaction; "ok" or the error."""
    try:
        with transaction.atomic():
            djstripe_model(model_name).sync_from_stripe_data(data)
        return "ok"
    except Exception as error:  # dj-stripe's own failures are data for the report
        return f"{type(error).__name__}: {str(error)[:200]}"


#: List endpoints of the double, for objects fetched again by id.
API_PATHS = {
    "Customer": "customers",
    "Invoice": "invoices",
    "InvoiceItem": "invoiceitems",
    "Session": "checkout/sessions",
    "Subscription": "subscriptions",
    "SubscriptionItem": "subscription_items",
    "SubscriptionSchedule": "subscription_schedules",
}


def sync_tolerant(model_name: str, data: dict[str, Any]) -> str:
    """Sync; if dj-stripe refuses the object's discounts, sync it again without them.

    dj-stripe 2.11 reads a discount's coupon under ``source`` (2025-09-30.clover) and fails
    on the coupon-at-the-top shape of older versions, and on Stripe's example discount,
    whose ``source.coupon`` is null ("empty field Coupon.coupon").
    """
    outcome = sync_one(model_name, data)
    if "auto_paging_iter" in outcome:  # dj-stripe pages nested lists of stripe-python objects
        data = stripe_object(data)
        outcome = sync_one(model_name, data)
    if "Coupon.coupon" in outcome:
        outcome = sync_one(model_name, without_discounts(data))
        outcome = f"{outcome} (discounts removed)" if outcome == "ok" else outcome
    return outcome


def stripe_object(data: dict[str, Any]) -> Any:
    """``data`` as stripe-python builds it from a response (nested lists become list objects)."""
    import stripe

    return stripe.StripeObject.construct_from(data, known.SECRET_KEY)


def resync_refused(errors: dict[str, list[str]]) -> dict[str, str]:
    """Objects ``djstripe_sync_models`` failed on for their discounts, synced without them."""
    results = {}
    for model_name, lines in errors.items():
        for line in lines:
            if "Coupon.coupon" not in line or model_name not in API_PATHS:
                continue
            stripe_id = line.split("Error syncing ", 1)[-1].split(":", 1)[0]
            data = double.get(f"{API_PATHS[model_name]}/{stripe_id}")
            results[f"{model_name} {stripe_id}"] = sync_tolerant(model_name, data)
    return results


def sync_in_code() -> dict[str, Any]:
    """Objects whose listing dj-stripe cannot use against the double, synced one by one."""
    results: dict[str, Any] = {}
    sources = {
        "Coupon": "coupons",
        "Session": "checkout/sessions",
        "CountrySpec": "country_specs",
        "ShippingRate": "shipping_rates",
    }
    for model_name, path in sources.items():
        results[model_name] = [
            f"{obj['id']}: {sync_one(model_name, obj)}" for obj in double.list_all(path)
        ]
    refunds = []
    for fee in double.list_all("application_fees"):
        for refund in double.list_all(f"application_fees/{fee['id']}/refunds"):
            refunds.append(f"{refund['id']}: {sync_one('ApplicationFeeRefund', refund)}")
    results["ApplicationFeeRefund"] = refunds
    examples = env.read_json(env.REPO_ROOT / "djstripe" / "testing" / "data" / "fixtures3.json")
    for object_name, model_name in EXAMPLE_OBJECTS.items():
        data = examples["resources"][object_name]
        results[model_name] = [f"{data['id']}: {sync_one(model_name, data)}"]
    return results


def sync_tax_rates() -> dict[str, str]:
    """Items and an invoice carrying a tax rate (dj-stripe's tax-rate link tables get rows)."""
    rate = next(double.list_all("tax_rates"))
    subscription = double.get("subscriptions", limit=1)["data"][0]
    invoice = double.get("invoices", limit=1)["data"][0]
    item = double.get("invoiceitems", limit=1)["data"][0]
    results = {}
    for model_name, data, key in (
        ("SubscriptionItem", subscription["items"]["data"][0], "tax_rates"),
        ("InvoiceItem", item, "tax_rates"),
        ("Invoice", invoice, "default_tax_rates"),
    ):
        results[f"{model_name} {data['id']}"] = sync_tolerant(model_name, {**data, key: [rate]})
    return results


def sync_older_shapes() -> dict[str, str]:
    """Objects of older API versions' shapes, as a long-time dj-stripe user's rows hold them."""
    folder = env.REPO_ROOT / "tests" / "data" / "older"
    return {
        name: sync_tolerant(model_name, json.loads((folder / f"{name}.json").read_text()))
        for name, model_name in OLDER_SHAPES.items()
    }


def without_discounts(data: Any) -> Any:
    """A copy of a Stripe object with every ``discount`` null and every ``discounts`` empty."""
    if isinstance(data, list):
        return [without_discounts(item) for item in data]
    if not isinstance(data, dict):
        return data
    cleaned = {key: without_discounts(value) for key, value in data.items()}
    for key in ("discount", "customer_discount"):
        if isinstance(cleaned.get(key), dict):
            cleaned[key] = None
    for key in ("discounts", "total_discount_amounts", "discount_amounts"):
        if isinstance(cleaned.get(key), list):
            cleaned[key] = []
    return cleaned


def user_state() -> dict[str, Any]:
    """What only the user's database holds: endpoint secret and uuid, keys, links."""
    from django.contrib.auth import get_user_model

    WebhookEndpoint = djstripe_model("WebhookEndpoint")  # noqa: N806
    endpoint = WebhookEndpoint.sync_from_stripe_data(
        {
            "id": known.ENDPOINT_ID,
            "object": "webhook_endpoint",
            "api_version": None,
            "application": None,
            "created": int(time.time()) - 86400,
            "description": "the shop's endpoint",
            "enabled_events": ["*"],
            "livemode": False,
            "metadata": {"djstripe_uuid": known.ENDPOINT_UUID},
            "secret": known.ENDPOINT_SECRET,
            "status": "enabled",
            "url": f"https://shop.example.com/stripe/webhook/{known.ENDPOINT_UUID}/",
        }
    )
    if endpoint.secret != known.ENDPOINT_SECRET:  # as dj-stripe's admin stores it
        endpoint.secret = known.ENDPOINT_SECRET
        endpoint.save()
    APIKey = djstripe_model("APIKey")  # noqa: N806
    for secret, name in known.EXTRA_API_KEYS:
        key, _ = APIKey.objects.get_or_create_by_api_key(secret)
        key.name = name
        key.save()
    users = get_user_model().objects
    alice = users.create_user(known.CREATED_SUBSCRIBER, "alice@example.com", "x")
    bob = users.create_user(known.LINKED_SUBSCRIBER, "bob@example.com", "x")
    Customer = djstripe_model("Customer")  # noqa: N806
    created, _ = Customer.get_or_create(subscriber=alice)
    linked = Customer.objects.filter(subscriber__isnull=True, subscriptions__isnull=False)
    linked = linked.order_by("djstripe_id").first()
    Customer.objects.filter(pk=linked.pk).update(subscriber=bob)
    IdempotencyKey = djstripe_model("IdempotencyKey")  # noqa: N806
    IdempotencyKey.objects.create(action="refund:upgrade-check", livemode=False)
    return {
        "endpoint_uuid": str(endpoint.djstripe_uuid),
        "created_customer": created.id,
        "linked_customer": linked.id,
        "api_keys": APIKey.objects.count(),
        "idempotency_keys": IdempotencyKey.objects.count(),
    }


def post_event(payload: str, secret: str) -> int:
    """POST a signed delivery to the endpoint's URL (checked against dj-stripe's URL name)."""
    from django.urls import reverse

    url = reverse("djstripe:djstripe_webhook_by_uuid", kwargs={"uuid": known.ENDPOINT_UUID})
    assert url == deliveries.ENDPOINT_PATH, url
    return deliveries.post(url, payload, secret)


def post_events() -> dict[str, int]:
    """A few deliveries (stored as ``WebhookEventTrigger`` and ``Event``), one badly signed."""
    created = djstripe_model("Customer").objects.get(subscriber__username="alice")
    objects = [
        ("customer.updated", double.get(f"customers/{created.id}")),
        ("customer.subscription.updated", double.get("subscriptions", limit=1)["data"][0]),
        ("invoice.paid", double.get("invoices", limit=1)["data"][0]),
        ("product.updated", double.get("products", limit=1)["data"][0]),
        ("charge.succeeded", double.get("charges", limit=1)["data"][0]),
    ]
    statuses = {}
    for number, (event_type, obj) in enumerate(objects, start=1):
        event_id = f"{known.EVENT_PREFIX}{number:04d}"
        statuses[event_id] = post_event(
            deliveries.event_payload(event_id, event_type, obj), known.ENDPOINT_SECRET
        )
    bad = deliveries.event_payload(f"{known.EVENT_PREFIX}Forged", "customer.deleted", objects[0][1])
    statuses["forged (wrong secret)"] = post_event(bad, known.WRONG_SECRET)
    return statuses


def user_rows() -> dict[str, int]:
    """The user's own app: memberships on subscriptions, orders with payment methods."""
    from django.contrib.auth import get_user_model
    from shop.models import Membership, Order

    Subscription = djstripe_model("Subscription")  # noqa: N806
    Customer = djstripe_model("Customer")  # noqa: N806
    PaymentMethod = djstripe_model("PaymentMethod")  # noqa: N806
    users = get_user_model().objects
    subscriptions = Subscription.objects.exclude(customer=None).order_by("djstripe_id")[:6]
    for number, subscription in enumerate(subscriptions):
        Membership.objects.create(
            user=users.create_user(f"member{number}", f"member{number}@example.com", "x"),
            customer=subscription.customer,
            subscription=subscription,
            label=f"plan of member {number}",
        )
    for number, customer in enumerate(Customer.objects.order_by("djstripe_id")[:10]):
        Order.objects.create(
            customer=customer,
            subscription=customer.subscriptions.order_by("djstripe_id").first(),
            payment_method=PaymentMethod.objects.filter(customer=customer).first()
            if number % 3
            else None,
            reference=f"ORDER-{number:04d}",
            note="paid by card" if number % 2 else "",
        )
    return {"memberships": Membership.objects.count(), "orders": Order.objects.count()}
