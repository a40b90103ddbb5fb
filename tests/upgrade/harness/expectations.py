"""Typed columns to compare, after the conversion, with what ``stripe_data`` says.

Each entry: model, field (attribute after the swap), path in ``stripe_data`` (dotted), and how
Stripe's value becomes the field's value. A path missing from an object skips that object
(older shapes lack newer fields and the other way round). The snapshot stores Stripe's
values; ``verify`` converts and compares, so a wrong or empty typed column is reported with
the Stripe id, the expected and the found value.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

#: Stripe's zero-decimal currencies (https://docs.stripe.com/currencies#zero-decimal).
ZERO_DECIMAL = frozenset("bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf".split())
#: Objects sampled per model (all rows of the small test account fit).
SAMPLE = 200

TYPED: list[tuple[str, str, str, str]] = [
    # model, field, stripe_data path, conversion
    ("Account", "email", "email", "value"),
    ("Account", "charges_enabled", "charges_enabled", "value"),
    ("BalanceTransaction", "amount", "amount", "value"),
    ("BalanceTransaction", "fee", "fee", "value"),
    ("BalanceTransaction", "net", "net", "value"),
    ("BalanceTransaction", "type", "type", "value"),
    ("BalanceTransaction", "available_on", "available_on", "epoch"),
    ("Charge", "amount", "amount", "major_units"),
    ("Charge", "status", "status", "value"),
    ("Charge", "paid", "paid", "value"),
    ("Charge", "captured", "captured", "value"),
    ("Charge", "currency", "currency", "value"),
    ("Coupon", "duration", "duration", "value"),
    ("Coupon", "percent_off", "percent_off", "number"),
    ("Coupon", "amount_off", "amount_off", "value"),
    ("Customer", "email", "email", "value"),
    ("Customer", "name", "name", "value"),
    ("Customer", "delinquent", "delinquent", "value"),
    ("Customer", "created", "created", "epoch"),
    ("Event", "type", "type", "value"),
    ("Invoice", "amount_due", "amount_due", "value"),
    ("Invoice", "amount_paid", "amount_paid", "value"),
    ("Invoice", "amount_remaining", "amount_remaining", "value"),
    ("Invoice", "total", "total", "value"),
    ("Invoice", "subtotal", "subtotal", "value"),
    ("Invoice", "status", "status", "value"),
    ("Invoice", "currency", "currency", "value"),
    ("Invoice", "number", "number", "value"),
    ("Invoice", "due_date", "due_date", "epoch"),
    ("InvoiceItem", "amount", "amount", "value"),
    ("InvoiceItem", "currency", "currency", "value"),
    ("LineItem", "amount", "amount", "value"),
    ("LineItem", "currency", "currency", "value"),
    ("PaymentIntent", "amount", "amount", "value"),
    ("PaymentIntent", "amount_received", "amount_received", "value"),
    ("PaymentIntent", "status", "status", "value"),
    ("PaymentIntent", "currency", "currency", "value"),
    ("PaymentMethod", "type", "type", "value"),
    ("Price", "unit_amount", "unit_amount", "value"),
    ("Price", "currency", "currency", "value"),
    ("Price", "active", "active", "value"),
    ("Price", "type", "type", "value"),
    ("Price", "nickname", "nickname", "value"),
    ("Product", "name", "name", "value"),
    ("Product", "active", "active", "value"),
    ("Refund", "amount", "amount", "value"),
    ("Refund", "status", "status", "value"),
    ("Subscription", "status", "status", "value"),
    ("Subscription", "cancel_at_period_end", "cancel_at_period_end", "value"),
    ("Subscription", "collection_method", "collection_method", "value"),
    ("Subscription", "start_date", "start_date", "epoch"),
    # top-level in shapes before 2025-03-31.basil only (the older-shape objects have it)
    ("Subscription", "current_period_end", "current_period_end", "epoch"),
    ("SubscriptionItem", "quantity", "quantity", "value"),
    ("TaxRate", "percentage", "percentage", "number"),
    ("TaxRate", "inclusive", "inclusive", "value"),
    ("WebhookEndpoint", "url", "url", "value"),
]


def dig(data: Any, path: str) -> tuple[bool, Any]:
    """``(found, value)`` at a dotted path of a Stripe object."""
    for part in path.split("."):
        if not isinstance(data, dict) or part not in data:
            return False, None
        data = data[part]
    return True, data


def expected(kind: str, value: Any, stripe_data: dict[str, Any]) -> Any:
    """Stripe's ``value`` as the typed field should hold it."""
    if value is None:
        return None
    if kind == "epoch":
        return dt.datetime.fromtimestamp(int(value), tz=dt.UTC)
    if kind == "major_units":
        currency = str(stripe_data.get("currency") or "").lower()
        places = 0 if currency in ZERO_DECIMAL else 2
        return Decimal(int(value)).scaleb(-places)
    if kind == "number":
        return Decimal(str(value))
    return value


def same(kind: str, want: Any, found: Any) -> bool:
    """Equality after normalising numbers (``Decimal`` vs float) and datetimes (aware UTC)."""
    if want is None or found is None:
        return want is None and found is None
    if kind == "number" or kind == "major_units":
        try:
            return Decimal(str(found)) == Decimal(str(want))
        except ArithmeticError:
            return False
    if kind == "epoch":
        if isinstance(found, dt.datetime):
            return found.astimezone(dt.UTC) == want
        return False
    return found == want
