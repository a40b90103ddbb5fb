"""Invoicing (invoices, line items, invoice items, credit notes): fields that moved."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from ...dotted import dig
from .table import Derive, Moved, register

# --- Invoicing: invoices, line items, invoice items, credit notes -------------------------


def _whole(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _invoice_status(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
    """Before 2018-11-08 invoices had no status, only the paid/forgiven/closed booleans."""
    if not any(key in data for key in ("paid", "forgiven", "closed")):
        return None
    if data.get("paid"):
        return "paid"
    if data.get("forgiven"):
        return "uncollectible"
    return "open"  # closed only stopped automatic collection (auto_advance = false now)


def _invoice_paid(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
    status = data.get("status")
    return status == "paid" if isinstance(status, str) and status else None


def _not_closed(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
    closed = data.get("closed")
    return (not closed) if isinstance(closed, bool) else None


def _single_discount(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
    discounts = [d for d in data.get("discounts") or [] if d]
    return discounts[0] if len(discounts) == 1 else None


def _discount_list(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
    discount = data.get("discount")
    return [discount] if discount else []


def _taxes(data: dict[str, Any], key: str) -> list[dict[str, Any]] | None:
    value = data.get(key)
    if not isinstance(value, list):
        return None
    return [tax for tax in value if isinstance(tax, dict)]


def _tax_total(key: str) -> Derive:
    """The sum of the new ``taxes``/``total_taxes`` amounts (the old single tax amount)."""

    def derive(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
        taxes = _taxes(data, key)
        if taxes is None:
            return None
        return sum(_whole(tax.get("amount")) for tax in taxes)

    return derive


def _tax_amounts(key: str) -> Derive:
    """The old ``tax_amounts`` list rebuilt from the new ``taxes``/``total_taxes``."""

    def derive(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
        taxes = _taxes(data, key)
        if taxes is None:
            return None
        return [
            {
                "amount": tax.get("amount"),
                "inclusive": tax.get("tax_behavior") == "inclusive",
                "tax_rate": (tax.get("tax_rate_details") or {}).get("tax_rate"),
                "taxability_reason": tax.get("taxability_reason"),
                "taxable_amount": tax.get("taxable_amount"),
            }
            for tax in taxes
        ]

    return derive


def _tax_rate_ids(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
    taxes = _taxes(data, "taxes")
    if taxes is None:
        return None
    rates = [(tax.get("tax_rate_details") or {}).get("tax_rate") for tax in taxes]
    return [rate for rate in rates if rate]


#: A line item's ``parent.type`` (2025-03-31.basil) -> the ``type`` it replaced.
_LINE_TYPES = {"subscription_item_details": "subscription", "invoice_item_details": "invoiceitem"}


def _line_type(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
    kind = (data.get("parent") or {}).get("type") if isinstance(data.get("parent"), dict) else None
    return _LINE_TYPES.get(kind, kind) if isinstance(kind, str) else None


def _line_ref(key: str, line_type: str, prefix: str) -> Derive:
    """A line's reference from its old top-level field; before 2019-12-03 a subscription
    line's id was the subscription id and an invoice item line's the invoice item id."""

    def derive(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
        if data.get(key):
            return data[key]
        line_id = data.get("id")
        if data.get("type") == line_type and isinstance(line_id, str):
            return line_id if line_id.startswith(prefix) else None
        return None

    return derive


def _unit_amount(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
    """``unit_amount`` from ``pricing.unit_amount_decimal`` when it is a whole number."""
    value = dig(data, "pricing.unit_amount_decimal")
    if value is None:
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return int(number) if number == number.to_integral_value() else None


def _first_refund(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
    refunds = [r for r in data.get("refunds") or [] if isinstance(r, dict)]
    return refunds[0].get("refund") if refunds else None


_BASIL = "2025-03-31.basil"
_PARENT_NOTE = "Moved into parent (changelog: adds-new-parent-field-to-invoicing-objects)."
_PAYMENTS_NOTE = (
    "Removed with multiple invoice payments; derived from the invoice's InvoicePayments and "
    "its PaymentIntent's charges (djstripe.models.invoice_payments link functions)."
)
_PRICING_NOTE = "Moved into pricing.price_details (price and plan are both prices)."
_TAXES_NOTE = "Replaced by taxes / total_taxes."

register(
    # Invoice columns
    Moved(
        "Invoice",
        "subscription",
        ("parent.subscription_details.subscription", "subscription"),
        _BASIL,
        _PARENT_NOTE,
    ),
    Moved("Invoice", "charge", ("charge",), _BASIL, _PAYMENTS_NOTE, sticky=True),
    Moved("Invoice", "payment_intent", ("payment_intent",), _BASIL, _PAYMENTS_NOTE, sticky=True),
    Moved(
        "Invoice",
        "paid",
        ("paid",),
        _BASIL,
        "Removed; an invoice is paid when its status is paid.",
        derive=_invoice_paid,
    ),
    Moved(
        "Invoice",
        "status",
        ("status",),
        "2018-11-08",
        "Derived from paid/forgiven before invoices had a status.",
        derive=_invoice_status,
    ),
    Moved(
        "Invoice",
        "collection_method",
        ("collection_method", "billing"),
        "2019-10-17",
        "billing was renamed collection_method.",
    ),
    Moved("Invoice", "created", ("created", "date"), "2019-03-14", "date was renamed created."),
    # Invoice properties (read through djstripe.properties.MovedProperty)
    Moved(
        "Invoice",
        "auto_advance",
        ("auto_advance",),
        "2018-11-08",
        "Replaced closed.",
        derive=_not_closed,
    ),
    Moved("Invoice", "tax", ("tax",), _BASIL, _TAXES_NOTE, derive=_tax_total("total_taxes")),
    Moved(
        "Invoice",
        "total_tax_amounts",
        ("total_tax_amounts",),
        _BASIL,
        _TAXES_NOTE,
        derive=_tax_amounts("total_taxes"),
    ),
    Moved(
        "Invoice",
        "discount",
        ("discount",),
        "",
        "The single discount of older data; current data lists discounts.",
        derive=_single_discount,
    ),
    Moved(
        "Invoice",
        "discounts",
        ("discounts",),
        "",
        "Added in 2020 for multiple discounts; older data has only discount.",
        derive=_discount_list,
    ),
    Moved("Invoice", "quote", ("parent.quote_details.quote", "quote"), _BASIL, _PARENT_NOTE),
    Moved(
        "Invoice",
        "subscription_details",
        ("parent.subscription_details", "subscription_details"),
        _BASIL,
        _PARENT_NOTE,
    ),
    Moved(
        "Invoice",
        "subscription_proration_date",
        ("parent.subscription_details.subscription_proration_date", "subscription_proration_date"),
        _BASIL,
        _PARENT_NOTE,
    ),
    # LineItem
    Moved(
        "LineItem",
        "subscription",
        (
            "parent.subscription_item_details.subscription",
            "parent.invoice_item_details.subscription",
        ),
        _BASIL,
        _PARENT_NOTE,
        derive=_line_ref("subscription", "subscription", "sub_"),
    ),
    Moved(
        "LineItem",
        "subscription_item",
        ("parent.subscription_item_details.subscription_item", "subscription_item"),
        _BASIL,
        _PARENT_NOTE,
    ),
    Moved(
        "LineItem",
        "invoice_item",
        (
            "parent.invoice_item_details.invoice_item",
            "parent.subscription_item_details.invoice_item",
        ),
        _BASIL,
        _PARENT_NOTE + " Before 2019-12-03 an invoice item line's id was the item's id.",
        derive=_line_ref("invoice_item", "invoiceitem", "ii_"),
    ),
    Moved(
        "LineItem", "price", ("pricing.price_details.price", "price", "plan"), _BASIL, _PRICING_NOTE
    ),
    Moved("LineItem", "type", ("type",), _BASIL, "Replaced by parent.type.", derive=_line_type),
    Moved(
        "LineItem",
        "proration",
        (
            "parent.subscription_item_details.proration",
            "parent.invoice_item_details.proration",
            "proration",
        ),
        _BASIL,
        _PARENT_NOTE,
    ),
    Moved(
        "LineItem",
        "proration_details",
        (
            "parent.subscription_item_details.proration_details",
            "parent.invoice_item_details.proration_details",
            "proration_details",
        ),
        _BASIL,
        _PARENT_NOTE,
    ),
    Moved(
        "LineItem",
        "tax_amounts",
        ("tax_amounts",),
        _BASIL,
        _TAXES_NOTE,
        derive=_tax_amounts("taxes"),
    ),
    Moved("LineItem", "tax_rates", ("tax_rates",), _BASIL, _TAXES_NOTE, derive=_tax_rate_ids),
    Moved(
        "LineItem",
        "unit_amount_decimal",
        ("pricing.unit_amount_decimal", "unit_amount_decimal", "price.unit_amount_decimal"),
        _BASIL,
        _PRICING_NOTE,
    ),
    # InvoiceItem
    Moved(
        "InvoiceItem",
        "subscription",
        ("parent.subscription_details.subscription", "subscription"),
        _BASIL,
        _PARENT_NOTE,
    ),
    Moved(
        "InvoiceItem",
        "subscription_item",
        ("parent.subscription_details.subscription_item", "subscription_item"),
        _BASIL,
        _PARENT_NOTE,
    ),
    Moved(
        "InvoiceItem",
        "price",
        ("pricing.price_details.price", "price", "plan"),
        _BASIL,
        _PRICING_NOTE,
    ),
    Moved(
        "InvoiceItem",
        "unit_amount_decimal",
        ("pricing.unit_amount_decimal", "unit_amount_decimal"),
        _BASIL,
        _PRICING_NOTE,
    ),
    Moved(
        "InvoiceItem", "unit_amount", ("unit_amount",), _BASIL, _PRICING_NOTE, derive=_unit_amount
    ),
    # Charge (the payments models' column; the derivation belongs to invoicing)
    Moved("Charge", "invoice", ("invoice",), _BASIL, _PAYMENTS_NOTE, sticky=True),
    # Credit notes
    Moved(
        "CreditNote",
        "refund",
        ("refund",),
        _BASIL,
        "Replaced by the refunds list.",
        derive=_first_refund,
    ),
    Moved(
        "CreditNote",
        "tax_amounts",
        ("tax_amounts",),
        _BASIL,
        _TAXES_NOTE,
        derive=_tax_amounts("total_taxes"),
    ),
    Moved(
        "CreditNoteLineItem",
        "tax_amounts",
        ("tax_amounts",),
        _BASIL,
        _TAXES_NOTE,
        derive=_tax_amounts("taxes"),
    ),
)
