"""Credit notes and their lines."""

from __future__ import annotations

import datetime

from ...conftest import example, older_shape
from ..roundtrip import Case

UTC = datetime.UTC
T_1234567890 = datetime.datetime(2009, 2, 13, 23, 31, 30, tzinfo=UTC)
CUSTOMER = "cus_QXg1o8vcGmoR32"


def at(epoch: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(epoch, tz=UTC)


CASES = [
    Case(
        model="CreditNote",
        data=lambda: example("credit_note"),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "invoice_id": None,  # the example names an invoice the examples lack
            "customer_id": CUSTOMER,
            "status": "issued",
            "type": "pre_payment",
            "reason": "",
            "number": "ABCD-1234-CN-01",
            "amount": 1690,
            "total": 1690,
            "currency": "usd",
            "voided_at": T_1234567890,
            "amount_shipping": 0,
            "discount_amount": 0,
            "effective_at": T_1234567890,
            "out_of_band_amount": None,
            "post_payment_amount": 1355257296,
            "pre_payment_amount": 251024947,
            "subtotal": 1690,
            "subtotal_excluding_tax": 1690,
            "total_excluding_tax": None,
        },
        related={
            "lines": {"cnli_1Pgc75B7WZ01zgkWla6u0GdZ", "cnli_1Pgc75B7WZ01zgkW9m0EaOVh"},
        },
    ),
    Case(
        model="CreditNote",
        shape="2020-08-27",
        data=lambda: older_shape("credit_note_2020-08-27"),
        setup=lambda double: double.put(older_shape("invoice_2020-08-27")),
        expect={
            "livemode": False,
            "created": at(1600100000),
            "metadata": {},
            "invoice_id": "in_1HOldInvoice2020",
            "customer_id": CUSTOMER,
            "status": "issued",
            "type": "post_payment",
            "reason": "order_change",
            "number": "7FE1103-0002-CN-01",
            "amount": 500,
            "total": 500,
            "currency": "usd",
            "voided_at": None,
            "amount_shipping": None,
            "discount_amount": 0,
            "effective_at": None,
            "out_of_band_amount": None,
            "post_payment_amount": None,
            "pre_payment_amount": None,
            "subtotal": 500,
            "subtotal_excluding_tax": None,
            "total_excluding_tax": None,
        },
        related={"lines": {"cnli_1HOldCreditLine2020"}},
    ),
    Case(
        model="CreditNoteLineItem",
        data=lambda: example("credit_note_line_item"),
        expect={
            "livemode": False,
            "created": None,
            "metadata": None,
            "credit_note_id": None,  # a line alone does not name its credit note
            "invoice_line_item_id": None,  # an invoice line the mirror does not hold
            "type": "invoice_line_item",
            "amount": 1000,
            "quantity": 1,
            "unit_amount": None,
            "discount_amount": 0,
        },
        related={"tax_rates": set()},
    ),
    Case(
        model="CreditNoteLineItem",
        shape="2020-08-27",
        data=lambda: older_shape("credit_note_2020-08-27")["lines"]["data"][0],
        expect={
            "livemode": False,
            "created": None,
            "metadata": None,
            "credit_note_id": None,
            "invoice_line_item_id": None,
            "type": "custom_line_item",
            "amount": 500,
            "quantity": 1,
            "unit_amount": 500,
            "discount_amount": 0,
        },
    ),
]
