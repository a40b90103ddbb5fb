"""Stripe Tax, as far as a mirror's tests need it.

``automatic_tax[enabled]`` on a subscription needs a customer Stripe can locate (an
address or shipping address with a country): otherwise ``customer_tax_location_invalid``.
In Checkout, an existing customer without an address needs ``customer_update[address]``
or ``[shipping]`` set to ``auto`` (to save what Checkout collects). The double is
registered nowhere, so the tax it calculates is zero (``not_collecting``), with
``automatic_tax.status`` ``complete`` on the invoice, as for an account without tax
registrations.
"""

from __future__ import annotations

from typing import Any

from .. import errors
from ..context import Context
from ..crud import update_object
from ..store import Record

#: The address Checkout "collects" when the double completes a session.
CHECKOUT_ADDRESS = {
    "city": "San Francisco",
    "country": "US",
    "line1": "510 Townsend St",
    "line2": None,
    "postal_code": "94103",
    "state": "CA",
}


def enabled(params: dict[str, Any]) -> bool:
    value = (params.get("automatic_tax") or {}).get("enabled")
    return value is True or str(value).lower() == "true"


def locatable(customer: dict[str, Any]) -> bool:
    address = customer.get("address") or (customer.get("shipping") or {}).get("address") or {}
    return bool(address.get("country"))


def check_subscription(ctx: Context, params: dict[str, Any]) -> None:
    """Refuse automatic tax for a customer without a location, as Stripe does."""
    if not enabled(params):
        return
    customer = ctx.get(params["customer"], "customer", "customer").obj
    if not locatable(customer):
        raise errors.StripeError(
            400,
            "The customer's location isn't recognized. Set a valid customer address in "
            "order to automatically calculate tax.",
            code="customer_tax_location_invalid",
            param="customer",
        )


def check_checkout(ctx: Context, params: dict[str, Any]) -> None:
    if params.get("customer_update") and not params.get("customer"):
        raise errors.parameter_invalid(
            "customer_update", "`customer_update` can only be used with `customer`."
        )
    if not enabled(params) or not params.get("customer"):
        return
    update = params.get("customer_update") or {}
    customer = ctx.get(params["customer"], "customer", "customer").obj
    if not locatable(customer) and "auto" not in (update.get("address"), update.get("shipping")):
        raise errors.parameter_invalid(
            "customer_update",
            "Automatic tax calculation in Checkout requires a valid address on the Customer. "
            "Add a valid address to the Customer or set either `customer_update[address]` or "
            "`customer_update[shipping]` to 'auto'.",
        )


def complete_checkout(ctx: Context, session: dict[str, Any], customer_id: str) -> dict[str, Any]:
    """What Checkout collected: the address (saved on the customer when asked)."""
    if not enabled(session) and session.get("billing_address_collection") != "required":
        return {}
    hidden = ctx.store.write_only.get(session["id"]) or {}
    if (hidden.get("customer_update") or {}).get("address") == "auto" or not session.get(
        "customer"
    ):
        update_object(ctx, ctx.get(customer_id, "customer"), address=dict(CHECKOUT_ADDRESS))
    return {"address": dict(CHECKOUT_ADDRESS)}


def _zero_tax(taxable: int) -> list[dict[str, Any]]:
    return [
        {
            "amount": 0,
            "tax_behavior": "exclusive",
            "tax_rate_details": None,
            "taxability_reason": "not_collecting",
            "taxable_amount": taxable,
            "type": "tax_rate_details",
        }
    ]


def apply_to_invoice(ctx: Context, invoice: Record) -> Record:
    """Mark a draft invoice as taxed by Stripe Tax (zero tax; see the module docstring)."""
    for line in ctx.space.find("line_item", "invoice", invoice.id):
        update_object(ctx, line, emit=False, taxes=_zero_tax(line.obj.get("amount") or 0))
    return update_object(
        ctx,
        invoice,
        emit=False,
        automatic_tax={
            "disabled_reason": None,
            "enabled": True,
            "liability": {"type": "self"},
            "provider": "stripe",
            "status": "complete",
        },
        total_taxes=_zero_tax(invoice.obj.get("subtotal") or 0),
    )
