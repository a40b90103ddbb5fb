"""Plans, coupons, promotion codes, discounts, tax rates, tax codes, tax ids, shipping rates."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from ...conftest import example, older_shape
from ..roundtrip import Case

UTC = datetime.UTC
T_1234567890 = datetime.datetime(2009, 2, 13, 23, 31, 30, tzinfo=UTC)
CUSTOMER = "cus_QXg1o8vcGmoR32"
PRODUCT = "prod_QXg1hqf4jFNsqG"
INVOICE = "in_1Pgc6tB7WZ01zgkWu9fdqL6I"


def at(epoch: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(epoch, tz=UTC)


def _subscription_with_discount(double: Any) -> None:
    """The example subscription lists no discounts; serve one that lists this one."""
    double.put(example("subscription", discounts=["di_1Pgc6rB7WZ01zgkW7Al8Fal9"]))


CASES = [
    Case(
        model="Plan",
        data=lambda: example("plan", nickname="Monthly"),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "active": True,
            "amount": Decimal("20.00"),
            "amount_decimal": Decimal("2000"),
            "billing_scheme": "per_unit",
            "currency": "usd",
            "interval": "month",
            "interval_count": 1,
            "nickname": "Monthly",
            "product_id": PRODUCT,
            "tiers_mode": None,
            "trial_period_days": None,
            "usage_type": "licensed",
        },
        related={"subscriptions": set(), "subscription_items": set()},
    ),
    Case(
        model="Plan",
        shape="2017-08-15",
        data=lambda: older_shape("plan_2017-08-15"),
        expect={
            "livemode": False,
            "created": at(1500000000),
            "metadata": {},
            "active": None,
            "amount": Decimal("1999"),
            "amount_decimal": None,
            "billing_scheme": "",
            "currency": "jpy",
            "interval": "year",
            "interval_count": 1,
            "nickname": "Gold yearly",  # plan.name before 2018-02-05
            "product_id": None,
            "tiers_mode": None,
            "trial_period_days": 30,
            "usage_type": "",
        },
    ),
    Case(
        model="Coupon",
        data=lambda: example("coupon"),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "amount_off": None,
            "currency": "usd",
            "duration": "forever",
            "duration_in_months": 3,
            "max_redemptions": None,
            "name": "25.5% off",
            "percent_off": Decimal("25.5"),
            "redeem_by": T_1234567890,
            "times_redeemed": 0,
            "valid": True,
        },
        related={"promotion_codes": set(), "discounts": set()},
    ),
    Case(
        model="Coupon",
        name="amount-off",
        data=lambda: example(
            "coupon", id="5OFF", amount_off=500, percent_off=None, currency="eur", name=None
        ),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "amount_off": 500,
            "currency": "eur",
            "duration": "forever",
            "duration_in_months": 3,
            "max_redemptions": None,
            "name": "",
            "percent_off": None,
            "redeem_by": T_1234567890,
            "times_redeemed": 0,
            "valid": True,
        },
    ),
    Case(
        model="PromotionCode",
        data=lambda: example("promotion_code", promotion={"coupon": "Z4OV52SU", "type": "coupon"}),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "code": "FALL20",
            "coupon_id": "Z4OV52SU",  # promotion.coupon since 2025-09-30.clover
            "customer_id": None,
            "active": False,
            "expires_at": T_1234567890,
            "max_redemptions": None,
            "times_redeemed": 0,
        },
    ),
    Case(
        model="PromotionCode",
        shape="2020-08-27",
        data=lambda: older_shape("promotion_code_2020-08-27"),
        expect={
            "livemode": False,
            "created": at(1600000000),
            "metadata": {},
            "code": "WELCOME",
            "coupon_id": "Z4OV52SU",
            "customer_id": CUSTOMER,
            "active": True,
            "expires_at": None,
            "max_redemptions": 50,
            "times_redeemed": 2,
        },
    ),
    Case(
        model="Discount",
        setup=_subscription_with_discount,
        data=lambda: example(
            "discount",
            subscription="sub_1Pgc6rB7WZ01zgkWNy0Cn5nw",
            promotion_code="promo_1Pgc79B7WZ01zgkWNy4mn5NX",
            source={"coupon": "Z4OV52SU", "type": "coupon"},
        ),
        expect={
            "livemode": None,
            "created": None,
            "metadata": None,
            "coupon_id": "Z4OV52SU",  # source.coupon since 2025-09-30.clover
            "customer_id": CUSTOMER,
            "subscription_id": "sub_1Pgc6rB7WZ01zgkWNy0Cn5nw",
            "invoice_id": None,
            "promotion_code": "promo_1Pgc79B7WZ01zgkWNy4mn5NX",
            "start": T_1234567890,
            "end": T_1234567890,
        },
    ),
    Case(
        model="Discount",
        name="invoice",
        data=lambda: example("discount", id="di_onInvoice", invoice=INVOICE, customer=None),
        expect={
            "livemode": None,
            "created": None,
            "metadata": None,
            "coupon_id": None,
            "customer_id": None,
            "subscription_id": None,
            "invoice_id": INVOICE,
            "promotion_code": "",
            "start": T_1234567890,
            "end": T_1234567890,
        },
    ),
    Case(
        model="Discount",
        shape="2020-08-27",
        data=lambda: older_shape("discount_2020-08-27"),
        expect={
            "livemode": None,
            "created": None,
            "metadata": None,
            "coupon_id": "SAVE10-2020",  # the embedded coupon, synced with it
            "customer_id": CUSTOMER,
            "subscription_id": None,
            "invoice_id": None,
            "promotion_code": "",
            "start": at(1600000000),
            "end": None,
        },
    ),
    Case(
        model="TaxRate",
        data=lambda: example("tax_rate"),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "active": True,
            "country": "DE",
            "display_name": "VAT",
            "inclusive": False,
            "jurisdiction": "DE",
            "percentage": Decimal("19"),
            "state": "",
            "tax_type": "vat",
            "jurisdiction_level": "",
            "rate_type": "",
        },
        related={"subscriptions": set(), "subscription_items": set()},
    ),
    Case(
        model="TaxRate",
        shape="2020-08-27",
        data=lambda: older_shape("tax_rate_2020-08-27"),
        expect={
            "livemode": True,
            "created": at(1590000000),
            "metadata": {"region": "eu"},
            "active": False,
            "country": "",
            "display_name": "Sales tax",
            "inclusive": True,
            "jurisdiction": "California",
            "percentage": Decimal("7.25"),
            "state": "",
            "tax_type": "",
            "jurisdiction_level": "",
            "rate_type": "",
        },
    ),
    Case(
        model="TaxCode",
        data=lambda: example("tax_code"),
        expect={
            "livemode": None,
            "created": None,
            "metadata": None,
            "name": "General - Tangible Goods",
        },
    ),
    Case(
        model="TaxId",
        data=lambda: example("tax_id"),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": None,
            "customer_id": CUSTOMER,
            "country": "DE",
            "type": "eu_vat",
            "value": "DE123456789",
        },
    ),
    Case(
        model="TaxId",
        shape="2020-08-27",
        data=lambda: older_shape("tax_id_2020-08-27"),
        expect={
            "livemode": False,
            "created": at(1600000000),
            "metadata": None,
            "customer_id": CUSTOMER,  # no owner hash yet
            "country": "GB",
            "type": "gb_vat",
            "value": "GB123456789",
        },
    ),
    Case(
        model="ShippingRate",
        data=lambda: example("shipping_rate", tax_code="txcd_99999999"),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "active": True,
            "display_name": "Ground shipping",
            "type": "fixed_amount",
            "tax_behavior": "unspecified",
            "tax_code_id": "txcd_99999999",
        },
    ),
]
