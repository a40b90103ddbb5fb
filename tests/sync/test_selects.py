"""Raw reads by id lists (``djstripe.sync.selects``) give what the ORM's ``values_list``
gives: the same rows, the same Python values and types, the same order where asked."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from djstripe.models import Card, Charge, Invoice, InvoicePayment, PaymentIntent
from djstripe.models.invoice_payments import invoices_of_charges
from djstripe.sync import selects

from ..conftest import example

pytestmark = pytest.mark.django_db

COLUMNS = ["id", "invoice_id", "status", "is_default", "created", "amount_paid", "livemode"]


@pytest.fixture
def payments(double: Any) -> list[InvoicePayment]:
    Invoice.sync_from_stripe_data(example("invoice"))
    invoice = example("invoice")["id"]
    made = []
    for number, (status, default) in enumerate([("paid", True), ("open", False)]):
        made.append(
            InvoicePayment.sync_from_stripe_data(
                example(
                    "invoice_payment",
                    id=f"inpay_{number}",
                    invoice=invoice,
                    status=status,
                    is_default=default,
                    created=1_700_000_000 + number,
                )
            )
        )
    orphan = example("invoice_payment", id="inpay_orphan", created=1_600_000_000)
    made.append(InvoicePayment.sync_from_stripe_data(orphan))
    InvoicePayment.objects.filter(id="inpay_orphan").update(invoice=None)
    return made


def test_rows_read_as_values_list_reads_them(payments: list[InvoicePayment]) -> None:
    ids = [p.id for p in payments]

    rows = selects.rows_in(InvoicePayment, COLUMNS, [("id", ids)], using="default")

    expected = list(InvoicePayment.objects.filter(id__in=ids).order_by().values_list(*COLUMNS))
    assert sorted(rows) == sorted(expected)
    for row, same in zip(sorted(rows), sorted(expected), strict=True):
        assert [type(v) for v in row] == [type(v) for v in same]
    assert any(isinstance(v, datetime.datetime) and v.tzinfo for row in rows for v in row)
    assert {row[3] for row in rows} == {True, False}  # booleans, not SQLite's 0 and 1


def test_conditions_any_of_not_null_and_newest_first(payments: list[InvoicePayment]) -> None:
    invoice = payments[0].invoice_id

    either = selects.rows_in(
        InvoicePayment,
        ["id"],
        [("invoice_id", [invoice]), ("id", ["inpay_orphan"])],
        using="default",
        newest_first=True,
    )
    held = selects.rows_in(
        InvoicePayment,
        ["id"],
        [("id", [p.id for p in payments])],
        using="default",
        not_null=["invoice_id"],
    )

    assert either == [("inpay_1",), ("inpay_0",), ("inpay_orphan",)]  # created, descending
    assert sorted(held) == [("inpay_0",), ("inpay_1",)]


def test_empty_lists_read_nothing_without_a_statement(payments: list[InvoicePayment]) -> None:
    with CaptureQueriesContext(connection) as queries:
        assert selects.rows_in(InvoicePayment, ["id"], [("id", [])], using="default") == []
    assert len(queries) == 0


def test_columns_of_two_tables_are_refused() -> None:
    with pytest.raises(ValueError, match="span tables"):  # a card's id is its parent's
        selects.rows_in(Card, ["id", "brand"], [("id", ["card_1"])], using="default")


def test_the_invoices_of_charges_through_intents_payments_and_their_own_link(
    double: Any,
) -> None:
    invoice = Invoice.sync_from_stripe_data(example("invoice"))
    intent = PaymentIntent.sync_from_stripe_data(example("payment_intent"))
    charge = Charge.sync_from_stripe_data(example("charge", payment_intent=intent.id))
    assert charge.payment_intent_id == intent.id
    other = Charge.sync_from_stripe_data(example("charge", id="ch_other", payment_intent=None))
    Invoice.objects.filter(id=invoice.id).update(charge=None, payment_intent=None)
    assert invoices_of_charges([charge.id, other.id], using="default") == []

    Invoice.objects.filter(id=invoice.id).update(charge=other.id)
    assert invoices_of_charges([charge.id, other.id, other.id], using="default") == [invoice.id]

    Invoice.objects.filter(id=invoice.id).update(payment_intent=intent.id)
    assert invoices_of_charges([charge.id], using="default") == [invoice.id]  # its intent

    Invoice.objects.filter(id=invoice.id).update(charge=None, payment_intent=None)
    InvoicePayment.sync_from_stripe_data(
        example(
            "invoice_payment",
            id="inpay_1",
            invoice=invoice.id,
            payment={"type": "payment_intent", "payment_intent": charge.payment_intent_id},
        )
    )
    Invoice.objects.filter(id=invoice.id).update(charge=None, payment_intent=None)  # derived
    assert invoices_of_charges([charge.id], using="default") == [invoice.id]  # its payment
