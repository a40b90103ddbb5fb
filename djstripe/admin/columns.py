"""What the admin shows of a model, read from the model's field declarations.

A mirrored model declares typed columns (amounts that know their currency,
status strings, references to other Stripe objects); the admin's default list
columns, filters, search fields and change-page layout are derived from those
declarations here, so a new model gets a sensible admin without admin code.
:mod:`djstripe.admin.overrides` refines the choice for the models people browse most.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import models

from ..fields import (
    StripeDecimalCurrencyAmountField,
    StripeEnumField,
    StripePercentField,
    StripeQuantumCurrencyAmountField,
)
from ..models.base import StripeModel

#: Columns every mirrored model has; shown in their own places, not among the model's own.
COMMON_FIELDS = frozenset(
    {
        "djstripe_id",
        "id",
        "livemode",
        "created",
        "metadata",
        "stripe_data",
        "djstripe_owner_account",
        "djstripe_created",
        "djstripe_updated",
        "djstripe_stamp",
        "djstripe_stamp_source",
        "djstripe_stamp_floor",
        "djstripe_livemode",
        "djstripe_hash",
    }
)
#: Bookkeeping columns of the sync engine, shown collapsed at the bottom of a change page.
BOOKKEEPING_FIELDS = (
    "djstripe_owner_account",
    "djstripe_created",
    "djstripe_updated",
    "djstripe_stamp",
    "djstripe_stamp_source",
    "djstripe_stamp_floor",
    "djstripe_livemode",
)
#: Amount columns, most telling first: the one a list shows when nothing else is said.
PRIMARY_AMOUNTS = (
    "total",
    "amount",
    "amount_total",
    "unit_amount",
    "amount_due",
    "amount_paid",
    "balance",
    "amount_off",
)
#: Text columns searched (case-insensitively, anywhere in the text) when they exist.
TEXT_SEARCH = ("email", "name", "customer_email", "business_name", "display_name", "nickname")
#: Columns searched by prefix (identifiers people type from the start).
PREFIX_SEARCH = ("number", "code", "lookup_key")
#: Stripe ids (``cus_NffrFeUfNV2Hib``, ``sk_test_...``): searched exactly, through indexes.
STRIPE_ID = re.compile(r"^[a-z][a-z0-9]*_[A-Za-z0-9_]{3,}$")

AMOUNT_FIELDS = (StripeQuantumCurrencyAmountField, StripeDecimalCurrencyAmountField)


def field_names(model: Any) -> set[str]:
    return {field.name for field in model._meta.concrete_fields}


def own_fields(model: Any) -> list[Any]:
    """The model's own columns, in declaration order (no common or internal columns)."""
    parents = {field for field in model._meta.parents.values() if field is not None}
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in COMMON_FIELDS
        and field not in parents
        and field.name != "polymorphic_ctype"
        and not field.name.endswith("_ptr")
    ]


def is_amount(field: Any) -> bool:
    return isinstance(field, AMOUNT_FIELDS)


def is_percent(field: Any) -> bool:
    return isinstance(field, StripePercentField)


def is_json(field: Any) -> bool:
    return isinstance(field, models.JSONField)


def is_reference(field: Any) -> bool:
    """A forward foreign key or one-to-one column."""
    return bool(field.concrete and field.is_relation and (field.many_to_one or field.one_to_one))


def currency_field_for(model: Any, field: Any) -> str | None:
    """The column holding the currency of an amount column, if the model has one.

    ``merchant_amount`` is in ``merchant_currency``; every other amount is in the
    object's ``currency``.
    """
    names = field_names(model)
    if isinstance(field, StripeDecimalCurrencyAmountField) and field.currency_field in names:
        return field.currency_field
    prefix = field.name.split("_", 1)[0]
    if f"{prefix}_currency" in names:
        return f"{prefix}_currency"
    return "currency" if "currency" in names else None


def amount_fields(model: Any) -> list[Any]:
    return [field for field in own_fields(model) if is_amount(field)]


def primary_amount(model: Any) -> Any | None:
    amounts = {field.name: field for field in amount_fields(model)}
    for name in PRIMARY_AMOUNTS:
        if name in amounts:
            return amounts[name]
    return next(iter(amounts.values()), None)


def status_field(model: Any) -> str | None:
    names = field_names(model)
    for name in ("status", "djstripe_status"):
        if name in names:
            return name
    return None


def references(model: Any) -> list[Any]:
    return [field for field in own_fields(model) if is_reference(field)]


def default_list_columns(model: Any) -> list[str]:
    """``id``, a name, the customer, the main amount, the status, the creation time."""
    names = field_names(model)
    columns = ["id"]
    label = _label_field(model)
    if label:
        columns.append(label)
    if "customer" in names:
        columns.append("customer")
    amount = primary_amount(model)
    if amount is not None:
        columns.append(amount.name)
    status = status_field(model)
    if status:
        columns.append(status)
    elif isinstance(_field(model, "type"), StripeEnumField):
        columns.append("type")
    if "created" in names:
        columns.append("created")
    return columns


def plain_list_columns(model: Any, limit: int = 8) -> list[str]:
    """For djstripe's own (non-Stripe) models: their short columns, in declaration order."""
    long = (models.JSONField, models.TextField)
    return [f.name for f in model._meta.concrete_fields if not isinstance(f, long)][:limit]


def lists_values(field: Any) -> bool:
    """Whether a list filter on ``field`` reads its distinct values (SELECT DISTINCT)."""
    if isinstance(field, models.BooleanField | models.DateField) or field.choices:
        return False  # offered as fixed choices
    return not field.is_relation


def indexed(model: Any, field: Any) -> bool:
    """Whether ``field`` can be read through an index (its own, or the lead of one)."""
    leading = {index.fields[0].lstrip("-") for index in model._meta.indexes if index.fields}
    return bool(field.db_index or field.unique or field.name in leading)


def cheap_filter(model: Any, name: Any) -> bool:
    """A list filter that never scans the table for its choices."""
    if not isinstance(name, str):
        return True
    field = _field(model, name)
    return field is not None and (not lists_values(field) or indexed(model, field))


def default_list_filters(model: Any) -> list[str]:
    """Mode, status, indexed kinds and flags, creation time: only columns that exist."""
    filters = ["livemode"] if "livemode" in field_names(model) else []
    status = status_field(model)
    if status and cheap_filter(model, status):
        filters.append(status)
    for field in own_fields(model):
        if field.name in filters or not field.db_index:
            continue
        if isinstance(field, models.BooleanField) or (
            isinstance(field, StripeEnumField) and field.name in ("type", "collection_method")
        ):
            filters.append(field.name)
    if "created" in field_names(model):
        filters.append("created")
    return filters


def default_search_fields(model: Any) -> list[str]:
    """Text columns the search box looks in (Stripe ids are matched exactly, separately)."""
    names = field_names(model)
    fields = [name for name in TEXT_SEARCH if name in names]
    fields += [f"^{name}" for name in PREFIX_SEARCH if name in names]
    return fields


def has_customer_email(model: Any) -> bool:
    customer = _field(model, "customer")
    return (
        customer is not None
        and is_reference(customer)
        and "email" in field_names(customer.related_model)
    )


def id_search_columns(model: Any) -> list[str]:
    """Columns compared with a pasted Stripe id: the object's own and its references'."""
    columns = ["id"] if "id" in field_names(model) else []
    for field in model._meta.concrete_fields:
        if is_reference(field) and _points_at_stripe_id(field):
            columns.append(field.attname)
    return columns


def _points_at_stripe_id(field: Any) -> bool:
    target = field.target_field
    return issubclass(field.related_model, StripeModel) and target.name == "id"


def _label_field(model: Any) -> str | None:
    """A human column naming the object (``email``, ``name``, ``number``), if declared."""
    names = field_names(model)
    for name in ("email", "name", "display_name", "nickname", "number", "code", "url", "title"):
        if name in names:
            return name
    return None


def _field(model: Any, name: str) -> Any | None:
    try:
        return model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist: the model lacks it
        return None
