"""Derived invoice links: one refresh per write, over what every written model leads to."""

from __future__ import annotations

from typing import Any

import pytest

from djstripe.models import Charge, Invoice, InvoicePayment
from djstripe.sync import derived
from djstripe.sync.derived import run_after_sync

from ..conftest import example

pytestmark = pytest.mark.django_db

INVOICE = "in_1Pgc6tB7WZ01zgkWu9fdqL6I"


def test_invoice_payments_and_charges_feed_one_refresh_of_their_invoices(
    double: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    invoice = Invoice.sync_from_stripe_data(example("invoice"))
    charge = Charge.sync_from_stripe_data(example("charge"))
    payment = InvoicePayment.sync_from_stripe_data(
        example(
            "invoice_payment",
            id="inpay_1",
            invoice=INVOICE,
            payment={"type": "charge", "charge": charge.id},
        )
    )
    refreshed: list[list[str]] = []
    monkeypatch.setattr(derived, "refresh", lambda model, ids, *, using: refreshed.append(ids))

    run_after_sync(
        {Invoice: [invoice.id], InvoicePayment: [payment.id], Charge: [charge.id]},
        using="default",
    )

    assert refreshed == [[INVOICE]]
    assert InvoicePayment.derived_subjects([payment.id], using="default") == [INVOICE]
    assert Charge.derived_subjects([charge.id], using="default") == [INVOICE]


def test_a_charge_written_alone_links_its_invoice(double: Any) -> None:
    Invoice.sync_from_stripe_data(example("invoice"))
    charge = Charge.sync_from_stripe_data(example("charge"))
    InvoicePayment.sync_from_stripe_data(
        example(
            "invoice_payment",
            id="inpay_1",
            invoice=INVOICE,
            status="paid",
            payment={"type": "charge", "charge": charge.id},
        )
    )
    Charge.sync_from_stripe_data(example("charge", metadata={"again": "yes"}))
    assert Invoice.objects.get(id=INVOICE).charge_id == charge.id
    assert Charge.objects.get(id=charge.id).invoice_id == INVOICE


def test_links_of_one_model_are_read_in_one_statement_and_written_in_one(
    double: Any,
) -> None:
    """An invoice's PaymentIntent and charge from its payments: one SELECT reads both
    columns (with the rows holding the targets), one UPDATE writes both; a target held
    by another row leaves that one-to-one unset."""
    from django.db import connection

    from djstripe.models import PaymentIntent
    from djstripe.sync.declarations import LinkSet

    Invoice.sync_from_stripe_data(example("invoice"))
    charge = Charge.sync_from_stripe_data(example("charge"))
    intent = PaymentIntent.sync_from_stripe_data(example("payment_intent"))
    other = Invoice.sync_from_stripe_data(example("invoice", id="in_holder"))
    Invoice.objects.filter(id=INVOICE).update(charge=None, payment_intent=None)
    Invoice.objects.filter(id=other.id).update(charge=None, payment_intent=intent.id)
    statements: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append(sql.split()[0].upper())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        changed = derived.apply_all(
            [
                LinkSet(Invoice, "payment_intent", {INVOICE: intent.id}, unique=True),
                LinkSet(Invoice, "charge", {INVOICE: charge.id}, unique=True),
            ],
            using="default",
        )

    assert [kind for kind in statements if kind in ("SELECT", "UPDATE")] == ["SELECT", "UPDATE"]
    assert changed == 1
    row = Invoice.objects.get(id=INVOICE)
    assert row.charge_id == charge.id
    assert row.payment_intent_id is None  # the intent is held by another invoice
    assert Invoice.objects.get(id=other.id).payment_intent_id == intent.id
