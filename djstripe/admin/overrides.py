"""List columns, filters and search for the models people browse most.

Everything else comes from the models' declarations (:mod:`djstripe.admin.columns`).
Names are model fields: amounts are shown as money in their currency, references as
links, automatically. A name a model lacks (an older or newer model shape) is left
out, so this table never breaks a model.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist

MODE_AND_TIME = ("created",)  # test/live mode is a filter: it rarely earns a column

OVERRIDES: dict[str, dict[str, tuple[str, ...]]] = {
    "Account": {
        "list_columns": (
            "id",
            "business_name",
            "email",
            "type",
            "country",
            "charges_enabled",
            "payouts_enabled",
            *MODE_AND_TIME,
        ),
        "list_filters": ("livemode", "type", "charges_enabled", "payouts_enabled", "created"),
    },
    "Customer": {
        "list_columns": (
            "id",
            "email",
            "name",
            "balance",
            "delinquent",
            "subscriber",
            *MODE_AND_TIME,
        ),
        "list_filters": ("livemode", "deleted", "delinquent", "created"),
        "text_search": ("email", "name", "phone"),
        "related_lists": (
            "subscriptions",
            "invoices",
            "charges",
            "payment_intents",
            "payment_methods",
            "sources",
            "tax_ids",
            "schedules",
        ),
    },
    "Product": {
        "list_columns": ("id", "name", "type", "active", "default_price", *MODE_AND_TIME),
        "list_filters": ("livemode", "active", "created"),
    },
    "Price": {
        "list_columns": (
            "id",
            "product",
            "nickname",
            "unit_amount",
            "recurring_interval",
            "type",
            "active",
            *MODE_AND_TIME,
        ),
        "list_filters": ("livemode", "active", "type", "recurring_interval", "created"),
        "text_search": ("nickname", "^lookup_key"),
    },
    "Plan": {
        "list_columns": (
            "id",
            "product",
            "nickname",
            "amount",
            "interval",
            "active",
            *MODE_AND_TIME,
        ),
        "list_filters": ("livemode", "active", "interval", "created"),
    },
    "Coupon": {
        "list_columns": (
            "id",
            "name",
            "percent_off",
            "amount_off",
            "duration",
            "valid",
            "times_redeemed",
            *MODE_AND_TIME,
        ),
        "list_filters": ("livemode", "valid", "duration", "created"),
    },
    "PromotionCode": {
        "list_columns": (
            "id",
            "code",
            "coupon",
            "customer",
            "active",
            "times_redeemed",
            "expires_at",
            *MODE_AND_TIME,
        ),
        "list_filters": ("livemode", "active", "created"),
    },
    "Subscription": {
        "list_columns": (
            "id",
            "customer",
            "status",
            "current_period_end",
            "cancel_at_period_end",
            *MODE_AND_TIME,
        ),
        "list_filters": (
            "livemode",
            "status",
            "cancel_at_period_end",
            "collection_method",
            "created",
        ),
    },
    "SubscriptionItem": {
        "list_columns": (
            "id",
            "subscription",
            "price",
            "quantity",
            "current_period_end",
            "created",
        ),
    },
    "SubscriptionSchedule": {
        "list_columns": (
            "id",
            "customer",
            "subscription",
            "status",
            "end_behavior",
            *MODE_AND_TIME,
        ),
    },
    "Invoice": {
        "list_columns": (
            "id",
            "number",
            "customer",
            "status",
            "total",
            "amount_due",
            "due_date",
            *MODE_AND_TIME,
        ),
        "list_filters": (
            "livemode",
            "status",
            "paid",
            "collection_method",
            "billing_reason",
            "created",
        ),
        "text_search": ("^number",),
    },
    "LineItem": {
        "list_columns": (
            "id",
            "invoice",
            "price",
            "amount",
            "quantity",
            "period_start",
            "period_end",
        ),
        "list_filters": ("livemode", "type", "proration"),
    },
    "InvoiceItem": {
        "list_columns": ("id", "customer", "invoice", "amount", "quantity", "date", *MODE_AND_TIME),
    },
    "Charge": {
        "list_columns": (
            "id",
            "customer",
            "amount",
            "amount_refunded",
            "status",
            "paid",
            "refunded",
            "disputed",
            *MODE_AND_TIME,
        ),
        "list_filters": (
            "livemode",
            "status",
            "paid",
            "captured",
            "refunded",
            "disputed",
            "created",
        ),
    },
    "PaymentIntent": {
        "list_columns": (
            "id",
            "customer",
            "amount",
            "amount_received",
            "status",
            "capture_method",
            *MODE_AND_TIME,
        ),
        "list_filters": ("livemode", "status", "created"),
    },
    "SetupIntent": {
        "list_columns": ("id", "customer", "payment_method", "status", "usage", *MODE_AND_TIME),
    },
    "PaymentMethod": {
        "list_columns": (
            "id",
            "customer",
            "type",
            "card_brand",
            "card_last4",
            "billing_email",
            *MODE_AND_TIME,
        ),
        "list_filters": ("livemode", "type", "created"),
        "text_search": ("billing_email", "card_last4"),
    },
    "Card": {
        "list_columns": (
            "id",
            "customer",
            "account",
            "brand",
            "last4",
            "exp_month",
            "exp_year",
            *MODE_AND_TIME,
        ),
        "list_filters": ("livemode", "brand", "created"),
    },
    "BankAccount": {
        "list_columns": (
            "id",
            "customer",
            "account",
            "bank_name",
            "last4",
            "status",
            "currency",
            *MODE_AND_TIME,
        ),
    },
    "Refund": {
        "list_columns": ("id", "charge", "amount", "status", "reason", *MODE_AND_TIME),
        "list_filters": ("livemode", "status", "created"),
    },
    "Dispute": {
        "list_columns": (
            "id",
            "charge",
            "amount",
            "status",
            "reason",
            "evidence_due_by",
            *MODE_AND_TIME,
        ),
        "list_filters": ("livemode", "status", "reason", "created"),
    },
    "BalanceTransaction": {
        "list_columns": (
            "id",
            "type",
            "amount",
            "fee",
            "net",
            "status",
            "available_on",
            *MODE_AND_TIME,
        ),
        "list_filters": ("livemode", "type", "status", "reporting_category", "created"),
    },
    "Payout": {
        "list_columns": (
            "id",
            "amount",
            "status",
            "arrival_date",
            "method",
            "type",
            *MODE_AND_TIME,
        ),
        "list_filters": ("livemode", "status", "created"),
    },
    "Transfer": {
        "list_columns": (
            "id",
            "destination_account",
            "amount",
            "amount_reversed",
            "reversed",
            *MODE_AND_TIME,
        ),
    },
    "Session": {
        "list_columns": (
            "id",
            "customer",
            "customer_email",
            "mode",
            "status",
            "payment_status",
            "amount_total",
            *MODE_AND_TIME,
        ),
        "list_filters": ("livemode", "mode", "status", "payment_status", "created"),
        "text_search": ("customer_email", "client_reference_id"),
    },
    "TaxRate": {
        "list_columns": (
            "id",
            "display_name",
            "percentage",
            "inclusive",
            "jurisdiction",
            "active",
            *MODE_AND_TIME,
        ),
        "list_filters": ("livemode", "active", "inclusive", "created"),
    },
    "CreditNote": {
        "list_columns": (
            "id",
            "number",
            "invoice",
            "customer",
            "status",
            "total",
            "reason",
            *MODE_AND_TIME,
        ),
    },
}


def attributes_for(model: Any) -> dict[str, tuple[str, ...]]:
    """The overrides of ``model``, without names the model does not have."""
    declared = OVERRIDES.get(model.__name__, {})
    found: dict[str, tuple[str, ...]] = {}
    for key, names in declared.items():
        if key == "related_lists":
            found[key] = names  # accessors: unknown ones are skipped when shown
            continue
        kept = []
        for name in names:
            try:
                model._meta.get_field(name.lstrip("^=@").split("__")[0])
            except FieldDoesNotExist:
                continue
            kept.append(name)
        found[key] = tuple(kept)
    return found
