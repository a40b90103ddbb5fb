"""Model attributes, methods and managers that dj-stripe 2.11 users rely on."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
import stripe

from djstripe.models import (
    Account,
    AccountV2,
    APIKey,
    Card,
    Charge,
    Coupon,
    Customer,
    DjstripePaymentMethod,
    File,
    FileLink,
    FileUpload,
    Subscription,
    TaxRate,
    Transfer,
    WebhookEndpoint,
)

from ..conftest import example

UTC = datetime.UTC
MARCH = datetime.datetime(2024, 3, 15, tzinfo=UTC)
pytestmark = pytest.mark.django_db


def test_enum_columns_have_get_display() -> None:
    subscription = Subscription(status="past_due")
    assert subscription.get_status_display() == "Past due"
    subscription.status = "a_status_stripe_adds_later"  # still saves, shown as it is
    assert subscription.get_status_display() == "a_status_stripe_adds_later"
    assert Charge(status="succeeded").get_status_display() == "Succeeded"
    endpoint = WebhookEndpoint(status="enabled", djstripe_validation_method="verify_signature")
    assert endpoint.get_status_display() == "Enabled"
    assert endpoint.get_djstripe_validation_method_display()


def test_stripe_class_is_the_stripe_python_resource() -> None:
    assert Customer.stripe_class is stripe.Customer
    assert Customer().stripe_class is stripe.Customer
    assert Subscription.stripe_class is stripe.Subscription
    assert DjstripePaymentMethod.stripe_class is None  # not a Stripe object of its own


def test_is_valid_object_and_get_expand_params() -> None:
    assert Customer.is_valid_object({"object": "customer", "id": "cus_1"})
    assert not Customer.is_valid_object({"object": "charge"})
    assert not Customer.is_valid_object(None)
    params = Charge.get_expand_params("sk_test_x", expand=["data.customer"], limit=3)
    assert params["limit"] == 3
    assert params["expand"] == ["data.balance_transaction", "data.customer"]


def test_customer_balance_properties() -> None:
    owing = Customer.sync_from_stripe_data(example("customer", id="cus_owes", balance=1500))
    credited = Customer.sync_from_stripe_data(example("customer", id="cus_cred", balance=-700))
    assert (owing.pending_charges, owing.credits) == (1500, 0)
    assert (credited.pending_charges, credited.credits) == (0, 700)
    assert owing.entitlements == []
    assert owing.coupon is None


def test_customer_payment_methods_yields_its_sources(double: Any) -> None:
    customer = Customer.sync_from_stripe_data(example("customer", id="cus_src"))
    card = Card.sync_from_stripe_data(example("card", id="card_src1", customer="cus_src"))
    assert [source.pk for source in customer.customer_payment_methods] == [card.pk]


def test_coupon_amount_off_is_in_minor_units_and_percentages_are_floats() -> None:
    amount = Coupon.sync_from_stripe_data(
        example("coupon", id="5OFF", amount_off=500, percent_off=None, currency="eur")
    )
    percent = Coupon.sync_from_stripe_data(example("coupon", id="PCT", percent_off=25.5))
    amount.refresh_from_db()
    percent.refresh_from_db()
    assert amount.amount_off == 500 and isinstance(amount.amount_off, int)
    assert str(amount.human_readable_amount) == "€5.00 off"
    assert percent.percent_off == 25.5 and isinstance(percent.percent_off, float)
    assert percent.human_readable_amount == "25.5% off"
    assert json.dumps({"off": percent.percent_off})  # a Decimal would not serialize
    assert Coupon.objects.filter(percent_off=25.5).get() == percent  # still filterable


def test_tax_rate_percentage_reads_as_a_number() -> None:
    rate = TaxRate.sync_from_stripe_data(example("tax_rate", percentage=7.25))
    rate.refresh_from_db()
    assert rate.percentage == 7.25 and isinstance(rate.percentage, float)
    assert 100 * (1 + rate.percentage / 100) == pytest.approx(107.25)


def test_charge_manager(double: Any) -> None:
    def charge(stripe_id: str, **changes: Any) -> Charge:
        data = example("charge", id=stripe_id, customer=None, invoice=None, **changes)
        data.update(payment_intent=None, payment_method=None, balance_transaction=None)
        return Charge.sync_from_stripe_data(data)

    charge(
        "ch_ok",
        created=int(MARCH.timestamp()),
        paid=True,
        status="succeeded",
        amount=2000,
        amount_refunded=500,
        refunded=False,
    )
    charge("ch_bad", created=int(MARCH.timestamp()), paid=False, status="failed", amount=999)
    charge(
        "ch_april",
        created=int(MARCH.replace(month=4).timestamp()),
        paid=True,
        amount=100,
        disputed=True,
        refunded=True,
        status="succeeded",
    )
    assert {c.id for c in Charge.objects.during(2024, 3)} == {"ch_ok", "ch_bad"}
    assert Charge.objects.paid_totals_for(2024, 3) == {
        "total_amount": Decimal("20.00"),
        "total_refunded": 500,
    }
    assert {c.id for c in Charge.objects.succeeded()} == {"ch_ok", "ch_april"}
    assert {c.id for c in Charge.objects.failed()} == {"ch_bad"}
    assert {c.id for c in Charge.objects.refunded()} == {"ch_april"}
    assert {c.id for c in Charge.objects.disputed()} == {"ch_april"}


def test_transfer_manager(double: Any) -> None:
    def transfer(stripe_id: str, when: datetime.datetime, **changes: Any) -> Transfer:
        data = example("transfer", id=stripe_id, created=int(when.timestamp()), **changes)
        data.update(destination=None, balance_transaction=None, source_transaction=None)
        return Transfer.sync_from_stripe_data(data)

    transfer("tr_1", MARCH, amount=1000)
    transfer("tr_2", MARCH, amount=250, status="pending", failure_code="account_closed")
    transfer("tr_3", MARCH.replace(month=5), amount=7)
    assert {t.id for t in Transfer.objects.during(2024, 3)} == {"tr_1", "tr_2"}
    assert Transfer.objects.paid_totals_for(2024, 3) == {"total_amount": 1250}
    assert {t.id for t in Transfer.objects.pending()} == {"tr_2"}
    assert {t.id for t in Transfer.objects.failed()} == {"tr_2"}


def test_subscription_manager_takes_dj_stripes_keywords() -> None:
    Subscription.objects.create(id="sub_m", status="active", start_date=MARCH, livemode=False)
    Subscription.objects.create(
        id="sub_c", status="canceled", canceled_at=MARCH, start_date=MARCH, livemode=False
    )
    assert {s.id for s in Subscription.objects.started_during(year=2024, month=3)} == {
        "sub_m",
        "sub_c",
    }
    assert [s.id for s in Subscription.objects.canceled_during(year=2024, month=3)] == ["sub_c"]
    assert list(Subscription.objects.canceled_plan_summary_for(year=2024, month=3)) == [
        {"plan": None, "count": 1}
    ]
    customer = Customer.objects.create(id="cus_rel", livemode=False)
    Subscription.objects.filter(id="sub_m").update(customer=customer)
    assert [s.id for s in customer.subscriptions.active()] == ["sub_m"]


def test_api_key_manager_and_account_default_key() -> None:
    key, created = APIKey.objects.get_or_create_by_api_key("sk_test_compat0123456789")
    again, created_again = APIKey.objects.get_or_create_by_api_key("sk_test_compat0123456789")
    assert created and not created_again and again.pk == key.pk
    assert (key.type, key.livemode) == ("secret", False)

    account = Account.objects.create(id="acct_compat", livemode=False)
    assert account.get_default_api_key() == "sk_test_djstripe0tests0key"  # from settings
    APIKey.objects.filter(pk=key.pk).update(djstripe_owner_account=account)
    assert account.get_default_api_key() == "sk_test_compat0123456789"
    assert account.get_default_api_key(livemode=True) != "sk_test_compat0123456789"


def test_default_account_of_a_restricted_key_is_none() -> None:
    assert Account.get_default_account(api_key="rk_test_0123456789") is None


def test_default_account_of_a_key(double: Any) -> None:
    account = Account.get_default_account(api_key=double.api_key)
    assert account is not None and account.id == double.platform_account["id"]


def test_files(double: Any) -> None:
    file = File.sync_from_stripe_data(example("file", id="file_compat", links=None))
    link = FileLink.sync_from_stripe_data(example("file_link", id="link_compat", file=file.id))
    assert FileUpload is File
    assert [row.pk for row in file.filelink_set.all()] == [link.pk]


def test_legacy_sources_from_stripe_object(double: Any) -> None:
    Customer.sync_from_stripe_data(example("customer", id="cus_legacy"))
    row = DjstripePaymentMethod.from_stripe_object(
        example("card", id="card_legacy", customer="cus_legacy")
    )
    assert isinstance(row, Card) and row.id == "card_legacy"
    assert DjstripePaymentMethod.objects.get(id="card_legacy") == row
    with pytest.raises(ValueError):
        DjstripePaymentMethod.from_stripe_object(example("customer"))


def test_v2_accounts_are_mirrored_from_their_data() -> None:
    from ..conftest import EXAMPLES

    row = AccountV2.sync_from_stripe_data(EXAMPLES["v2.core.account"])
    assert row.created == datetime.datetime(2025, 6, 9, 21, 16, 3, tzinfo=UTC)
    assert (row.display_name, row.contact_email, row.closed) == (
        "Furever",
        "furever@example.com",
        False,
    )
    assert row.applied_configurations == ["customer", "merchant"]
    assert str(row) == "Furever"


def test_decimal_amounts_respect_zero_decimal_currencies(double: Any) -> None:
    """dj-stripe 2.11 divides every amount by 100 (20.00 for 2000 JPY); here 2000 JPY is 2000."""
    data = example("charge", id="ch_yen", currency="jpy", amount=2000, customer=None)
    data.update(invoice=None, payment_intent=None, payment_method=None, balance_transaction=None)
    charge = Charge.sync_from_stripe_data(data)
    dollars = Charge.sync_from_stripe_data({**data, "id": "ch_usd", "currency": "usd"})
    assert charge.amount == Decimal("2000") and dollars.amount == Decimal("20.00")
    assert charge.amount_captured == data["amount_captured"]  # minor units, as Stripe sends


def test_price_human_readable_price_as_dj_stripe_words_it() -> None:
    def price(**data: Any) -> Any:
        from djstripe.models import Price

        return Price.sync_from_stripe_data(example("price", product=None, **data))

    assert price(id="p1").human_readable_price == "$20.00 USD/month"
    assert (
        price(
            id="p2",
            currency="jpy",
            unit_amount=2000,
            recurring={"interval": "month", "interval_count": 3, "usage_type": "licensed"},
        ).human_readable_price
        == "¥2,000 JPY every 3 months"
    )
    tiered = price(
        id="p3",
        billing_scheme="tiered",
        unit_amount=None,
        tiers=[{"unit_amount": 100, "flat_amount": 500, "up_to": 10}, {"unit_amount": 80}],
    )
    assert tiered.human_readable_price == "Starts at $1.00 USD per unit + $5.00 USD/month"
