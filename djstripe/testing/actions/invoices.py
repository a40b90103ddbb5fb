"""Invoices and invoice items: lines, totals, finalize, pay, void, previews.

Line items use the current API shape (``parent.subscription_item_details`` /
``parent.invoice_item_details`` and ``pricing.price_details``, 2025-03-31.basil).
"""

from __future__ import annotations

from typing import Any

from .. import errors, objects
from ..build import new_object
from ..context import Context
from ..crud import create_object, update_object
from ..store import Record
from .payments import confirm_intent

_PREVIEW_BLOCKED = ("id", "number", "hosted_invoice_url", "invoice_pdf")


def price_of(ctx: Context, price: Any) -> dict[str, Any]:
    """The price object for an id or an (expanded) price."""
    if isinstance(price, dict):
        return price
    return ctx.get(price, ("price", "plan"), "price").copy()


def product_name(ctx: Context, price: dict[str, Any]) -> str:
    product = ctx.space.get(price.get("product") or "")
    return (product.obj.get("name") if product else None) or price.get("nickname") or "Item"


def describe(ctx: Context, price: dict[str, Any], quantity: int) -> str:
    name = product_name(ctx, price)
    interval = (price.get("recurring") or {}).get("interval")
    amount = (price.get("unit_amount") or 0) / 100
    every = f" / {interval}" if interval else ""
    return f"{quantity} × {name} (at ${amount:.2f}{every})"


def line_object(
    ctx: Context,
    invoice_id: str | None,
    *,
    amount: int,
    currency: str,
    description: str,
    period: tuple[int, int],
    quantity: int,
    price: dict[str, Any] | None,
    parent: dict[str, Any],
    subscription: str | None,
) -> dict[str, Any]:
    line = new_object(ctx, "line_item")
    line.update(
        id=ctx.ids.new("il"),
        amount=amount,
        currency=currency,
        description=description,
        invoice=invoice_id,
        period={"start": period[0], "end": period[1]},
        quantity=quantity,
        quantity_decimal=str(quantity),
        subtotal=amount,
        subscription=subscription,
        parent=parent,
        pricing={
            "type": "price_details",
            "price_details": {"price": price["id"], "product": price.get("product")}
            if price
            else None,
            "unit_amount_decimal": price.get("unit_amount_decimal") if price else None,
        },
    )
    return line


def item_line(
    ctx: Context,
    invoice_id: str | None,
    item: dict[str, Any],
    period: tuple[int, int],
    trial: bool = False,
) -> dict[str, Any]:
    """The line billing one subscription item for ``period``."""
    price = item["price"]
    quantity = item.get("quantity") or 1
    amount = 0 if trial else (price.get("unit_amount") or 0) * quantity
    parent = {
        "type": "subscription_item_details",
        "invoice_item_details": None,
        "subscription_item_details": {
            "invoice_item": None,
            "proration": False,
            "proration_details": {"credited_items": None},
            "subscription": item["subscription"],
            "subscription_item": item["id"],
        },
    }
    description = describe(ctx, price, quantity)
    if trial:
        description = f"Trial period for {product_name(ctx, price)}"
    return line_object(
        ctx,
        invoice_id,
        amount=amount,
        currency=price.get("currency", "usd"),
        description=description,
        period=period,
        quantity=quantity,
        price=price,
        parent=parent,
        subscription=item["subscription"],
    )


def invoice_item_line(ctx: Context, invoice_id: str | None, ii: dict[str, Any]) -> dict[str, Any]:
    subscription = ((ii.get("parent") or {}).get("subscription_details") or {}).get("subscription")
    parent = {
        "type": "invoice_item_details",
        "subscription_item_details": None,
        "invoice_item_details": {
            "invoice_item": ii["id"],
            "proration": False,
            "proration_details": {"credited_items": None},
            "subscription": subscription,
        },
    }
    price_id = ((ii.get("pricing") or {}).get("price_details") or {}).get("price")
    found = ctx.space.get(price_id) if price_id else None
    price = found.obj if found else None
    period = ii.get("period") or {"start": ii.get("date"), "end": ii.get("date")}
    return line_object(
        ctx,
        invoice_id,
        amount=ii["amount"],
        currency=ii["currency"],
        description=ii.get("description") or "Invoice item",
        period=(period["start"], period["end"]),
        quantity=ii.get("quantity") or 1,
        price=price,
        parent=parent,
        subscription=subscription,
    )


def totals(lines: list[dict[str, Any]]) -> dict[str, int]:
    total = sum(line["amount"] for line in lines)
    return {
        "subtotal": total,
        "subtotal_excluding_tax": total,
        "total": total,
        "total_excluding_tax": total,
        "amount_due": total,
        "amount_remaining": total,
    }


def add_lines(ctx: Context, invoice: Record, lines: list[dict[str, Any]]) -> Record:
    """Store ``lines`` on a draft invoice and recompute its amounts."""
    for line in lines:
        objects.save(ctx.store, ctx.space, line)
    all_lines = [r.obj for r in ctx.space.find("line_item", "invoice", invoice.id)]
    changes: dict[str, Any] = totals(all_lines)
    return update_object(ctx, ctx.space.get(invoice.id) or invoice, emit=False, **changes)


def pending_items(ctx: Context, customer: str) -> list[Record]:
    return [
        record
        for record in ctx.space.find("invoiceitem", "customer", customer)
        if record.obj.get("invoice") is None
    ]


def new_invoice(
    ctx: Context, customer_id: str, params: dict[str, Any] | None = None, **fields: Any
) -> Record:
    """A draft invoice for a customer (customer details copied, as Stripe does)."""
    customer = ctx.get(customer_id, "customer", "customer").obj
    now = ctx.now()
    return create_object(
        ctx,
        "invoice",
        params,
        emit=False,
        customer=customer_id,
        currency=fields.pop("currency", None) or customer.get("currency") or "usd",
        customer_email=customer.get("email"),
        customer_name=customer.get("name"),
        customer_address=customer.get("address"),
        customer_phone=customer.get("phone"),
        period_start=now,
        period_end=now,
        account_name="Double Inc.",
        **fields,
    )


def finalize(ctx: Context, record: Record) -> Record:
    if record.obj["status"] != "draft":
        raise errors.invalid_state(
            "This invoice is already finalized, you can't re-finalize a non-draft invoice."
        )
    customer = ctx.get(record.obj["customer"], "customer")
    sequence = customer.obj.get("next_invoice_sequence") or 1
    update_object(ctx, customer, emit=False, next_invoice_sequence=sequence + 1)
    now = ctx.now()
    token = ctx.ids.text(40)
    record = update_object(
        ctx,
        record,
        emit=False,
        status="open",
        effective_at=now,
        number=f"{customer.obj.get('invoice_prefix') or 'DOUBLE'}-{sequence:04d}",
        hosted_invoice_url=f"https://invoice.stripe.com/i/{ctx.request.account}/{token}",
        invoice_pdf=f"https://pay.stripe.com/invoice/{ctx.request.account}/{token}/pdf",
        status_transitions={**record.obj["status_transitions"], "finalized_at": now},
        webhooks_delivered_at=now,
    )
    ctx.emit("invoice.finalized", record.copy())
    return record


def payment_method_for(ctx: Context, invoice: dict[str, Any]) -> str | None:
    customer = ctx.get(invoice["customer"], "customer").obj
    subscription_id = ((invoice.get("parent") or {}).get("subscription_details") or {}).get(
        "subscription"
    )
    subscription = ctx.space.get(subscription_id) if subscription_id else None
    return (
        invoice.get("default_payment_method")
        or (subscription.obj.get("default_payment_method") if subscription else None)
        or (customer.get("invoice_settings") or {}).get("default_payment_method")
        or customer.get("default_source")
    )


def mark_paid(ctx: Context, record: Record, payment_intent: str | None = None) -> Record:
    now = ctx.now()
    amount = record.obj["amount_due"]
    if payment_intent:
        create_object(
            ctx,
            "invoice_payment",
            emit=False,
            invoice=record.id,
            amount_paid=amount,
            amount_requested=amount,
            currency=record.obj["currency"],
            is_default=True,
            status="paid",
            payment={"type": "payment_intent", "payment_intent": payment_intent},
            status_transitions={"canceled_at": None, "paid_at": now},
        )
    record = update_object(
        ctx,
        record,
        emit=False,
        status="paid",
        amount_paid=amount,
        amount_remaining=0,
        attempted=True,
        attempt_count=record.obj["attempt_count"] + (1 if amount else 0),
        status_transitions={**record.obj["status_transitions"], "paid_at": now},
    )
    ctx.emit("invoice.paid", record.copy())
    ctx.emit("invoice.payment_succeeded", record.copy())
    return record


def pay(
    ctx: Context, record: Record, payment_method: str | None = None, raise_on_failure: bool = True
) -> Record:
    """Collect an open invoice with a PaymentIntent (declines raise 402 if asked to)."""
    obj = record.obj
    if obj["status"] == "paid":
        raise errors.invalid_state("Invoice is already paid.")
    if obj["status"] != "open":
        raise errors.invalid_state(f"You cannot pay an invoice with status {obj['status']}.")
    if obj["amount_due"] == 0:
        return mark_paid(ctx, record)
    method = payment_method or payment_method_for(ctx, obj)
    intent = create_object(
        ctx,
        "payment_intent",
        emit=False,
        amount=obj["amount_due"],
        currency=obj["currency"],
        customer=obj["customer"],
        payment_method=method,
        client_secret=None,
        description="Subscription creation"
        if obj.get("billing_reason") == "subscription_create"
        else "Invoice payment",
        setup_future_usage="off_session",
        status="requires_confirmation" if method else "requires_payment_method",
    )
    intent = update_object(
        ctx, intent, emit=False, client_secret=f"{intent.id}_secret_{ctx.ids.text(25)}"
    )
    ctx.emit("payment_intent.created", intent.copy())
    if not method:
        if raise_on_failure:
            raise errors.StripeError(
                400,
                "This customer has no attached payment source or default payment method.",
                code="invoice_no_customer_line_items",
            )
        return record
    try:
        intent = confirm_intent(ctx, intent, {})
    except errors.StripeError:
        record = update_object(
            ctx, record, emit=False, attempted=True, attempt_count=obj["attempt_count"] + 1
        )
        ctx.emit("invoice.payment_failed", record.copy())
        if raise_on_failure:
            raise
        return record
    return mark_paid(ctx, record, intent.id)
