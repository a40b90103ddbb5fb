"""Invoice and invoice item endpoints (the rules live in actions/invoices.py)."""

from __future__ import annotations

from typing import Any

from .. import errors
from ..build import check_references, new_object
from ..context import Context
from ..crud import create_object, creating, delete_object, update_object
from ..resources import EMBEDDED_LIMIT
from ..router import Router
from ..store import Record
from . import invoices
from .billing_periods import next_period


@creating("invoiceitem")
def _new_invoice_item(ctx: Context, obj: dict[str, Any], params: dict[str, Any]) -> None:
    if not params.get("customer"):
        raise errors.parameter_missing("customer")
    customer = ctx.get(params["customer"], "customer", "customer").obj
    quantity = obj.get("quantity") or 1
    price_id = params.get("price") or (params.get("pricing") or {}).get("price")
    if price_id:
        price = invoices.price_of(ctx, price_id)
        obj["amount"] = (price.get("unit_amount") or 0) * quantity
        obj["currency"] = price.get("currency") or "usd"
        obj["pricing"] = {
            "type": "price_details",
            "unit_amount_decimal": price.get("unit_amount_decimal"),
            "price_details": {"price": price["id"], "product": price.get("product")},
        }
        obj["description"] = obj.get("description") or price.get("nickname")
    elif obj.get("amount") is None:
        raise errors.parameter_missing("amount")
    obj["currency"] = obj.get("currency") or customer.get("currency") or "usd"
    now = ctx.now()
    obj.update(
        date=now,
        net_amount=obj["amount"],
        quantity=quantity,
        quantity_decimal=str(quantity),
        period={"start": now, "end": now},
    )
    if params.get("subscription"):
        obj["parent"] = {
            "type": "subscription_details",
            "subscription_details": {
                "subscription": params["subscription"],
                "subscription_item": None,
            },
        }


def create_invoice_item(ctx: Context) -> Record:
    params = check_references(ctx, ctx.params)
    invoice_id = params.get("invoice")
    if invoice_id:
        invoice = ctx.ref(invoice_id, "invoice", "invoice")
        if invoice.obj["status"] != "draft":
            raise errors.invalid_state(
                "You can only add invoice items to draft invoices.", "invoice"
            )
    record = create_object(ctx, "invoiceitem", params)
    if invoice_id:
        invoices.add_lines(ctx, invoice, [invoices.invoice_item_line(ctx, invoice_id, record.obj)])
    return record


def create_invoice(ctx: Context) -> Record:
    params = check_references(ctx, ctx.params)
    if not params.get("customer"):
        raise errors.parameter_missing("customer")
    fields: dict[str, Any] = {"auto_advance": params.get("auto_advance") == "true"}
    subscription = params.get("subscription")
    if subscription:
        fields["parent"] = {
            "type": "subscription_details",
            "quote_details": None,
            "subscription_details": {
                "metadata": {},
                "subscription": subscription,
                "subscription_proration_date": None,
            },
        }
    record = invoices.new_invoice(ctx, params["customer"], params, **fields)
    if params.get("pending_invoice_items_behavior") == "include":
        lines = []
        for item in invoices.pending_items(ctx, params["customer"]):
            update_object(ctx, item, emit=False, invoice=record.id)
            lines.append(invoices.invoice_item_line(ctx, record.id, item.obj))
        record = invoices.add_lines(ctx, record, lines)
    ctx.emit("invoice.created", record.copy())
    return record


def finalize(ctx: Context, invoice_id: str) -> Record:
    record = invoices.finalize(ctx, ctx.get(invoice_id, "invoice"))
    if record.obj["amount_due"] == 0:
        record = invoices.mark_paid(ctx, record)
    return record


def pay(ctx: Context, invoice_id: str) -> Record:
    record = ctx.get(invoice_id, "invoice")
    if record.obj["status"] == "draft":
        record = invoices.finalize(ctx, record)
    if ctx.params.get("paid_out_of_band") == "true":
        return invoices.mark_paid(ctx, record)
    params = check_references(ctx, ctx.params)
    return invoices.pay(ctx, record, params.get("payment_method"))


def _transition(ctx: Context, invoice_id: str, status: str, stamp: str, event: str) -> Record:
    record = ctx.get(invoice_id, "invoice")
    if record.obj["status"] != "open":
        raise errors.invalid_state(
            f"You can only {event.split('.')[-1].replace('_', ' ')} open invoices; this one "
            f"is {record.obj['status']}."
        )
    transitions = {**record.obj["status_transitions"], stamp: ctx.now()}
    record = update_object(ctx, record, emit=False, status=status, status_transitions=transitions)
    ctx.emit(event, record.copy())
    return record


def void(ctx: Context, invoice_id: str) -> Record:
    return _transition(ctx, invoice_id, "void", "voided_at", "invoice.voided")


def mark_uncollectible(ctx: Context, invoice_id: str) -> Record:
    return _transition(
        ctx, invoice_id, "uncollectible", "marked_uncollectible_at", "invoice.marked_uncollectible"
    )


def send(ctx: Context, invoice_id: str) -> Record:
    record = ctx.get(invoice_id, "invoice")
    if record.obj["status"] == "draft":
        raise errors.invalid_state("You can only send finalized invoices.")
    ctx.emit("invoice.sent", record.copy())
    return record


def delete_invoice(ctx: Context, invoice_id: str) -> dict[str, Any]:
    record = ctx.get(invoice_id, "invoice")
    if record.obj["status"] != "draft":
        raise errors.invalid_state("You can only delete draft invoices.")
    return delete_object(ctx, record)


def preview(ctx: Context) -> dict[str, Any]:
    """``create_preview`` / ``upcoming``: the next invoice, not stored and without an id."""
    params = check_references(ctx, ctx.params)
    subscription_id = params.get("subscription")
    customer_id = params.get("customer")
    subscription = (
        ctx.ref(subscription_id, "subscription", "subscription").obj if subscription_id else None
    )
    if subscription and not customer_id:
        customer_id = subscription["customer"]
    if not customer_id:
        raise errors.parameter_missing("customer")
    customer = ctx.ref(customer_id, "customer", "customer").obj
    pending = [
        invoices.invoice_item_line(ctx, None, item.obj)
        for item in invoices.pending_items(ctx, customer_id)
    ]
    if subscription is None:
        subscription = next(
            (
                r.obj
                for r in ctx.space.find("subscription", "customer", customer_id)
                if r.obj.get("status") in ("active", "trialing", "past_due")
            ),
            None,
        )
    if subscription is None and not pending:
        raise errors.invalid_state("No upcoming invoices for customer: " + customer_id)
    items = (
        ctx.space.find("subscription_item", "subscription", subscription["id"])
        if subscription
        else []
    )
    item_objects = [r.obj for r in items] or (subscription or {}).get("items", {}).get("data", [])
    # the subscription's lines first, then pending invoice items (as on the first invoice)
    lines = [invoices.item_line(ctx, None, item, next_period(item)) for item in item_objects]
    lines += pending
    return _preview_object(ctx, customer, subscription, lines)


def _preview_object(
    ctx: Context,
    customer: dict[str, Any],
    subscription: dict[str, Any] | None,
    lines: list[dict[str, Any]],
) -> dict[str, Any]:
    obj = new_object(ctx, "invoice")
    obj.pop("id", None)
    start = min((line["period"]["start"] for line in lines), default=ctx.now())
    obj.update(
        customer=customer["id"],
        currency=lines[0]["currency"] if lines else "usd",
        customer_email=customer.get("email"),
        customer_name=customer.get("name"),
        billing_reason="upcoming",
        period_start=start,
        period_end=start,
        lines={
            "object": "list",
            "data": lines[:EMBEDDED_LIMIT],
            "has_more": len(lines) > EMBEDDED_LIMIT,
            "total_count": len(lines),
            "url": "/v1/invoices/upcoming/lines",
        },
        **invoices.totals(lines),
    )
    if subscription:
        obj["parent"] = {
            "type": "subscription_details",
            "quote_details": None,
            "subscription_details": {
                "metadata": {},
                "subscription": subscription["id"],
                "subscription_proration_date": None,
            },
        }
    return obj


def register(router: Router) -> None:
    router.add("POST", "/v1/invoiceitems", create_invoice_item)
    router.add("POST", "/v1/invoices", create_invoice)
    router.add("DELETE", "/v1/invoices/{id}", delete_invoice)
    router.add("POST", "/v1/invoices/{id}/finalize", finalize)
    router.add("POST", "/v1/invoices/{id}/pay", pay)
    router.add("POST", "/v1/invoices/{id}/void", void)
    router.add("POST", "/v1/invoices/{id}/mark_uncollectible", mark_uncollectible)
    router.add("POST", "/v1/invoices/{id}/send", send)
    router.add("POST", "/v1/invoices/create_preview", preview)
    router.add("GET", "/v1/invoices/upcoming", preview)
