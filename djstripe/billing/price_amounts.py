"""What a price costs in each of its currencies (``Price.currency_options``).

A price has one ``currency`` and, when it is sold in others, ``currency_options``:
for each other currency its own ``unit_amount`` (or ``tiers``, or
``custom_unit_amount``). Stripe sends ``currency_options`` only when asked
(``expand[]=currency_options``); djstripe asks on every read and listing page and
keeps the stored value when a webhook payload comes without it. The price's own
currency is read from the price's columns.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..models import Price


def currencies(price: Price) -> list[str]:
    others = sorted(str(c).lower() for c in (price.currency_options or {}) if c)
    own = [price.currency] if price.currency else []
    return own + [c for c in others if c not in own]


def terms(price: Price, currency: str) -> dict[str, Any]:
    """The price's amounts in ``currency``: ``unit_amount``, ``unit_amount_decimal``,
    ``tiers``, ``custom_unit_amount``. ``KeyError`` when it is not offered in it."""
    code = str(currency or "").lower()
    if code and code == price.currency:
        return {
            "unit_amount": price.unit_amount,
            "unit_amount_decimal": price.unit_amount_decimal,
            "tiers": price.tiers,
            "custom_unit_amount": price.custom_unit_amount,
        }
    options = price.currency_options if isinstance(price.currency_options, dict) else {}
    found = options.get(code)
    if not isinstance(found, dict):
        offered = ", ".join(currencies(price)) or "none"
        raise KeyError(f"Price {price.id} is not offered in {code!r} (offered in: {offered}).")
    return found


def amount_in(price: Price, currency: str, quantity: int = 1) -> int | None:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 0:
        raise ValueError(f"quantity must be a whole number of units, not {quantity!r}.")
    found = terms(price, currency)
    units = _transformed(price.transform_quantity, quantity)
    if units == 0:
        return 0
    if price.billing_scheme == "tiered":
        tiers = [t for t in (found.get("tiers") or []) if isinstance(t, dict)]
        if not tiers:
            return None
        if price.tiers_mode == "volume":
            return _round(_volume(tiers, units))
        return _round(_graduated(tiers, units))
    unit = _unit(found.get("unit_amount"), found.get("unit_amount_decimal"))
    if unit is None:
        custom = found.get("custom_unit_amount")
        preset = custom.get("preset") if isinstance(custom, dict) else None
        return preset if isinstance(preset, int) else None
    return _round(unit * units)


def _transformed(transform: Any, quantity: int) -> int:
    """Stripe divides the quantity first when the price says ``transform_quantity``."""
    if not isinstance(transform, dict) or not transform.get("divide_by"):
        return quantity
    divided = quantity / int(transform["divide_by"])
    return math.floor(divided) if transform.get("round") == "down" else math.ceil(divided)


def _unit(amount: Any, decimal_text: Any) -> Decimal | None:
    if isinstance(amount, int) and not isinstance(amount, bool):
        return Decimal(amount)
    if decimal_text in (None, ""):
        return None
    try:
        return Decimal(str(decimal_text))
    except InvalidOperation:
        return None


def _tier_cost(tier: dict[str, Any], units: int) -> Decimal:
    unit = _unit(tier.get("unit_amount"), tier.get("unit_amount_decimal")) or Decimal(0)
    flat = _unit(tier.get("flat_amount"), tier.get("flat_amount_decimal")) or Decimal(0)
    return unit * units + flat


def _volume(tiers: list[dict[str, Any]], units: int) -> Decimal:
    """Every unit at the price of the tier the whole quantity falls in."""
    for tier in tiers:
        if tier.get("up_to") in (None, "inf") or units <= int(tier["up_to"]):
            return _tier_cost(tier, units)
    return _tier_cost(tiers[-1], units)


def _graduated(tiers: list[dict[str, Any]], units: int) -> Decimal:
    """Each tier's units at that tier's price (flat amounts of the tiers reached)."""
    total, floor = Decimal(0), 0
    for tier in tiers:
        ceiling = tier.get("up_to")
        top = units if ceiling in (None, "inf") else min(units, int(ceiling))
        if top <= floor and floor > 0:
            break
        total += _tier_cost(tier, max(top - floor, 0))
        floor = top
        if ceiling in (None, "inf") or units <= int(ceiling):
            break
    return total


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
