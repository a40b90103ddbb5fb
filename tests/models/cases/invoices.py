"""Invoices, their lines, invoice items, invoice payments and quotes."""

from __future__ import annotations

import datetime
from typing import Any

from ...conftest import example, older_shape
from ..roundtrip import Case

UTC = datetime.UTC
T_1234567890 = datetime.datetime(2009, 2, 13, 23, 31, 30, tzinfo=UTC)
CUSTOMER = "cus_QXg1o8vcGmoR32"
CHARGE = "ch_1PgafuB7WZ01zgkWXYmPNZs8"
PAYMENT_INTENT = "pi_1PgafyB7WZ01zgkWSjxsAJo3"
SUBSCRIPTION = "sub_1Pgc6rB7WZ01zgkWNy0Cn5nw"
SUBSCRIPTION_ITEM = "si_QXhVBoJ7NQdNXh"
PRICE = "price_1PgafmB7WZ01zgkW6dKueIc5"
INVOICE = "in_1Pgc6tB7WZ01zgkWu9fdqL6I"
OLD_2017 = "in_1AOldInvoice2017"
OLD_2020 = "in_1HOldInvoice2020"


def at(epoch: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(epoch, tz=UTC)


OLD_CHARGE = "ch_1AOldCharge2017"


def serve_2017_objects(double: Any) -> None:
    """What the 2017 invoice references: its charge, and the invoice item it bills (the
    item's line has the item's id)."""
    double.put(example("charge", id=OLD_CHARGE, created=1500000000, payment_intent=None))
    double.put(older_shape("invoiceitem_2017-08-15"))


def _serve_invoice_of_example_line(double: Any) -> None:
    """The example line names the example invoice, whose lines lack it: serve an invoice
    that holds it, as Stripe would."""
    lines = {"object": "list", "data": [example("line_item")], "has_more": False}
    double.put(example("invoice", lines=lines))


CASES = [
    Case(
        model="Invoice",
        data=lambda: example("invoice"),
        expect={
            "tax": None,  # no total_taxes in the example
            "automatic_tax_enabled": False,
            "automatic_tax_status": "",
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "customer_id": CUSTOMER,
            "default_payment_method_id": None,
            "charge_id": None,
            "payment_intent_id": None,
            # parent.subscription_details.subscription names "subscription", which
            # does not exist: the link stays empty.
            "subscription_id": None,
            "status": "draft",
            "paid": False,  # derived from status (paid was removed in 2025-03-31.basil)
            "amount_due": 1000,
            "amount_paid": 0,
            "amount_remaining": 1000,
            "subtotal": 1000,
            "total": 1000,
            "currency": "usd",
            "due_date": T_1234567890,
            "period_start": T_1234567890,
            "period_end": T_1234567890,
            "number": "",
            "billing_reason": "manual",
            "collection_method": "charge_automatically",
            "attempted": False,
            "attempt_count": 0,
            "amount_overpaid": 149300825,
            "amount_paid_off_stripe": None,
            "amount_shipping": 0,
            "automatically_finalizes_at": None,
            "customer_tax_exempt": "none",
            "default_source_id": None,
            "effective_at": T_1234567890,
            "ending_balance": None,
            "latest_revision_id": None,
            "next_payment_attempt": T_1234567890,
            "on_behalf_of_id": None,
            "post_payment_credit_notes_amount": 0,
            "pre_payment_credit_notes_amount": 0,
            "starting_balance": 0,
            "subtotal_excluding_tax": 1000,
            "test_clock_id": None,
            "total_excluding_tax": 1000,
            "webhooks_delivered_at": T_1234567890,
        },
        related={"lines": {"il_1Pgc6sB7WZ01zgkWFnxLrLCq"}, "default_tax_rates": set()},
    ),
    Case(
        model="Invoice",
        shape="2020-08-27",
        data=lambda: older_shape("invoice_2020-08-27"),
        expect={
            "tax": 380,
            "automatic_tax_enabled": None,
            "automatic_tax_status": "",
            "livemode": False,
            "created": at(1600000000),
            "metadata": {},
            "customer_id": CUSTOMER,
            "default_payment_method_id": None,
            "charge_id": CHARGE,
            "payment_intent_id": PAYMENT_INTENT,
            "subscription_id": SUBSCRIPTION,
            "status": "paid",
            "paid": True,
            "amount_due": 2000,
            "amount_paid": 2000,
            "amount_remaining": 0,
            "subtotal": 2000,
            "total": 2380,
            "currency": "usd",
            "due_date": None,
            "period_start": at(1597408000),
            "period_end": at(1600000000),
            "number": "7FE1103-0002",
            "billing_reason": "subscription_cycle",
            "collection_method": "charge_automatically",
            "attempted": True,
            "attempt_count": 1,
            "amount_overpaid": None,
            "amount_paid_off_stripe": None,
            "amount_shipping": None,
            "automatically_finalizes_at": None,
            "customer_tax_exempt": "none",
            "default_source_id": None,
            "effective_at": None,
            "ending_balance": 0,
            "latest_revision_id": None,
            "next_payment_attempt": None,
            "on_behalf_of_id": None,
            "post_payment_credit_notes_amount": 0,
            "pre_payment_credit_notes_amount": 0,
            "starting_balance": 0,
            "subtotal_excluding_tax": None,
            "test_clock_id": None,
            "total_excluding_tax": None,
            "webhooks_delivered_at": at(1600000005),
        },
        related={"lines": {"il_1HOldLine2020"}, "default_tax_rates": {"txr_1HOldVat2020"}},
    ),
    Case(
        model="Invoice",
        shape="2017-08-15",
        data=lambda: older_shape("invoice_2017-08-15"),
        setup=serve_2017_objects,
        expect={
            "tax": None,
            "automatic_tax_enabled": None,
            "automatic_tax_status": "",
            "livemode": False,
            "created": at(1500000000),  # ``date`` before 2019-03-14
            "metadata": {"order": "2017-42"},
            "customer_id": CUSTOMER,
            "default_payment_method_id": None,
            "charge_id": OLD_CHARGE,
            "payment_intent_id": None,
            "subscription_id": SUBSCRIPTION,
            "status": "paid",  # derived from paid/forgiven (no status before 2018-11-08)
            "paid": True,
            "amount_due": 2500,
            "amount_paid": None,
            "amount_remaining": None,
            "subtotal": 2500,
            "total": 2500,
            "currency": "usd",
            "due_date": None,
            "period_start": at(1497408000),
            "period_end": at(1500000000),
            "number": "7FE1103-0001",
            "billing_reason": "",
            "collection_method": "charge_automatically",  # ``billing`` before 2019-10-17
            "attempted": True,
            "attempt_count": 1,
            "amount_overpaid": None,
            "amount_paid_off_stripe": None,
            "amount_shipping": None,
            "automatically_finalizes_at": None,
            "customer_tax_exempt": "",
            "default_source_id": None,
            "effective_at": None,
            "ending_balance": 0,
            "latest_revision_id": None,
            "next_payment_attempt": None,
            "on_behalf_of_id": None,
            "post_payment_credit_notes_amount": None,
            "pre_payment_credit_notes_amount": None,
            "starting_balance": 0,
            "subtotal_excluding_tax": None,
            "test_clock_id": None,
            "total_excluding_tax": None,
            "webhooks_delivered_at": at(1500000005),
        },
        # The subscription line's id was the subscription's: scoped by the invoice.
        related={
            "lines": {f"{OLD_2017}-{SUBSCRIPTION}", "ii_1AOldSetupFee2017"},
            "invoiceitems": {"ii_1AOldSetupFee2017"},
        },
    ),
    Case(
        model="LineItem",
        data=lambda: example("line_item"),
        setup=_serve_invoice_of_example_line,
        expect={
            "tax": None,  # no taxes in the example
            "livemode": False,
            "created": None,
            "metadata": {},
            "invoice_id": INVOICE,
            # The example's parent names placeholder objects that do not exist.
            "invoice_item_id": None,
            "subscription_id": None,
            "subscription_item_id": None,
            "price_id": None,
            "amount": 1000,
            "currency": "usd",
            "period_start": at(1721954054),
            "period_end": at(1721954054),
            "type": "invoiceitem",  # from parent.type (2025-03-31.basil)
            "proration": True,
            "quantity": 1,
            "subtotal": 2060319484,
        },
    ),
    Case(
        model="LineItem",
        shape="2020-08-27",
        data=lambda: older_shape("invoice_2020-08-27")["lines"]["data"][0],
        expect={
            "tax": 380,  # tax_amounts summed
            "livemode": False,
            "created": None,
            "metadata": {},
            "invoice_id": None,  # lines did not name their invoice then
            "invoice_item_id": None,
            "subscription_id": SUBSCRIPTION,
            "subscription_item_id": SUBSCRIPTION_ITEM,
            "price_id": PRICE,
            "amount": 2000,
            "currency": "usd",
            "period_start": at(1600000000),
            "period_end": at(1602592000),
            "type": "subscription",
            "proration": False,
            "quantity": 1,
            "subtotal": None,
        },
    ),
    Case(
        model="InvoiceItem",
        data=lambda: example("invoiceitem"),
        expect={
            "livemode": False,
            "created": None,
            "metadata": {},
            "customer_id": CUSTOMER,
            "invoice_id": None,
            "price_id": None,
            "subscription_id": None,  # parent names "subscription", which does not exist
            "amount": 1000,
            "currency": "usd",
            "date": T_1234567890,
            "period_start": at(1721954054),
            "period_end": at(1721954054),
            "proration": False,
            "quantity": 1,
            "net_amount": 708769478,
            "test_clock_id": None,
        },
        related={"tax_rates": set()},
    ),
    Case(
        model="InvoiceItem",
        shape="2020-08-27",
        data=lambda: older_shape("invoiceitem_2020-08-27"),
        expect={
            "livemode": False,
            "created": None,
            "metadata": {},
            "customer_id": CUSTOMER,
            "invoice_id": None,
            "price_id": PRICE,
            "subscription_id": SUBSCRIPTION,
            "amount": -1000,
            "currency": "usd",
            "date": at(1600000000),
            "period_start": at(1600000000),
            "period_end": at(1601000000),
            "proration": True,
            "quantity": 1,
            "net_amount": None,
            "test_clock_id": None,
        },
    ),
    Case(
        model="InvoiceItem",
        shape="2017-08-15",
        data=lambda: older_shape("invoiceitem_2017-08-15"),
        setup=lambda double: double.put(older_shape("invoice_2017-08-15")),
        expect={
            "livemode": False,
            "created": None,
            "metadata": {},
            "customer_id": CUSTOMER,
            "invoice_id": OLD_2017,
            "price_id": None,
            "subscription_id": None,
            "amount": 500,
            "currency": "usd",
            "date": at(1499990000),
            "period_start": at(1499990000),
            "period_end": at(1499990000),
            "proration": False,
            "quantity": 1,
            "net_amount": None,
            "test_clock_id": None,
        },
    ),
    Case(
        model="InvoicePayment",
        data=lambda: example("invoice_payment"),
        expect={
            "livemode": True,
            "created": at(1028554472),
            "metadata": None,
            "invoice_id": None,  # names "invoice", which does not exist
            "payment_intent_id": None,  # the example's payment names no PaymentIntent
            "charge_id": None,
            "status": "status",  # an unknown status is kept as sent
            "amount_paid": None,
            "amount_requested": 1112626247,
            "currency": "cur",  # "currency" is longer than a currency code: cut to fit
            "is_default": True,
            "payment_type": "payment_intent",
        },
    ),
    Case(
        model="Quote",
        data=lambda: example("quote"),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "customer_id": CUSTOMER,
            "invoice_id": None,
            "subscription_id": None,
            "status": "draft",
            "number": "",
            "amount_subtotal": 0,
            "amount_total": 0,
            "currency": "usd",
            "collection_method": "charge_automatically",
            "expires_at": T_1234567890,
            "application_fee_amount": None,
            "on_behalf_of_id": None,
            "subscription_schedule_id": None,
            "test_clock_id": None,
        },
    ),
]
