"""Subscriptions and subscription items, test clocks and active entitlements.

Creating a subscription creates its items (``current_period_start/end`` live on
the items since 2025-03-31.basil), its first invoice, and, when the customer
can pay (a default payment method), the PaymentIntent, charge and
InvoicePayment that pay it; otherwise the subscription is ``incomplete`` with
an open invoice, as on Stripe.
"""

from __future__ import annotations

from typing import Any

from .. import errors, objects
from ..build import check_references, new_object
from ..context import Context
from ..crud import create_object, delete_object, update_object
from ..router import Router
from ..store import PARENT, Record
from . import invoices, tax
from .billing_periods import DAY, period_end, plan_from_price

LIVE_STATUSES = ("active", "trialing", "past_due", "unpaid", "paused", "incomplete")


def _item_price(ctx: Context, entry: dict[str, Any], position: int) -> dict[str, Any]:
    if entry.get("price") or entry.get("plan"):
        return invoices.price_of(ctx, entry.get("price") or entry.get("plan"))
    data = entry.get("price_data")
    if isinstance(data, dict):
        return create_object(ctx, "price", data, emit=False).copy()
    raise errors.parameter_missing(f"items[{position}][price]")


def new_item(
    ctx: Context,
    subscription_id: str,
    price: dict[str, Any],
    entry: dict[str, Any],
    period: tuple[int, int],
) -> Record:
    obj = new_object(ctx, "subscription_item", {"metadata": entry.get("metadata") or {}})
    obj.update(
        subscription=subscription_id,
        price=price,
        plan=plan_from_price(price),
        quantity=int(entry.get("quantity") or 1),
        discounts=[],
        tax_rates=[],
        current_period_start=period[0],
        current_period_end=period[1],
    )
    return objects.save(ctx.store, ctx.space, obj)


def _trial_end(ctx: Context, params: dict[str, Any], now: int) -> int | None:
    trial_end = params.get("trial_end")
    if trial_end and trial_end != "now":
        return int(trial_end)
    days = params.get("trial_period_days")
    return now + int(days) * DAY if days else None


def create_subscription(ctx: Context) -> Record:
    return subscribe(ctx, check_references(ctx, ctx.params))


def subscribe(ctx: Context, params: dict[str, Any]) -> Record:
    """Create a subscription from checked params (``customer``, ``items``, trial...)."""
    customer_id = params.get("customer")
    if not customer_id:
        raise errors.parameter_missing("customer")
    entries = params.get("items")
    if not isinstance(entries, list) or not entries:
        raise errors.parameter_missing("items")
    tax.check_subscription(ctx, params)
    prices = [_item_price(ctx, entry, i) for i, entry in enumerate(entries)]
    now = ctx.now()
    trial_end = _trial_end(ctx, params, now)
    end = trial_end or period_end(now, prices[0])
    fields = {key: value for key, value in params.items() if key not in ("items", "trial_end")}
    obj = new_object(ctx, "subscription", fields)
    obj.update(
        customer=customer_id,
        currency=prices[0].get("currency") or "usd",
        start_date=now,
        billing_cycle_anchor=trial_end or now,
        trial_start=now if trial_end else None,
        trial_end=trial_end,
    )
    items = [
        new_item(ctx, obj["id"], price, entry, (now, end)).obj
        for price, entry in zip(prices, entries, strict=True)
    ]
    record = objects.save(ctx.store, ctx.space, obj)
    invoice = first_invoice(ctx, record, items, (now, end), trial=trial_end is not None)
    status = (
        "trialing" if trial_end else ("active" if invoice.obj["status"] == "paid" else "incomplete")
    )
    record = update_object(ctx, record, emit=False, latest_invoice=invoice.id, status=status)
    ctx.emit("customer.subscription.created", record.copy())
    return record


def first_invoice(
    ctx: Context,
    subscription: Record,
    items: list[dict[str, Any]],
    period: tuple[int, int],
    trial: bool,
) -> Record:
    """Create, finalize and try to pay the ``subscription_create`` invoice."""
    sub = subscription.obj
    invoice = invoices.new_invoice(
        ctx,
        sub["customer"],
        currency=sub["currency"],
        billing_reason="subscription_create",
        collection_method=sub.get("collection_method") or "charge_automatically",
        default_payment_method=sub.get("default_payment_method"),
        parent={
            "type": "subscription_details",
            "quote_details": None,
            "subscription_details": {
                "metadata": sub.get("metadata") or {},
                "subscription": sub["id"],
                "subscription_proration_date": None,
            },
        },
    )
    lines = [invoices.item_line(ctx, invoice.id, item, period, trial) for item in items]
    invoice = invoices.add_lines(ctx, invoice, lines)
    if tax.enabled(sub):
        invoice = tax.apply_to_invoice(ctx, invoice)
    ctx.emit("invoice.created", invoice.copy())
    invoice = invoices.finalize(ctx, invoice)
    if invoice.obj["amount_due"] == 0:
        return invoices.mark_paid(ctx, invoice)
    if invoice.obj["collection_method"] == "send_invoice":
        return invoice
    return invoices.pay(ctx, invoice, raise_on_failure=False)


def update_subscription(ctx: Context, subscription_id: str) -> Record:
    record = ctx.get(subscription_id, "subscription")
    if record.obj["status"] in ("canceled", "incomplete_expired"):
        raise errors.invalid_state(
            "A canceled subscription can only update its cancellation_details and metadata."
        )
    params = check_references(ctx, ctx.params)
    before = record.obj
    for position, entry in enumerate(params.get("items") or []):
        _apply_item_change(ctx, record, entry, position)
    fields: dict[str, Any] = {}
    if "cancel_at_period_end" in params:
        at_end = params["cancel_at_period_end"] == "true"
        fields["cancel_at"] = _current_period_end(ctx, record.id) if at_end else None
        fields["canceled_at"] = ctx.now() if at_end else None  # Stripe: time of the request
    if params.get("trial_end") == "now":
        fields.update(trial_end=ctx.now(), status="active")
    elif params.get("trial_end"):  # a new trial end: the customer is trialing until then
        fields.update(trial_end=int(params["trial_end"]), status="trialing")
    changes = {k: v for k, v in params.items() if k not in ("items", "trial_end")}
    return update_object(
        ctx, ctx.space.get(record.id) or record, changes, baseline=before, **fields
    )


def _apply_item_change(
    ctx: Context, subscription: Record, entry: dict[str, Any], position: int
) -> None:
    if entry.get("id"):
        item = ctx.ref(entry["id"], "subscription_item", f"items[{position}][id]")
        if item.obj.get("subscription") != subscription.id:
            raise errors.param_resource_missing(
                "subscription_item", entry["id"], f"items[{position}][id]"
            )
        if entry.get("deleted") == "true":
            objects.delete(ctx.store, ctx.space, item.id)
            return
        changes: dict[str, Any] = {}
        if entry.get("price") or entry.get("price_data"):
            price = _item_price(ctx, entry, position)
            changes.update(price=price, plan=plan_from_price(price))
        if entry.get("quantity"):
            changes["quantity"] = int(entry["quantity"])
        update_object(ctx, item, {"metadata": entry.get("metadata") or {}}, emit=False, **changes)
        return
    price = _item_price(ctx, entry, position)
    start = ctx.now()
    new_item(
        ctx,
        subscription.id,
        price,
        entry,
        (start, _current_period_end(ctx, subscription.id) or period_end(start, price)),
    )


def _current_period_end(ctx: Context, subscription_id: str) -> int | None:
    ends = [
        r.obj.get("current_period_end")
        for r in ctx.space.find("subscription_item", "subscription", subscription_id)
    ]
    return max((end for end in ends if end), default=None)


def cancel_subscription(
    ctx: Context, record: Record, params: dict[str, Any] | None = None
) -> Record:
    """Cancel now: ``canceled``, with ``canceled_at``/``ended_at`` set; emits ``.deleted``."""
    now = ctx.now()
    details = dict(record.obj.get("cancellation_details") or {})
    details.update(
        {"reason": "cancellation_requested"}, **((params or {}).get("cancellation_details") or {})
    )
    record = update_object(
        ctx,
        record,
        emit=False,
        status="canceled",
        canceled_at=now,
        ended_at=now,
        cancellation_details=details,
    )
    ctx.emit("customer.subscription.deleted", record.copy())
    return record


def cancel(ctx: Context, subscription_id: str) -> Record:
    record = ctx.get(subscription_id, "subscription")
    if record.obj["status"] == "canceled":
        raise errors.invalid_state(f"No such subscription: '{subscription_id}' is canceled.")
    return cancel_subscription(ctx, record, ctx.params)


def resume(ctx: Context, subscription_id: str) -> Record:
    record = ctx.get(subscription_id, "subscription")
    if record.obj["status"] != "paused":
        raise errors.invalid_state("Only paused subscriptions can be resumed.")
    record = update_object(ctx, record, emit=False, status="active", pause_collection=None)
    ctx.emit("customer.subscription.resumed", record.copy())
    return record


def create_item(ctx: Context) -> Record:
    params = check_references(ctx, ctx.params)
    subscription_id = params.get("subscription")
    if not subscription_id:
        raise errors.parameter_missing("subscription")
    subscription = ctx.ref(subscription_id, "subscription", "subscription")
    _apply_item_change(ctx, subscription, params, 0)
    updated = ctx.space.get(subscription_id)
    assert updated is not None
    ctx.emit(
        "customer.subscription.updated", updated.copy(), {"items": subscription.obj.get("items")}
    )
    return max(
        ctx.space.find("subscription_item", "subscription", subscription_id),
        key=lambda record: record.key,
    )


def update_item(ctx: Context, item_id: str) -> Record:
    item = ctx.get(item_id, "subscription_item")
    subscription = ctx.get(item.obj["subscription"], "subscription")
    _apply_item_change(ctx, subscription, {**ctx.params, "id": item_id}, 0)
    ctx.emit(
        "customer.subscription.updated",
        ctx.get(subscription.id, "subscription").copy(),
        {"items": subscription.obj.get("items")},
    )
    return ctx.get(item_id, "subscription_item")


def delete_item(ctx: Context, item_id: str) -> dict[str, Any]:
    item = ctx.get(item_id, "subscription_item")
    subscription = ctx.get(item.obj["subscription"], "subscription")
    deleted = delete_object(ctx, item, emit=False)
    ctx.emit(
        "customer.subscription.updated",
        ctx.get(subscription.id, "subscription").copy(),
        {"items": subscription.obj.get("items")},
    )
    return deleted


def create_test_clock(ctx: Context) -> Record:
    frozen = ctx.params.get("frozen_time")
    if not frozen:
        raise errors.parameter_missing("frozen_time")
    return create_object(
        ctx, "test_helpers.test_clock", ctx.params, deletes_after=int(frozen) + 30 * DAY
    )


def advance_test_clock(ctx: Context, clock_id: str) -> Record:
    record = ctx.get(clock_id, "test_helpers.test_clock")
    frozen = ctx.params.get("frozen_time")
    if not frozen:
        raise errors.parameter_missing("frozen_time")
    if int(frozen) < (record.obj.get("frozen_time") or 0):
        raise errors.parameter_invalid("frozen_time", "Cannot move a test clock backwards.")
    record = update_object(ctx, record, emit=False, frozen_time=int(frozen), status="ready")
    ctx.emit("test_helpers.test_clock.advancing", record.copy())
    ctx.emit("test_helpers.test_clock.ready", record.copy())
    return record


def active_entitlements(ctx: Context) -> dict[str, Any]:
    """Features of the products the customer subscribes to (live subscriptions)."""
    customer = ctx.params.get("customer")
    if not customer:
        raise errors.parameter_missing("customer")
    ctx.ref(customer, "customer", "customer")
    products = {
        item.obj["price"].get("product")
        for r in ctx.space.find("subscription", "customer", customer)
        if r.obj.get("status") in LIVE_STATUSES
        for item in ctx.space.find("subscription_item", "subscription", r.id)
    }
    data = []
    features = [
        r
        for product in sorted(products, key=str)
        for r in ctx.space.find("product_feature", PARENT, product)
    ]
    for record in features:
        if record.obj.get("entitlement_feature"):
            feature = record.obj["entitlement_feature"]
            data.append(
                {
                    "id": f"ent_{'live' if ctx.livemode else 'test'}_{feature['id'][-24:]}"
                    f"{customer[-8:]}",
                    "object": "entitlements.active_entitlement",
                    "feature": feature["id"],
                    "livemode": ctx.livemode,
                    "lookup_key": feature.get("lookup_key"),
                }
            )
    return {
        "object": "list",
        "data": data,
        "has_more": False,
        "url": "/v1/entitlements/active_entitlements",
    }


def register(router: Router) -> None:
    router.add("POST", "/v1/subscriptions", create_subscription)
    router.add("POST", "/v1/subscriptions/{id}", update_subscription)
    router.add("DELETE", "/v1/subscriptions/{id}", cancel)
    router.add("POST", "/v1/subscriptions/{id}/resume", resume)
    router.add("POST", "/v1/subscription_items", create_item)
    router.add("POST", "/v1/subscription_items/{id}", update_item)
    router.add("DELETE", "/v1/subscription_items/{id}", delete_item)
    router.add("POST", "/v1/test_helpers/test_clocks", create_test_clock)
    router.add("POST", "/v1/test_helpers/test_clocks/{id}/advance", advance_test_clock)
    router.add("GET", "/v1/entitlements/active_entitlements", active_entitlements)
