"""Legacy payment sources: cards, bank accounts, Sources and Source transactions."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ...conftest import example, older_shape
from ..roundtrip import Case

UTC = datetime.UTC
T_1234567890 = datetime.datetime(2009, 2, 13, 23, 31, 30, tzinfo=UTC)
CUSTOMER = "cus_QXg1o8vcGmoR32"
SOURCE = "src_1Pgc75B7WZ01zgkWn9ogkWOr"

CARD = {
    "allow_redisplay": "",
    "currency": "",
    "regulated_status": "",
    "status": "",
    "livemode": None,
    "created": None,
    "metadata": {},
    "customer_id": CUSTOMER,
    "fingerprint": "AOB934RVNwzk6xtn",
    "last4": "4242",
    "country": "US",
    "account_id": None,
    "brand": "Visa",
    "exp_month": 8,
    "exp_year": 2030,
    "funding": "credit",
}

CASES = [
    Case(model="Card", data=lambda: example("card", customer=CUSTOMER), expect=CARD),
    Case(
        model="Card",
        name="external-account",
        data=lambda: example("card", account="acct_1PgafTB7WZ01zgkW", funding="debit"),
        expect={
            **CARD,
            "customer_id": None,
            "account_id": "acct_1PgafTB7WZ01zgkW",
            "funding": "debit",
        },
    ),
    Case(
        model="Card",
        shape="2014-03-28",
        data=lambda: older_shape("card_2014-03-28"),
        expect={
            "livemode": None,
            "created": None,
            "metadata": None,
            "customer_id": None,
            "fingerprint": "qhjxpr7DiCdFYTlH",
            "last4": "0005",
            "country": "US",
            "account_id": None,
            "brand": "American Express",  # from `type`
            "exp_month": 1,
            "exp_year": 2017,
            "funding": "",
            "allow_redisplay": "",
            "currency": "",
            "regulated_status": "",
            "status": "",
        },
    ),
    Case(
        model="BankAccount",
        data=lambda: example("bank_account", customer=CUSTOMER),
        expect={
            "livemode": None,
            "created": None,
            "metadata": {},
            "customer_id": CUSTOMER,
            "fingerprint": "AuoSJ18zsVWV9SPc",
            "last4": "6789",
            "country": "US",
            "account_id": None,
            "bank_name": "STRIPE TEST BANK",
            "routing_number": "110000000",
            "status": "new",
            "currency": "usd",
        },
    ),
    Case(
        model="Source",
        data=lambda: example("source", customer=CUSTOMER),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "customer_id": CUSTOMER,
            "type": "ach_credit_transfer",
            "status": "pending",
            "flow": "receiver",
            "usage": "reusable",
            "amount": None,
            "currency": "usd",
            "allow_redisplay": "",
        },
    ),
    Case(
        model="SourceTransaction",
        data=lambda: example("source_transaction"),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": None,
            "source_id": SOURCE,  # fetched from /v1/sources/{id}
            "amount": Decimal("5.00"),
            "currency": "usd",
            "status": "succeeded",
            "type": "ach_credit_transfer",
        },
    ),
]
