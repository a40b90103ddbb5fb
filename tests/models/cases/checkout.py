"""Checkout Sessions and their line items."""

from __future__ import annotations

import datetime
from typing import Any

from ...conftest import example, older_shape
from ..roundtrip import Case

UTC = datetime.UTC
T_1234567890 = datetime.datetime(2009, 2, 13, 23, 31, 30, tzinfo=UTC)
SESSION = "cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41PJqDWkIVQCpJPqkfIhd6tVY8XB1OLY"
LINE = "li_1Pgc73B7WZ01zgkWx8kcmZPK"


def paid_session() -> dict[str, Any]:
    """Stripe's example session, completed by a customer, with its line items included."""
    line_items = {
        "object": "list",
        "data": [example("item")],
        "has_more": False,
        "url": f"/v1/checkout/sessions/{SESSION}/line_items",
    }
    return example(
        "checkout.session",
        customer="cus_QXg1o8vcGmoR32",
        client_reference_id="user-7",
        customer_email="jenny@example.com",
        amount_subtotal=1000,
        amount_total=1000,
        currency="usd",
        status="complete",
        payment_status="paid",
        line_items=line_items,
    )


CASES = [
    Case(
        model="Session",
        data=paid_session,
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "mode": "payment",
            "status": "complete",
            "payment_status": "paid",
            "customer_id": "cus_QXg1o8vcGmoR32",
            "subscription_id": None,
            "payment_intent_id": "pi_1PgafyB7WZ01zgkWSjxsAJo3",
            "setup_intent_id": None,
            "invoice_id": None,
            "amount_subtotal": 1000,
            "amount_total": 1000,
            "currency": "usd",
            "client_reference_id": "user-7",
            "customer_email": "jenny@example.com",
            "expires_at": T_1234567890,
            "url": example("checkout.session")["url"],
            "billing_address_collection": "",
            "customer_creation": "",
            "locale": "",
            "origin_context": "",
            "payment_method_collection": "",
            "redirect_on_completion": "",
            "submit_type": "",
            "ui_mode": "",
        },
        related={"items": {LINE}},
    ),
    Case(
        # display_items (removed in 2020-08-27), no amounts, status or expiry yet.
        model="Session",
        shape="2019-05-16",
        data=lambda: older_shape("checkout.session_2019-05-16"),
        expect={
            "livemode": False,
            "created": None,
            "metadata": {},
            "mode": "payment",
            "status": "",
            "payment_status": "",
            "customer_id": "cus_QXg1o8vcGmoR32",
            "subscription_id": None,
            "payment_intent_id": None,
            "setup_intent_id": None,
            "invoice_id": None,
            "amount_subtotal": 3500,
            "amount_total": None,
            "currency": "usd",
            "client_reference_id": "user-42",
            "customer_email": "old@example.com",
            "expires_at": None,
            "url": "",
            "billing_address_collection": "",
            "customer_creation": "",
            "locale": "",
            "origin_context": "",
            "payment_method_collection": "",
            "redirect_on_completion": "",
            "submit_type": "",
            "ui_mode": "",
        },
        related={"items": set()},
    ),
    Case(
        model="SessionLineItem",
        data=lambda: example("item"),
        expect={
            "livemode": None,
            "created": None,
            "metadata": None,
            "session_id": None,
            "quote_id": None,
            "price_id": "price_1PgafmB7WZ01zgkW02Hf9z6c",
            "product_id": "prod_QXg1hqf4jFNsqG",
            "quantity": 1,
            "amount_subtotal": 0,
            "amount_discount": 0,
            "amount_tax": 0,
            "amount_total": 0,
            "currency": "usd",
        },
    ),
]
