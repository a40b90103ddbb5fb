"""Every Stripe field that moved between API versions, and where to read it now.

This is the one place that knows Stripe's history. For each column it lists the
paths to try, the current API version's first: the first path present in the
data wins, so data rendered at any version maps to the same columns. A
``derive`` function covers values that must be computed (a subscription's
current period, which moved to its items). ``sticky`` marks links that other
objects fill in later (an invoice's charge, known only from its payments on
current versions): a payload that lacks them does not erase them.

Dates are the API versions that made the change (https://docs.stripe.com/upgrades).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..fields import stripe_id_of
from ..properties import dig, has_path

Derive = Callable[[dict[str, Any], dict[str, Any] | None], Any]


@dataclass(frozen=True)
class Moved:
    model: str
    field: str
    paths: tuple[str, ...] = ()
    """Dotted paths, current first."""
    changed_in: str = ""
    """The API version that moved or removed the field."""
    note: str = ""
    derive: Derive | None = None
    """Computes the raw value when none of ``paths`` is present: (data, parent data)."""
    sticky: bool = False
    """Keep the stored value when the new data has none (links filled by other objects)."""


_TABLE: dict[tuple[str, str], Moved] = {}


def register(*entries: Moved) -> None:
    for entry in entries:
        _TABLE[(entry.model, entry.field)] = entry


def lookup(model_name: str, field_name: str) -> Moved | None:
    return _TABLE.get((model_name, field_name))


def entries() -> list[Moved]:
    """All registered mappings, for the docs and the tests."""
    return sorted(_TABLE.values(), key=lambda entry: (entry.model, entry.field))


def first_present(data: dict[str, Any], paths: tuple[str, ...]) -> tuple[bool, Any]:
    """(found, value) of the first path present in ``data``."""
    for path in paths:
        if has_path(data, path):
            return True, dig(data, path)
    return False, None


def list_items(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """Items of an embedded list (``{"object": "list", "data": [...]}``) or a plain list."""
    value = data.get(key)
    if isinstance(value, dict):
        value = value.get("data")
    return [item for item in value or [] if isinstance(item, dict)]


# --- Core objects -----------------------------------------------------------------------

register(
    Moved(
        "Customer",
        "balance",
        ("balance", "account_balance"),
        "2019-10-17",
        "account_balance was renamed balance.",
    ),
)


# --- Subscriptions and catalog ------------------------------------------------------------


def _number(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _items_period(key: str, pick: Callable[[list[int]], int]) -> Derive:
    """A subscription's period from its items' periods (the span that covers them all)."""

    def derive(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
        values = [_number(item.get(key)) for item in list_items(data, "items")]
        found = [value for value in values if value is not None]
        return pick(found) if found else None

    return derive


def _from_parent(key: str) -> Derive:
    """An embedded child's value from its parent's top-level field (older versions)."""

    def derive(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
        return parent.get(key) if isinstance(parent, dict) else None

    return derive


def _single_item(key: str) -> Derive:
    """A field of a subscription's only item (the old top-level single-plan fields)."""

    def derive(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
        embedded = data.get("items")
        if isinstance(embedded, dict) and embedded.get("has_more"):
            return None
        items = list_items(data, "items")
        return items[0].get(key) if len(items) == 1 else None

    return derive


register(
    Moved(
        "Subscription",
        "current_period_start",
        ("current_period_start",),
        "2025-03-31.basil",
        "Moved to the subscription items; the subscription's is the earliest item's.",
        derive=_items_period("current_period_start", min),
    ),
    Moved(
        "Subscription",
        "current_period_end",
        ("current_period_end",),
        "2025-03-31.basil",
        "Moved to the subscription items; the subscription's is the latest item's.",
        derive=_items_period("current_period_end", max),
    ),
    Moved(
        "SubscriptionItem",
        "current_period_start",
        ("current_period_start",),
        "2025-03-31.basil",
        "Before, only the subscription had it: items take their parent's.",
        derive=_from_parent("current_period_start"),
    ),
    Moved(
        "SubscriptionItem",
        "current_period_end",
        ("current_period_end",),
        "2025-03-31.basil",
        "Before, only the subscription had it: items take their parent's.",
        derive=_from_parent("current_period_end"),
    ),
    Moved(
        "Subscription",
        "plan",
        ("plan",),
        "",
        "Top-level plan of single-plan subscriptions in older versions (2017-era and "
        "2020-08-27 shapes); current versions show it on the items only.",
        derive=_single_item("plan"),
    ),
    Moved(
        "Subscription",
        "quantity",
        ("quantity",),
        "",
        "Top-level quantity of single-plan subscriptions in older versions; current "
        "versions show it on the items only.",
        derive=_single_item("quantity"),
    ),
    Moved(
        "Subscription",
        "collection_method",
        ("collection_method", "billing"),
        "2019-10-17",
        "billing was renamed collection_method.",
    ),
    Moved(
        "Plan",
        "nickname",
        ("nickname", "name"),
        "2018-02-05",
        "Plans gave their name to products; an older plan's name is kept as its nickname.",
    ),
    Moved(
        "Discount",
        "coupon",
        ("source.coupon", "coupon"),
        "2025-09-30.clover",
        "The auto-expanded coupon became source.coupon (an id unless expanded).",
    ),
    Moved(
        "PromotionCode",
        "coupon",
        ("promotion.coupon", "coupon"),
        "2025-09-30.clover",
        "The coupon moved into the polymorphic promotion hash.",
    ),
    Moved(
        "TaxId",
        "customer",
        ("owner.customer", "customer"),
        "",
        "Tax ids gained an owner (customer, account, application or self) when accounts "
        "could hold tax ids; older ones only name the customer.",
    ),
)


def _one_discount(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
    """The subscription's discount when it lists exactly one (an id unless expanded)."""
    found = [entry for entry in data.get("discounts") or [] if entry]
    return found[0] if len(found) == 1 else None


def _discounts_of_single(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
    single = data.get("discount")
    return [single] if single else []


register(
    Moved(
        "Subscription",
        "discount",
        ("discount",),
        "2025-03-31.basil",
        "Removed in favour of discounts; the only listed discount stands in for it.",
        derive=_one_discount,
    ),
    Moved(
        "Subscription",
        "discounts",
        ("discounts",),
        "",
        "Added for stackable discounts; older data has only discount.",
        derive=_discounts_of_single,
    ),
)


def _price_of_plan(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
    """Items from before prices name only their plan, and a plan's id is its price's id."""
    return stripe_id_of(data.get("plan"))


register(
    Moved(
        "SubscriptionItem",
        "price",
        ("price",),
        "",
        "Prices (2020) came after plans; an older item's plan is also a price, same id.",
        derive=_price_of_plan,
    ),
)


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
    from decimal import Decimal, InvalidOperation

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


# --- Events and webhooks ----------------------------------------------------------------

register(
    Moved(
        "Event",
        "request_id",
        ("request.id", "request"),
        "2017-05-25",
        "request was the request id; it became an object with id and idempotency_key.",
    ),
)
