"""Stripe Tax: the ``DJSTRIPE_AUTOMATIC_TAX`` parameters of the Checkout and
subscription helpers, and tax totals read from Stripe's objects.

With the setting on, the helpers ask Stripe to calculate tax
(``automatic_tax[enabled]``) and to collect what it needs: in Checkout, the
customer's address (saved on an existing customer with ``customer_update``) and
tax ids (``tax_id_collection``). A subscription created outside Checkout needs a
customer whose address Stripe can locate; Stripe refuses it otherwise
(``customer_tax_location_invalid``), and that error reaches the caller unchanged.
Parameters the caller gives always win.
"""

from __future__ import annotations

from typing import Any

from .. import settings as djstripe_settings


def _nested_default(params: dict[str, Any], key: str, value: dict[str, Any]) -> None:
    given = params.get(key)
    params[key] = (
        {**value, **given} if isinstance(given, dict) else (value if given is None else given)
    )


def apply_to_checkout(params: dict[str, Any], *, has_customer: bool) -> dict[str, Any]:
    """Checkout Session parameters with automatic tax (when the setting is on)."""
    if not djstripe_settings.automatic_tax():
        return params
    _nested_default(params, "automatic_tax", {"enabled": True})
    _nested_default(params, "tax_id_collection", {"enabled": True})
    if has_customer:
        # Checkout may only save the address and name it collects on an existing
        # customer when asked to; tax id collection needs the name.
        _nested_default(params, "customer_update", {"address": "auto", "name": "auto"})
    else:
        params.setdefault("billing_address_collection", "required")
    return params


def apply_to_subscription(params: dict[str, Any]) -> dict[str, Any]:
    """Subscription parameters with automatic tax (when the setting is on)."""
    if djstripe_settings.automatic_tax():
        _nested_default(params, "automatic_tax", {"enabled": True})
    return params


def _whole(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def line_tax_total(data: dict[str, Any]) -> int | None:
    """The tax of an invoice line in minor units: ``taxes`` (2025-03-31.basil on) or
    ``tax_amounts`` summed; ``None`` when the data carries neither."""
    for key in ("taxes", "tax_amounts"):
        entries = data.get(key)
        if isinstance(entries, list):
            return sum(_whole(e.get("amount")) for e in entries if isinstance(e, dict))
    return None
