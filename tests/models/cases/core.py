"""Customers, products and prices."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ...conftest import example, older_shape
from ..roundtrip import Case

UTC = datetime.UTC
T_1234567890 = datetime.datetime(2009, 2, 13, 23, 31, 30, tzinfo=UTC)

CASES = [
    Case(
        model="Customer",
        data=lambda: example("customer", email="jenny@example.com", name="Jenny Rosen"),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "email": "jenny@example.com",
            "name": "Jenny Rosen",
            "phone": "",
            "balance": 0,
            "currency": "usd",
            "delinquent": False,
            "deleted": False,
            "tax_exempt": "none",
            "invoice_prefix": "7FE1103",
            "default_payment_method": None,
            "default_source": None,
            "test_clock_id": None,
        },
    ),
    Case(
        model="Customer",
        shape="2019-03-14",
        data=lambda: older_shape("customer_2019-03-14"),
        expect={
            "livemode": False,
            "created": datetime.datetime(2019, 4, 1, 10, 0, tzinfo=UTC),
            "metadata": {"djstripe_subscriber": "not-a-user"},
            "email": "old@example.com",
            "name": "",
            "phone": "",
            "balance": -500,
            "currency": "eur",
            "delinquent": True,
            "deleted": False,
            "tax_exempt": "exempt",
            "invoice_prefix": "OLD0001",
            "default_payment_method": None,
            "default_source": None,
            "test_clock_id": None,
        },
    ),
    Case(
        model="Product",
        data=lambda: example("product"),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "name": "T-shirt",
            "active": True,
            "type": "good",
            "default_price": None,
            "tax_code_id": None,
            "updated": T_1234567890,
        },
    ),
    Case(
        model="Price",
        data=lambda: example("price", nickname="Monthly", lookup_key="monthly"),
        setup=lambda double: None,
        expect={
            "currency_options": None,  # includable only: absent from the example
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "active": True,
            "currency": "usd",
            "nickname": "Monthly",
            "product_id": "prod_QXg1hqf4jFNsqG",
            "lookup_key": "monthly",
            "type": "recurring",
            "unit_amount": 2000,
            "unit_amount_decimal": Decimal("2000"),
            "billing_scheme": "per_unit",
            "tax_behavior": "unspecified",
            "recurring_interval": "month",
            "recurring_interval_count": 1,
            "recurring_usage_type": "licensed",
            "tiers_mode": "",
            "meter_id": None,
        },
        related={},
    ),
    Case(
        model="PaymentMethod",
        data=lambda: example("payment_method", customer="cus_QXg1o8vcGmoR32"),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {"order_id": "123456789"},
            "customer_id": "cus_QXg1o8vcGmoR32",
            "type": "card",
            "card_brand": "visa",
            "card_last4": "4242",
            "card_exp_month": 8,
            "card_exp_year": 2030,
            "card_fingerprint": "AOB934RVNwzk6xtn",
            "billing_email": "jenny@example.com",
            "allow_redisplay": "unspecified",
        },
    ),
    Case(
        model="Account",
        data=lambda: example("account", id="acct_1ConnectedExample"),
        expect={
            "requirements_currently_due": [
                "business_profile.product_description",
                "business_profile.support_phone",
                "business_profile.url",
                "external_account",
                "tos_acceptance.date",
                "tos_acceptance.ip",
            ],
            "requirements_past_due": [],
            "requirements_disabled_reason": "requirements.past_due",
            "requirements_current_deadline": None,
            "livemode": None,
            "created": T_1234567890,
            "metadata": {},
            "email": "site@stripe.com",
            "country": "US",
            "default_currency": "usd",
            "type": "standard",
            "business_name": "",
            "charges_enabled": False,
            "payouts_enabled": False,
            "details_submitted": False,
            "business_type": "",
        },
    ),
]
