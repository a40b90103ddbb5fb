"""Payments and legacy payment sources: fields that moved between API versions."""

from __future__ import annotations

from typing import Any

from .table import Moved, list_items, register

# --- Payments and legacy payment sources ----------------------------------------------------


def _created(data: dict[str, Any]) -> int:
    value = data.get("created")
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _newest_charge(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
    """The newest of a PaymentIntent's embedded charges (what ``latest_charge`` names now)."""
    charges = list_items(data, "charges")
    if not charges:
        return None
    newest = max(charges, key=_created)
    return newest.get("id")


def _first_balance_transaction(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
    """The transaction that withdrew a dispute's funds: the first of its list."""
    transactions = data.get("balance_transactions")
    if isinstance(transactions, list) and transactions:
        return transactions[0]
    return None


def _captured_amount(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
    """Before ``amount_captured`` existed, a captured charge was captured in full (the
    uncaptured rest of a partial capture was reported as refunded)."""
    captured = data.get("captured")
    if captured is None:
        return None
    return data.get("amount") if captured else 0


register(
    Moved(
        "Charge",
        "source",
        ("source", "card"),
        "2015-02-18",
        "Charges named the card charged in `card` before `source` replaced it.",
    ),
    Moved(
        "Charge",
        "amount_captured",
        ("amount_captured",),
        "",
        "Added without a version change, so older payloads lack it: a captured charge "
        "was captured in full.",
        derive=_captured_amount,
    ),
    Moved(
        "PaymentIntent",
        "latest_charge",
        ("latest_charge",),
        "2022-11-15",
        "Replaced the embedded `charges` list (whose newest charge it names).",
        derive=_newest_charge,
    ),
    Moved(
        "Dispute",
        "balance_transaction",
        ("balance_transaction",),
        "2014-08-20",
        "Replaced by the `balance_transactions` list, whose first entry withdrew the funds.",
        derive=_first_balance_transaction,
    ),
    Moved(
        "Dispute",
        "evidence_due_by",
        ("evidence_details.due_by", "evidence_due_by"),
        "2014-12-08",
        "Moved into `evidence_details`.",
    ),
    Moved(
        "Card",
        "brand",
        ("brand", "type"),
        "2014-06-13",
        "The card's `type` was renamed `brand`.",
    ),
    Moved(
        "Customer",
        "default_source",
        ("default_source", "default_card"),
        "2015-02-18",
        "`default_card` became `default_source` (cards, bank accounts and Sources).",
    ),
)
