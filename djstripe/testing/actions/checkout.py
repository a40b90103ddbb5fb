"""Checkout Sessions and billing portal sessions, with pages that complete them.

A session's ``url`` points at the double itself (``/__double/checkout/<id>``
when the session was created over HTTP): opening it completes the session as
a paying customer and redirects to ``success_url``, so a browser test can walk
the whole flow offline.  ``StripeDouble.complete_checkout_session`` does the
same from Python.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import errors, objects
from ..build import check_references, new_object
from ..context import Context, Request
from ..crud import create_object, update_object
from ..router import Router
from ..store import PARENT, Record, Space
from . import invoices, tax
from .billing import subscribe
from .cards import create_card_payment_method
from .payments import confirm_intent

if TYPE_CHECKING:
    from ..double import StripeDouble

SESSION_LIFETIME = 24 * 3600


def _base_url(ctx: Context) -> str | None:
    host = ctx.request.headers.get("host")
    return f"http://{host}" if host else None


def create_session(ctx: Context) -> Record:
    params = check_references(ctx, ctx.params)
    mode = params.get("mode")
    if not mode:
        raise errors.parameter_missing("mode")
    entries = params.get("line_items") or []
    if mode != "setup" and not entries:
        raise errors.parameter_missing("line_items")
    tax.check_checkout(ctx, params)
    fields = {k: v for k, v in params.items() if k != "line_items"}
    obj = new_object(ctx, "checkout.session", fields)
    items = [_line_item(ctx, obj["id"], entry, i) for i, entry in enumerate(entries)]
    total = sum(item["amount_total"] for item in items)
    base = _base_url(ctx)
    obj.update(
        amount_subtotal=total,
        amount_total=total,
        expires_at=ctx.now() + SESSION_LIFETIME,
        currency=items[0]["currency"] if items else params.get("currency"),
        payment_status="no_payment_required" if mode == "setup" else "unpaid",
        url=f"{base}/__double/checkout/{obj['id']}"
        if base
        else f"https://checkout.stripe.com/c/pay/{obj['id']}",
        total_details={"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
    )
    if params.get("customer_update"):
        ctx.store.write_only[obj["id"]] = {"customer_update": params["customer_update"]}
    return objects.save(ctx.store, ctx.space, obj)


def _line_item(
    ctx: Context, session_id: str, entry: dict[str, Any], position: int
) -> dict[str, Any]:
    if entry.get("price"):
        price = invoices.price_of(ctx, entry["price"])
    elif isinstance(entry.get("price_data"), dict):
        price = create_object(ctx, "price", entry["price_data"], emit=False).copy()
    else:
        raise errors.parameter_missing(f"line_items[{position}][price]")
    quantity = int(entry.get("quantity") or 1)
    amount = (price.get("unit_amount") or 0) * quantity
    item = new_object(ctx, "item")
    item.update(
        id=ctx.ids.new("li"),
        amount_discount=0,
        amount_subtotal=amount,
        amount_tax=0,
        amount_total=amount,
        currency=price.get("currency") or "usd",
        description=invoices.product_name(ctx, price),
        price=price,
        quantity=quantity,
        adjustable_quantity=None,
        metadata={},
    )
    objects.save(ctx.store, ctx.space, item, parent=session_id)
    return item


def expire(ctx: Context, session_id: str) -> Record:
    record = ctx.get(session_id, "checkout.session")
    if record.obj["status"] != "open":
        raise errors.invalid_state(
            f"Only Checkout Sessions with a status of open can be expired; this one is "
            f"{record.obj['status']}."
        )
    record = update_object(ctx, record, emit=False, status="expired")
    ctx.emit("checkout.session.expired", record.copy())
    return record


def complete(
    ctx: Context, record: Record, payment_method: str = "visa", email: str | None = None
) -> Record:
    """Complete an open session as a customer paying with a test card."""
    session = record.obj
    if session["status"] != "open":
        raise errors.invalid_state(f"Checkout Session {session['id']} is {session['status']}.")
    customer_id = session.get("customer")
    email = email or session.get("customer_email") or "customer@example.com"
    if not customer_id:
        customer_id = create_object(ctx, "customer", {"email": email}).id
    method = create_card_payment_method(ctx, payment_method.removeprefix("pm_card_"), customer_id)
    ctx.emit("payment_method.attached", method.copy())
    fields: dict[str, Any] = {
        "status": "complete",
        "customer": customer_id,
        "customer_details": {
            "address": None,
            "email": email,
            "name": None,
            "phone": None,
            "tax_exempt": "none",
            "tax_ids": [],
        },
    }
    fields["customer_details"].update(tax.complete_checkout(ctx, session, customer_id))
    items = [r.obj for r in ctx.space.find("item", PARENT, session["id"])]
    mode = session.get("mode")
    if mode == "subscription":
        subscription = subscribe(
            ctx,
            {
                "customer": customer_id,
                "default_payment_method": method.id,
                "metadata": (session.get("subscription_data") or {}).get("metadata") or {},
                "automatic_tax": session.get("automatic_tax") or {"enabled": False},
                "items": [{"price": i["price"]["id"], "quantity": i["quantity"]} for i in items],
            },
        )
        fields.update(
            subscription=subscription.id,
            invoice=subscription.obj["latest_invoice"],
            payment_status="paid",
        )
    elif mode == "payment":
        intent = create_object(
            ctx,
            "payment_intent",
            emit=False,
            amount=session["amount_total"],
            currency=session["currency"],
            customer=customer_id,
            payment_method=method.id,
            client_secret=None,
        )
        intent = confirm_intent(ctx, intent, {})
        fields.update(payment_intent=intent.id, payment_status="paid")
    else:
        intent = create_object(
            ctx,
            "setup_intent",
            emit=False,
            customer=customer_id,
            payment_method=method.id,
            status="succeeded",
        )
        fields["setup_intent"] = intent.id
    record = update_object(ctx, record, emit=False, **fields)
    ctx.emit("checkout.session.completed", record.copy())
    return record


def find_session_space(double: StripeDouble, object_id: str) -> Space | None:
    with double.store.lock:
        for space in double.store.spaces.values():
            if space.get(object_id) is not None:
                return space
    return None


def helper_context(double: StripeDouble, space: Space) -> Context:
    """A Context for work the double does by itself (no API request behind it)."""
    entry = double.store.accounts.get(space.account)
    platform = entry.platform if entry and entry.platform else space.account
    request = Request(
        "POST", "(test helper)", {}, {}, None, "", space.livemode, platform, space.account
    )
    return Context(double, request)


def complete_session(
    double: StripeDouble, session_id: str, space: Space, **options: Any
) -> dict[str, Any]:
    ctx = helper_context(double, space)
    try:
        with double.store.lock:
            record = complete(ctx, ctx.get(session_id, "checkout.session"), **options)
            result = record.copy()
    finally:
        double.dispatcher.dispatch(ctx.emitted)
    return result


def create_portal_session(ctx: Context) -> Record:
    params = check_references(ctx, ctx.params)
    if not params.get("customer"):
        raise errors.parameter_missing("customer")
    obj = new_object(ctx, "billing_portal.session", params)
    base = _base_url(ctx)
    obj["url"] = (
        f"{base}/__double/billing_portal/{obj['id']}"
        if base
        else f"https://billing.stripe.com/p/session/test_{ctx.ids.text(40)}"
    )
    return objects.save(ctx.store, ctx.space, obj)


def register(router: Router) -> None:
    router.add("POST", "/v1/checkout/sessions", create_session)
    router.add("POST", "/v1/checkout/sessions/{id}/expire", expire)
    router.add("POST", "/v1/billing_portal/sessions", create_portal_session)
