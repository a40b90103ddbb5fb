"""Invoicing events through the webhook view: deletions, payments, late events."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from djstripe.models import Invoice, InvoiceItem, InvoicePayment, LineItem, Tombstone

from ..conftest import example
from ..webhooks.conftest import client, endpoint, event, post  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

CUSTOMER = "cus_QXg1o8vcGmoR32"


def draft(invoice_id: str = "in_hook") -> dict[str, Any]:
    line = example("line_item", id="il_hook", invoice=invoice_id, parent=None)
    data = example("invoice", id=invoice_id, parent=None)
    data["lines"] = {"object": "list", "data": [line], "has_more": False}
    return data


def test_invoice_deleted_removes_the_draft_for_good(
    client: Client,  # noqa: F811
    endpoint: Any,  # noqa: F811
    double: Any,
) -> None:
    post(client, endpoint, event("invoice.created", draft(), created=1000))
    assert Invoice.objects.get(id="in_hook").lines.count() == 1

    post(client, endpoint, event("invoice.deleted", draft(), created=2000))
    assert not Invoice.objects.filter(id="in_hook").exists()
    assert not LineItem.objects.filter(id="il_hook").exists()
    assert Tombstone.objects.filter(stripe_id="in_hook").exists()

    post(client, endpoint, event("invoice.updated", draft(), created=1500))  # late
    assert not Invoice.objects.filter(id="in_hook").exists()


def test_invoiceitem_deleted(client: Client, endpoint: Any, double: Any) -> None:  # noqa: F811
    item = example("invoiceitem", parent=None)
    post(client, endpoint, event("invoiceitem.created", item, created=1000))
    assert InvoiceItem.objects.filter(id=item["id"]).exists()
    post(client, endpoint, event("invoiceitem.deleted", item, created=2000))
    assert not InvoiceItem.objects.filter(id=item["id"]).exists()


def test_invoice_payment_paid_links_the_invoice(
    client: Client,  # noqa: F811
    endpoint: Any,  # noqa: F811
    double: Any,
) -> None:
    intent = example("payment_intent", id="pi_hook", customer=CUSTOMER, latest_charge=None)
    double.put(intent)
    paid = dict(draft(), status="paid", amount_paid=1000, amount_remaining=0)
    post(client, endpoint, event("invoice.paid", paid, created=1000))
    payment = example(
        "invoice_payment",
        id="inpay_hook",
        invoice="in_hook",
        livemode=False,
        currency="usd",
        status="paid",
        payment={"type": "payment_intent", "payment_intent": "pi_hook"},
    )
    post(client, endpoint, event("invoice_payment.paid", payment, created=1001))

    invoice = Invoice.objects.get(id="in_hook")
    assert (invoice.status, invoice.paid, invoice.payment_intent_id) == ("paid", True, "pi_hook")
    assert InvoicePayment.objects.get(id="inpay_hook").invoice == invoice
    # a later invoice event (payloads never carry payments) keeps the link
    post(client, endpoint, event("invoice.updated", paid, created=1002))
    assert Invoice.objects.get(id="in_hook").payment_intent_id == "pi_hook"
