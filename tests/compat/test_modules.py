"""Module-level names dj-stripe 2.11 users import, and what they do."""

from __future__ import annotations

import datetime
import importlib
from decimal import Decimal
from typing import Any

import pytest
from django.db import models
from django.utils import timezone

from djstripe.models import Customer, IdempotencyKey

from ..conftest import example


def test_convert_tstamp_takes_epochs_none_and_datetimes(settings: Any) -> None:
    from djstripe.utils import convert_tstamp

    moment = datetime.datetime(2024, 3, 1, 12, 0, tzinfo=datetime.UTC)
    assert convert_tstamp(1709294400) == moment
    assert convert_tstamp(None) is None
    # Dates are datetime columns here: code that converted dj-stripe 2.11's epochs keeps working.
    assert convert_tstamp(moment) is moment


def test_convert_tstamp_is_naive_local_time_without_use_tz(settings: Any) -> None:
    from djstripe.utils import convert_tstamp

    settings.USE_TZ = False
    settings.TIME_ZONE = "Europe/Paris"
    assert convert_tstamp(1709294400) == datetime.datetime(2024, 3, 1, 13, 0)


def test_friendly_currency_amount_uses_the_currency_decimals() -> None:
    from djstripe.utils import CURRENCY_SIGILS, get_friendly_currency_amount

    assert CURRENCY_SIGILS["USD"] == "$"
    assert get_friendly_currency_amount(Decimal("1234.5"), "usd") == "$1,234.50 USD"
    assert get_friendly_currency_amount(2000, "jpy") == "¥2,000 JPY"
    assert get_friendly_currency_amount(10, "chf") == "10.00 CHF"


def test_get_id_from_stripe_data() -> None:
    from djstripe.utils import get_id_from_stripe_data

    assert get_id_from_stripe_data("sub_1") == "sub_1"
    assert get_id_from_stripe_data({"id": "sub_1", "object": "subscription"}) == "sub_1"
    assert get_id_from_stripe_data(None) is None


@pytest.mark.django_db
def test_get_model_and_get_queryset() -> None:
    from djstripe.utils import get_model, get_queryset

    customer = Customer.sync_from_stripe_data(example("customer"))
    assert get_model("Customer") is Customer
    assert list(get_queryset([customer.pk], "Customer")) == [customer]


@pytest.mark.django_db
def test_clear_expired_idempotency_keys_keeps_fresh_ones() -> None:
    from djstripe.utils import clear_expired_idempotency_keys

    old = IdempotencyKey.objects.create(action="customer:create:1", livemode=False)
    fresh = IdempotencyKey.objects.create(action="customer:create:2", livemode=False)
    IdempotencyKey.objects.filter(pk=old.pk).update(
        created=timezone.now() - datetime.timedelta(hours=25)
    )
    clear_expired_idempotency_keys()
    assert list(IdempotencyKey.objects.values_list("pk", flat=True)) == [fresh.pk]


@pytest.mark.django_db
def test_supported_currency_choices_come_from_the_accounts_country(double: Any) -> None:
    from djstripe.utils import get_supported_currency_choices

    choices = get_supported_currency_choices(double.api_key)
    assert choices
    assert all(code == code.lower() and label == code.upper() for code, label in choices)
    assert ("usd", "USD") in choices


def test_query_set_mock_holds_rows_in_memory() -> None:
    from djstripe.utils import QuerySetMock

    rows = QuerySetMock.from_iterable(Customer, ["a", "b"])
    assert rows.all().count() == 2 and rows.first() == "a" and rows.last() == "b"
    assert rows.update() == 0 and rows.delete() == 0


def test_views_and_managers_are_importable_where_dj_stripe_had_them() -> None:
    from djstripe.managers import ChargeManager, SubscriptionManager, TransferManager
    from djstripe.models import Charge, Subscription, Transfer
    from djstripe.views import ProcessWebhookView
    from djstripe.webhooks.views import ProcessWebhookView as Real

    assert ProcessWebhookView is Real
    assert isinstance(Subscription.objects, SubscriptionManager)
    assert isinstance(Charge.objects, ChargeManager)
    assert isinstance(Transfer.objects, TransferManager)


@pytest.mark.parametrize(
    ("module", "names"),
    [
        ("djstripe.models.core", ["Customer", "Charge", "Price", "Product", "Event", "Payout"]),
        ("djstripe.models.billing", ["Invoice", "Subscription", "TaxRate", "BaseInvoice"]),
        ("djstripe.models.payment_methods", ["PaymentMethod", "Card", "DjstripePaymentMethod"]),
        ("djstripe.models.base", ["StripeModel", "StripeBaseModel", "IdempotencyKey"]),
        ("djstripe.models.api", ["APIKey", "APIKeyManager", "get_api_key_details_by_prefix"]),
        ("djstripe.models.radar", ["EarlyFraudWarning", "Review"]),
        ("djstripe.models.account", ["Account", "AccountV2"]),
        ("djstripe.models.webhooks", ["WebhookEndpoint", "get_remote_ip"]),
    ],
)
def test_models_import_from_dj_stripes_module_paths(module: str, names: list[str]) -> None:
    import djstripe.models

    loaded = importlib.import_module(module)
    for name in names:
        value = getattr(loaded, name)
        if hasattr(djstripe.models, name):
            assert value is getattr(djstripe.models, name)
    with pytest.raises(ImportError):
        exec(f"from {module} import NoSuchModel")  # noqa: S102 - the import statement itself


def test_base_invoice_covers_invoices_and_previews() -> None:
    from djstripe.models import Invoice, UpcomingInvoice
    from djstripe.models.billing import BaseInvoice

    assert issubclass(UpcomingInvoice, BaseInvoice) and BaseInvoice is Invoice


def test_api_key_details_by_prefix() -> None:
    from djstripe.exceptions import InvalidStripeAPIKey
    from djstripe.models.api import get_api_key_details_by_prefix, redact_api_key

    assert get_api_key_details_by_prefix("sk_live_abc123") == ("secret", True)
    assert get_api_key_details_by_prefix("pk_test_abc123") == ("publishable", False)
    assert redact_api_key("sk_test_0123456789abcdefghij") == "sk_test_...ghij"
    with pytest.raises(InvalidStripeAPIKey):
        get_api_key_details_by_prefix("not-a-key")
    assert issubclass(InvalidStripeAPIKey, ValueError)


def test_settings_object_and_module_attributes(settings: Any) -> None:
    import djstripe.settings
    from djstripe.settings import DjstripeSettings, djstripe_settings

    settings.STRIPE_SECRET_KEY = "sk_test_override0key"
    assert isinstance(djstripe_settings, DjstripeSettings)
    assert djstripe_settings.STRIPE_SECRET_KEY == "sk_test_override0key"
    assert djstripe.settings.STRIPE_SECRET_KEY == "sk_test_override0key"  # dj-stripe < 2.5
    assert "jpy" in djstripe_settings.ZERO_DECIMAL_CURRENCIES
    assert djstripe_settings.DJSTRIPE_WEBHOOK_URL == r"^webhook/$"
    assert (djstripe_settings.decimal_max_digits, djstripe_settings.decimal_places) == (24, 12)
    with pytest.raises(AttributeError):
        djstripe.settings.NOT_A_SETTING  # noqa: B018


def test_exceptions_users_catch() -> None:
    from djstripe.exceptions import (
        ImpossibleAPIRequest,
        MultipleSubscriptionException,
        StripeObjectManipulationException,
    )

    assert issubclass(ImpossibleAPIRequest, NotImplementedError)
    assert issubclass(MultipleSubscriptionException, Exception)
    assert issubclass(StripeObjectManipulationException, Exception)


@pytest.mark.django_db
def test_a_source_without_its_customer_cannot_be_retrieved() -> None:
    from djstripe.exceptions import ImpossibleAPIRequest
    from djstripe.models import Card

    card = Card.sync_from_stripe_data(example("card", customer=None, account=None))
    with pytest.raises(ImpossibleAPIRequest):
        card.api_retrieve()


def test_card_brands_have_dj_stripes_member_names() -> None:
    from djstripe.enums import CardBrand, SubscriptionStatus

    assert CardBrand.AmericanExpress == "American Express"
    assert CardBrand.DinersClub == "Diners Club"
    assert SubscriptionStatus.humanize("past_due") == "Past due"
    assert ("active", "Active") in SubscriptionStatus.choices


#: Field classes and keyword arguments as migrations written for dj-stripe 2.11 call them.
MIGRATION_FIELDS = [
    ("StripeIdField", {"max_length": 255, "unique": True}),
    ("StripeDateTimeField", {"blank": True, "null": True}),
    ("StripeDecimalCurrencyAmountField", {"decimal_places": 2, "max_digits": 11, "null": True}),
    ("StripeQuantumCurrencyAmountField", {"blank": True, "null": True}),
    ("StripeCurrencyCodeField", {"max_length": 3}),
    ("StripePercentField", {"decimal_places": 2, "max_digits": 5, "null": True}),
    ("StripeEnumField", {"enum": "SubscriptionStatus", "max_length": 18}),
    ("JSONField", {"blank": True, "null": True}),
    ("StripeForeignKey", {"on_delete": models.CASCADE, "to": "djstripe.customer"}),
    ("PaymentMethodForeignKey", {"on_delete": models.SET_NULL, "null": True}),
]


@pytest.mark.parametrize(("name", "kwargs"), MIGRATION_FIELDS)
def test_field_classes_build_as_dj_stripe_migrations_call_them(name: str, kwargs: dict) -> None:
    import djstripe.enums
    import djstripe.fields

    if kwargs.get("enum"):
        kwargs = {**kwargs, "enum": getattr(djstripe.enums, kwargs["enum"])}
    field = getattr(djstripe.fields, name)(**kwargs)
    _, path, _, rebuilt = field.deconstruct()
    assert path.startswith("djstripe.fields.")
    assert isinstance(field, models.Field)
    if name == "StripeForeignKey":
        assert rebuilt["to_field"] == "id"  # DJSTRIPE_FOREIGN_KEY_TO_FIELD
