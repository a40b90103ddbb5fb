"""Customers and what hangs off them: sources, tax ids, balance, discount."""

from __future__ import annotations

from typing import Any

from .. import errors
from ..build import check_references
from ..context import Context
from ..crud import create_object, creating, delete_object, update_object
from ..router import Router
from ..store import Record
from .billing import cancel_subscription
from .cards import create_card_source
from .payments import attach_payment_method

HEX = "0123456789ABCDEF"


@creating("customer")
def _new_customer(ctx: Context, obj: dict[str, Any], params: dict[str, Any]) -> None:
    obj["invoice_prefix"] = obj.get("invoice_prefix") or ctx.ids.text(8, HEX)


def create_customer(ctx: Context) -> Record:
    params = check_references(ctx, ctx.params)
    record = create_object(ctx, "customer", params)
    method = params.get("payment_method")
    if method:
        attach_payment_method(ctx, ctx.ref(method, "payment_method", "payment_method"), record.id)
    source = params.get("source")
    if source:
        card = _source_for(ctx, source, record.id)
        record = update_object(ctx, record, emit=False, default_source=card.id)
    for data in params.get("tax_id_data") or []:
        create_object(
            ctx,
            "tax_id",
            data,
            event_prefix="customer.tax_id",
            customer=record.id,
            owner={"type": "customer", "customer": record.id},
        )
    return ctx.space.get(record.id) or record


def _source_for(ctx: Context, source: str, customer: str) -> Record:
    """A card for ``source``: a test token (``tok_visa``) or an existing unattached card."""
    existing = ctx.space.get(source)
    if existing is not None and existing.obj.get("object") in ("card", "source"):
        return update_object(ctx, existing, emit=False, customer=customer)
    if source.startswith("tok_"):
        return create_card_source(ctx, source.removeprefix("tok_"), customer)
    raise errors.param_resource_missing("source", source, "source")


def delete_customer(ctx: Context, customer_id: str) -> dict[str, Any]:
    """Delete a customer; its live subscriptions are canceled first, as on Stripe."""
    record = ctx.get(customer_id, "customer")
    for subscription in ctx.space.find("subscription", "customer", customer_id):
        if subscription.obj.get("status") not in ("canceled", "incomplete_expired"):
            cancel_subscription(ctx, subscription)
    return delete_object(ctx, record)


def delete_discount(ctx: Context, customer_id: str) -> dict[str, Any]:
    record = ctx.get(customer_id, "customer")
    discount = record.obj.get("discount")
    if not discount:
        raise errors.StripeError(
            404, f"No active discount for customer: '{customer_id}'", code="resource_missing"
        )
    update_object(ctx, record, emit=False, discount=None)
    ctx.emit("customer.discount.deleted", discount)
    return {
        "object": "discount",
        "deleted": True,
        **{key: discount.get(key) for key in ("id", "customer", "source", "start", "end")},
    }


def add_source(ctx: Context, customer_id: str) -> Record:
    record = ctx.get(customer_id, "customer")
    source = ctx.params.get("source")
    if not source:
        raise errors.parameter_missing("source")
    card = _source_for(ctx, source, customer_id)
    if not record.obj.get("default_source"):
        update_object(ctx, record, emit=False, default_source=card.id)
    ctx.emit("customer.source.created", card.copy())
    return card


@creating("tax_id")
def _new_tax_id(ctx: Context, obj: dict[str, Any], params: dict[str, Any]) -> None:
    owner = params.get("owner") or {}
    customer = obj.get("customer") or owner.get("customer")
    if customer:
        obj["customer"] = customer
        obj["owner"] = {"type": "customer", "customer": customer, "customer_account": None}
    obj["country"] = obj.get("country") or (obj.get("value") or "XX")[:2].upper()


@creating("customer_balance_transaction")
def _new_balance_entry(ctx: Context, obj: dict[str, Any], params: dict[str, Any]) -> None:
    if obj.get("amount") is None:
        raise errors.parameter_missing("amount")
    customer = ctx.get(obj["customer"], "customer")
    balance = (customer.obj.get("balance") or 0) + obj["amount"]
    obj["ending_balance"] = balance
    obj["type"] = obj.get("type") or "adjustment"
    update_object(ctx, customer, balance=balance)


def register(router: Router) -> None:
    router.add("POST", "/v1/customers", create_customer)
    router.add("DELETE", "/v1/customers/{id}", delete_customer)
    router.add("DELETE", "/v1/customers/{id}/discount", delete_discount)
    router.add("POST", "/v1/customers/{id}/sources", add_source)
