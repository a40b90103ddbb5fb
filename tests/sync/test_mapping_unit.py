"""``djstripe.sync.mapping`` on its own: which columns a model's declarations give,
where each reads its value, and how untrusted values are made storable."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.db import models

from djstripe.fields import StripeIdField
from djstripe.models import Customer, Invoice, Product
from djstripe.sync import mapping


def column(model: type, name: str) -> mapping.Column:
    found = mapping.column_named(model, name)
    assert found is not None, f"{model.__name__}.{name} is not a Stripe-filled column"
    return found


# ---- which columns ----
def test_engine_and_local_columns_are_not_filled_from_stripe() -> None:
    names = {c.name for c in mapping.columns(Customer)}
    assert not names & mapping.ENGINE_COLUMNS
    assert not names & set(Customer.local_fields)  # subscriber, date_purged
    assert {"email", "balance", "currency", "default_payment_method"} <= names


def test_a_column_reads_its_own_key_unless_mapped_elsewhere() -> None:
    assert column(Customer, "email").paths == ("email",)
    assert column(Customer, "email").key == "email"
    moved = column(Customer, "default_payment_method")
    assert moved.paths == ("invoice_settings.default_payment_method",)
    assert moved.key is None  # a dotted path is no single key


def test_a_moved_field_reads_its_paths_in_order_then_derives() -> None:
    subscription = column(Invoice, "subscription")
    current = {"parent": {"subscription_details": {"subscription": "sub_new"}}}
    assert subscription.value(current) == "sub_new"
    assert subscription.value({"subscription": "sub_old"}) == "sub_old"
    assert subscription.value({}) is None
    paid = column(Invoice, "paid")
    assert paid.derive is not None
    assert paid.value({"status": "paid"}) is True  # derived where Stripe removed it
    assert paid.value({"paid": False, "status": "paid"}) is False  # present wins


def test_references_are_marked_with_their_model() -> None:
    assert column(Customer, "default_payment_method").reference is not None
    assert column(Customer, "email").reference is None


# ---- values ----
def test_values_are_converted_by_the_field() -> None:
    created = column(Customer, "created").value({"created": 1700000000})
    assert created == datetime.datetime(2023, 11, 14, 22, 13, 20, tzinfo=datetime.UTC)
    assert column(Customer, "balance").value({"balance": -250}) == -250
    assert column(Customer, "delinquent").value({"delinquent": 1}) is True
    assert column(Customer, "delinquent").value({}) is None


def test_an_expanded_reference_gives_its_id() -> None:
    data = {"invoice_settings": {"default_payment_method": {"id": "pm_1", "object": "x"}}}
    assert column(Customer, "default_payment_method").value(data) == "pm_1"


def test_bad_values_never_raise_and_come_out_empty() -> None:
    assert column(Customer, "created").value({"created": "yesterday"}) is None
    assert column(Customer, "balance").value({"balance": {"not": "a number"}}) is None
    assert column(Customer, "email").value({"email": None}) == ""  # NOT NULL: the empty value
    assert column(Customer, "email").value("not a dict") == ""  # type: ignore[arg-type]


def test_the_quick_path_agrees_with_the_general_one() -> None:
    for name, value in [
        ("email", "a@example.com"),
        ("email", None),
        ("balance", 12),
        ("balance", True),
        ("delinquent", False),
        ("currency", "usd"),
        ("created", 1700000000),
    ]:
        col = column(Customer, name)
        assert col.value({name: value}) == col.general_value({name: value}), (name, value)


# ---- making values storable ----
def test_long_text_is_cut_to_the_column() -> None:
    field = models.CharField(max_length=5, default="")
    assert mapping.fit(field, "abcdefgh") == "abcde"
    assert mapping.fit(field, "abc") == "abc"
    assert mapping.fit(field, None) == ""  # NOT NULL gets the default


def test_an_id_too_long_for_its_column_is_no_id_rather_than_a_cut_one() -> None:
    nullable = StripeIdField(max_length=5, null=True)
    assert mapping.fit(nullable, "cus_123456") is None
    assert not mapping.storable_id(nullable, "cus_123456")
    assert mapping.storable_id(nullable, "cus_1")
    assert not mapping.storable_id(nullable, "..")  # a path segment, never an id


def test_numbers_outside_the_column_range_are_dropped() -> None:
    assert mapping.fit(models.IntegerField(null=True), 2**40) is None
    assert mapping.fit(models.IntegerField(null=True), 2**20) == 2**20
    assert mapping.fit(models.PositiveIntegerField(null=True), -1) is None
    assert mapping.fit(models.BigIntegerField(default=0), 2**70) == 0
    decimal = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    assert mapping.fit(decimal, Decimal("1000.00")) is None
    assert mapping.fit(decimal, Decimal("999.99")) == Decimal("999.99")


def test_the_field_fitter_agrees_with_fit() -> None:
    fields = [
        models.CharField(max_length=3, default=""),
        StripeIdField(max_length=4, null=True),
        models.IntegerField(null=True),
        models.PositiveSmallIntegerField(default=0),
        models.DecimalField(max_digits=3, decimal_places=1, null=True),
    ]
    for field in fields:
        fitter = mapping._fitter(field)
        for value in ["ab", "abcdef", None, 7, -7, 2**40, Decimal("99.9"), Decimal("100.0")]:
            assert fitter(value) == mapping.fit(field, value), (field, value)


@pytest.mark.parametrize(
    ("field", "empty"),
    [
        (models.BooleanField(), False),
        (models.CharField(max_length=3), ""),
        (models.IntegerField(), 0),
        (models.JSONField(), {}),
        (models.CharField(max_length=3, default="x"), "x"),
        (models.DateTimeField(), None),
    ],
)
def test_empty_values_fill_not_null_columns(field: models.Field, empty: object) -> None:
    assert mapping.empty_value(field) == empty


def test_plain_django_fields_are_converted_by_type() -> None:
    assert mapping._to_int("12", {}) == 12
    assert mapping._to_int(True, {}) is None  # a boolean is no count
    assert mapping._to_decimal("1.50", {}) == Decimal("1.50")
    assert mapping._to_decimal("abc", {}) is None
    value = uuid.uuid4()
    assert mapping._to_uuid(str(value), {}) == value
    assert mapping._to_uuid("nope", {}) is None
    assert mapping._to_text({"id": "prod_1", "object": "product"}, {}) == "prod_1"
    assert mapping._to_text(5, {}) == "5"


def test_columns_are_computed_once_per_model() -> None:
    assert mapping.columns(Product) is mapping.columns(Product)
