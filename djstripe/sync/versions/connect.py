"""Connect and Checkout: fields that moved between API versions."""

from __future__ import annotations

from typing import Any

from .table import Moved, register

# --- Connect and Checkout ----------------------------------------------------------------


def _connected_destination(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
    """A transfer's ``destination`` when it is an account: before 2017-04-06 transfers
    also paid out to bank accounts and cards (those are payouts now)."""
    destination = data.get("destination")
    ref = destination.get("id") if isinstance(destination, dict) else destination
    return ref if isinstance(ref, str) and ref.startswith("acct_") else None


def _display_items_subtotal(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
    entries = data.get("display_items")
    if not isinstance(entries, list) or not entries:
        return None
    total = 0
    for entry in entries:
        amount = entry.get("amount") if isinstance(entry, dict) else None
        quantity = entry.get("quantity", 1) if isinstance(entry, dict) else None
        if not isinstance(amount, int) or not isinstance(quantity, int):
            return None
        total += amount * quantity
    return total


def _display_items_currency(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
    for entry in data.get("display_items") or []:
        if isinstance(entry, dict) and isinstance(entry.get("currency"), str):
            return entry["currency"]
    return None


register(
    Moved(
        "ApplicationFee",
        "account",
        ("account", "user"),
        "2013-12-03",
        "The connected account became the expandable account field (formerly user).",
    ),
    Moved(
        "Transfer",
        "destination_account",
        (),
        "2017-04-06",
        "Derived from destination when it names an account; legacy transfers also paid "
        "out to bank accounts and cards (https://docs.stripe.com/transfer-payout-split).",
        derive=_connected_destination,
    ),
    Moved(
        "Session",
        "amount_subtotal",
        ("amount_subtotal",),
        "2020-08-27",
        "Sessions from before the session amounts existed carry only display_items "
        "(removed in 2020-08-27 in favour of the includable line_items).",
        derive=_display_items_subtotal,
    ),
    Moved(
        "Session",
        "currency",
        ("currency",),
        "2020-08-27",
        "Read from display_items for sessions from before the session currency existed.",
        derive=_display_items_currency,
    ),
)
