"""What a complete mirror of the double looks like: ids per model and account, column
values, links."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.apps import apps

from djstripe.fields import StripeDecimalCurrencyAmountField, stripe_id_of
from djstripe.sync import mapping, registry
from djstripe.sync.rows import root_model

#: The objects a generated account holds, and the model mirroring each.
GENERATED = {
    "product": "Product",
    "price": "Price",
    "customer": "Customer",
    "payment_method": "PaymentMethod",
    "subscription": "Subscription",
    "subscription_item": "SubscriptionItem",
    "invoiceitem": "InvoiceItem",
    "invoice": "Invoice",
    "line_item": "LineItem",
    "payment_intent": "PaymentIntent",
    "charge": "Charge",
    "refund": "Refund",
    "balance_transaction": "BalanceTransaction",
    "invoice_payment": "InvoicePayment",
}

#: Columns checked against the double's objects: column -> key in the Stripe object.
COLUMNS: dict[str, dict[str, str]] = {
    "Customer": {"email": "email", "name": "name", "currency": "currency"},
    "Invoice": {"amount_due": "amount_due", "status": "status", "customer_id": "customer"},
    "LineItem": {"amount": "amount", "invoice_id": "invoice"},
    "Charge": {
        "amount": "amount",
        "customer_id": "customer",
        "payment_intent_id": "payment_intent",
        "balance_transaction_id": "balance_transaction",
    },
    "Subscription": {"customer_id": "customer", "status": "status"},
    "SubscriptionItem": {"subscription_id": "subscription", "quantity": "quantity"},
    "PaymentMethod": {"customer_id": "customer", "type": "type"},
    "Price": {"product_id": "product", "unit_amount": "unit_amount"},
    "BalanceTransaction": {"amount": "amount", "currency": "currency"},
    "PaymentIntent": {"amount": "amount", "customer_id": "customer"},
    "Product": {"name": "name"},
}


def model(name: str) -> Any:
    return registry.model_by_name(name)


def expected_ids(double: Any, account: str) -> dict[str, set[str]]:
    """Stripe ids per model name that a complete mirror of ``account`` holds."""
    found: dict[str, set[str]] = {}
    for object_name, model_name in GENERATED.items():
        if model(model_name) is None:
            continue  # a model not mirrored (yet)
        found[model_name] = {obj["id"] for obj in double.objects(object_name, account)}
    return found


def mirrored_ids(model_name: str, account: str) -> set[str]:
    rows = model(model_name)._base_manager.filter(djstripe_owner_account_id=account)
    return set(rows.values_list("id", flat=True))


def assert_mirrors(double: Any, account: str) -> None:
    """Every generated object of ``account`` is a row owned by it, with its values."""
    for model_name, ids in expected_ids(double, account).items():
        assert mirrored_ids(model_name, account) == ids, f"{model_name} on {account}"
    for model_name, columns in COLUMNS.items():
        target = model(model_name)
        object_name = target.stripe_object
        objects = {obj["id"]: obj for obj in double.objects(object_name, account)}
        values = target._base_manager.filter(id__in=list(objects)).values("id", *columns)
        for row in values:
            obj = objects[row["id"]]
            for column, key in columns.items():
                expected = obj.get(key)
                if column.endswith("_id"):
                    expected = stripe_id_of(expected)
                elif isinstance(target._meta.get_field(column), StripeDecimalCurrencyAmountField):
                    expected = Decimal(expected) / 100  # major units (usd)
                assert row[column] == expected, f"{model_name} {row['id']}.{column}"


def assert_linked() -> None:
    """No foreign key left empty while the object its data names is mirrored."""
    for target in registry.stripe_models():
        for column in mapping.columns(target):
            if column.reference is None or column.derive is not None or column.sticky:
                continue
            _check_links(target, column)


def _check_links(target: Any, column: mapping.Column) -> None:
    rows = target._base_manager.filter(**{f"{column.attname}__isnull": True}).values_list(
        "id", "stripe_data"
    )
    related = root_model(registry.model_for_reference(column.reference, ""))
    for stripe_id, data in rows:
        wanted = stripe_id_of(column.raw(data or {}, None))
        if wanted and related._base_manager.filter(id=wanted).exists():
            raise AssertionError(f"{target.__name__} {stripe_id}.{column.attname} -> {wanted}")


def snapshot() -> dict[tuple[str, str], tuple[Any, ...]]:
    """Every mirrored row's data and columns (not the bookkeeping of when it was seen)."""
    skip = {"djstripe_updated", "djstripe_stamp", "djstripe_stamp_source", "djstripe_created"}
    rows: dict[tuple[str, str], tuple[Any, ...]] = {}
    for target in apps.get_app_config("djstripe").get_models():
        if not getattr(target, "stripe_object", "") or target._meta.proxy:
            continue
        names = [f.attname for f in target._meta.concrete_fields if f.attname not in skip]
        for values in target._base_manager.values_list(*names):
            rows[(target.__name__, str(values[names.index("id")]))] = values
    return rows


def list_requests(counts: dict[str, int]) -> int:
    """Requests that list objects (not the accounts, not the events)."""
    skip = ("GET /v1/account", "GET /v1/accounts", "GET /v1/events")
    return sum(n for route, n in counts.items() if route not in skip)
