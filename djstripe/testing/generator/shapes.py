"""Rewrite generated objects into the shape of API version 2020-08-27.

What moved since then (each change is what the Django side must still map):

* subscription ``current_period_start/end`` at the top level, not on the items
  (moved to items in 2025-03-31.basil);
* invoice top-level ``subscription``, ``charge``, ``payment_intent`` and ``paid``
  (replaced by ``parent.subscription_details`` and ``payments`` in basil);
* line items and invoice items with top-level ``price``/``plan`` objects,
  ``subscription_item``/``invoice_item`` ids and ``type`` (``parent`` and
  ``pricing`` in basil);
* charge ``invoice``, and ``refunds`` embedded (includable only since 2022-11-15).
* InvoicePayment objects did not exist.
"""

from __future__ import annotations

from typing import Any

from ..actions.billing_periods import plan_from_price
from .naming import list_of

OLD_VERSION = "2020-08-27"


def to_2020_08_27(objects: dict[str, list[dict[str, Any]]]) -> None:
    """Rewrite ``objects`` (by object name) in place."""
    prices = {price["id"]: price for price in objects.get("price", [])}
    payments = {
        p["invoice"]: p["payment"]["payment_intent"] for p in objects.pop("invoice_payment", [])
    }
    charges_by_intent = {c["payment_intent"]: c for c in objects.get("charge", [])}
    for item in objects.get("subscription_item", []):
        start, end = item.pop("current_period_start"), item.pop("current_period_end")
        item["_period"] = (start, end)
    for sub in objects.get("subscription", []):
        first = sub["items"]["data"][0]
        sub["current_period_start"], sub["current_period_end"] = first["_period"]
    for item in objects.get("subscription_item", []):
        del item["_period"]
    for invoice in objects.get("invoice", []):
        _old_invoice(invoice, payments, charges_by_intent)
    for line in objects.get("line_item", []):
        _old_line(line, prices)
    for ii in objects.get("invoiceitem", []):
        _old_invoice_item(ii, prices)
    refunds: dict[str, list[dict[str, Any]]] = {}
    for refund in objects.get("refund", []):
        refunds.setdefault(refund["charge"], []).append(refund)
    invoice_of_intent = {intent: invoice for invoice, intent in payments.items()}
    for charge in objects.get("charge", []):
        charge["invoice"] = invoice_of_intent.get(charge["payment_intent"])
        charge["refunds"] = list_of(
            refunds.get(charge["id"], []), f"/v1/charges/{charge['id']}/refunds"
        )


def _old_invoice(
    invoice: dict[str, Any], payments: dict[str, str], charges_by_intent: dict[str, dict[str, Any]]
) -> None:
    parent = invoice.pop("parent", None) or {}
    invoice["subscription"] = (parent.get("subscription_details") or {}).get("subscription")
    intent = payments.get(invoice["id"])
    invoice["payment_intent"] = intent
    invoice["charge"] = charges_by_intent[intent]["id"] if intent in charges_by_intent else None
    invoice["paid"] = invoice["status"] == "paid"
    for name in (
        "amount_overpaid",
        "amount_paid_off_stripe",
        "confirmation_secret",
        "total_pretax_credit_amounts",
        "total_taxes",
        "issuer",
    ):
        invoice.pop(name, None)


def _old_line(line: dict[str, Any], prices: dict[str, dict[str, Any]]) -> None:
    parent = line.pop("parent") or {}
    pricing = line.pop("pricing") or {}
    price_id = (pricing.get("price_details") or {}).get("price")
    price = prices.get(price_id) if price_id else None
    line["price"] = price
    line["plan"] = plan_from_price(price) if price else None
    if parent.get("type") == "subscription_item_details":
        details = parent["subscription_item_details"]
        line.update(
            type="subscription",
            subscription_item=details["subscription_item"],
            invoice_item=None,
            proration=details["proration"],
        )
    else:
        details = parent.get("invoice_item_details") or {}
        line.update(
            type="invoiceitem",
            subscription_item=None,
            invoice_item=details.get("invoice_item"),
            proration=False,
        )
    for name in ("pretax_credit_amounts", "taxes", "subtotal"):
        line.pop(name, None)


def _old_invoice_item(ii: dict[str, Any], prices: dict[str, dict[str, Any]]) -> None:
    parent = ii.pop("parent") or {}
    pricing = ii.pop("pricing") or {}
    price_id = (pricing.get("price_details") or {}).get("price")
    price = prices.get(price_id) if price_id else None
    ii["price"] = price
    ii["subscription"] = (parent.get("subscription_details") or {}).get("subscription")
    ii["subscription_item"] = None
    ii["unit_amount"] = price["unit_amount"] if price else None
    ii["unit_amount_decimal"] = price["unit_amount_decimal"] if price else None
