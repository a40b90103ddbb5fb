"""Model behaviour has one home: the convenience methods users call are defined on the
model classes themselves (delegating to :mod:`djstripe.actions`), and no model has a
base class other than a model, so no migration records a mixin."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import models
from django.db.migrations import CreateModel

from djstripe.actions import calls

#: dj-stripe's documented convenience methods, by model.
DOCUMENTED = {
    "Customer": (
        "get_or_create",
        "create",
        "subscribe",
        "charge",
        "add_invoice_item",
        "add_payment_method",
        "add_card",
        "add_coupon",
        "purge",
        "can_charge",
        "upcoming_invoice",
        "has_active_subscription",
        "has_any_active_subscription",
        "is_subscribed_to",
        "valid_subscriptions",
        "active_subscriptions",
        "subscription",
        "send_invoice",
        "retry_unpaid_invoices",
        "billing_portal_url",
    ),
    "Subscription": (
        "update",
        "extend",
        "cancel",
        "reactivate",
        "is_valid",
        "is_period_current",
        "is_status_current",
        "is_status_temporarily_current",
    ),
    "SubscriptionSchedule": ("cancel", "release", "update"),
    "Session": ("create_for_subscriber",),
    "Charge": ("refund", "capture", "refundable_amount"),
    "Invoice": ("retry", "upcoming"),
    "PaymentMethod": ("attach", "detach"),
    "Price": ("create", "get_or_create"),
    "Account": ("api_reject",),
}


@pytest.mark.parametrize(("model_name", "names"), sorted(DOCUMENTED.items()))
def test_the_convenience_methods_are_defined_on_the_model_class(model_name, names) -> None:
    model = calls.model(model_name)
    elsewhere = [name for name in names if name not in vars(model)]
    assert not elsewhere, f"{model_name} inherits {elsewhere} instead of defining them"


def test_no_model_has_a_base_that_is_not_a_model() -> None:
    mixed = {
        model.__name__: base.__qualname__
        for model in apps.get_app_config("djstripe").get_models()
        for base in model.__mro__
        if base is not object
        and not issubclass(base, models.Model)
        and base.__module__.startswith("djstripe")
    }
    assert not mixed, f"models with mixin bases: {mixed}"


def test_the_initial_migration_records_no_mixin_base() -> None:
    migration = importlib.import_module("djstripe.migrations.0001_initial").Migration
    operations = [op for bulk in migration.operations for op in bulk.operations]
    recorded = {
        op.name: [base for base in op.bases if not isinstance(base, str)]
        for op in operations
        if isinstance(op, CreateModel)
    }
    mixins = {name: [b for b in bases if b is not models.Model] for name, bases in recorded.items()}
    assert not {name: bases for name, bases in mixins.items() if bases}
