"""Invoices of generated accounts (current and 2020-08-27 shapes), listed page by page
in the order a backfill uses: every line, item, payment and link mirrored exactly."""

from __future__ import annotations

import math
from typing import Any

import pytest

from djstripe import stripe_api
from djstripe.models import Charge, Invoice, InvoiceItem, InvoicePayment, LineItem, PaymentIntent
from djstripe.sync import sync_page
from djstripe.sync.source import Source

pytestmark = pytest.mark.django_db

#: Payments first, so each invoice page finds its PaymentIntents and charges; each
#: invoice is then synced once (its invoice items are fetched as references).
ORDER = (PaymentIntent, Charge, Invoice, InvoiceItem)


def backfill(models: tuple[Any, ...] = ORDER) -> None:
    for model in models:
        params = {"expand": list(model.list_expand)} if model.list_expand else {}
        for page in stripe_api.pages(model.api_list_path(), params):
            sync_page(model, page.objects, source=Source.api(page.stamp))


def expected_links(double: Any, shape: str) -> dict[str, tuple[str | None, str | None]]:
    """Invoice id -> (PaymentIntent, charge) as the generated account holds them."""
    invoices = double.objects("invoice")
    if shape != "current":
        return {i["id"]: (i["payment_intent"], i["charge"]) for i in invoices}
    intents = {
        p["invoice"]: p["payment"]["payment_intent"] for p in double.objects("invoice_payment")
    }
    newest: dict[str, dict[str, Any]] = {}
    for charge in double.objects("charge"):
        known = newest.get(charge["payment_intent"])
        if known is None or (charge["created"], charge["id"]) > (known["created"], known["id"]):
            newest[charge["payment_intent"]] = charge
    links = {}
    for invoice in invoices:
        intent = intents.get(invoice["id"])
        links[invoice["id"]] = (intent, newest[intent]["id"] if intent in newest else None)
    return links


@pytest.mark.parametrize("shape", ["current", "2020-08-27"])
def test_generated_invoices_mirror_exactly(shape: str, stripe_double: Any) -> None:
    summary = stripe_double.generate_account(customers=30, seed=11, api_version_shape=shape)
    invoices = stripe_double.objects("invoice")
    lines = {line["id"]: line["invoice"] for line in stripe_double.objects("line_item")}
    links = expected_links(stripe_double, shape)
    stripe_double.reset_counts()

    backfill()

    assert set(Invoice.objects.values_list("id", flat=True)) == {i["id"] for i in invoices}
    assert dict(LineItem.objects.values_list("id", "invoice_id")) == lines
    mirrored = {i.id: (i.payment_intent_id, i.charge_id) for i in Invoice.objects.all()}
    assert mirrored == links
    for invoice_id, (_, charge_id) in links.items():
        if charge_id:
            assert Charge.objects.get(id=charge_id).invoice_id == invoice_id
    if shape == "current":
        assert InvoicePayment.objects.count() == len(stripe_double.objects("invoice_payment"))
    paid = {i["id"] for i in invoices if i["status"] == "paid"}
    assert set(Invoice.objects.filter(paid=True).values_list("id", flat=True)) == paid
    lines_of_items = LineItem.objects.filter(type="invoiceitem")
    assert lines_of_items.exists()
    assert not lines_of_items.filter(invoice_item__isnull=True).exists()
    counts = stripe_double.request_counts()
    assert counts["GET /v1/invoices"] == math.ceil(len(invoices) / 100)
    large = len(summary["large_invoices"])
    # Each read of a large invoice pages its lines once; 2020-08-27 charges name their
    # invoice, so those are also read (fetched) when the charges are listed.
    reads = 1 if shape == "current" else 2
    assert counts["GET /v1/invoices/{id}/lines"] == reads * large > 0
    assert "GET /v1/invoice_payments" not in counts  # the pages carried them


def test_backfill_twice_changes_nothing(stripe_double: Any) -> None:
    stripe_double.generate_account(customers=10, seed=5)
    backfill()
    before = list(Invoice.objects.order_by("id").values_list("id", "djstripe_hash", "charge_id"))
    lines_before = LineItem.objects.count()

    backfill((Invoice,))

    after = list(Invoice.objects.order_by("id").values_list("id", "djstripe_hash", "charge_id"))
    assert after == before
    assert LineItem.objects.count() == lines_before


@pytest.mark.parametrize("shape", ["current", "2020-08-27"])
def test_a_full_backfill_links_invoices_payments_and_charges(
    shape: str, stripe_double: Any, settings: Any
) -> None:
    """The backfill writes pages without fetching references and links them afterwards;
    the links derived from those (an invoice's PaymentIntent from its payments, its
    charge from the PaymentIntent's charges) are refreshed when they are filled."""
    from djstripe.sync.backfill import backfill as run_backfill

    settings.STRIPE_TEST_SECRET_KEY = stripe_double.api_key
    stripe_double.generate_account(customers=20, seed=13, api_version_shape=shape)
    links = expected_links(stripe_double, shape)

    report = run_backfill(None, rate=0, sleep=lambda seconds: None)

    assert report.status == "completed", report.errors
    mirrored = {i.id: (i.payment_intent_id, i.charge_id) for i in Invoice.objects.all()}
    assert mirrored == links
    owners = dict(Charge.objects.values_list("id", "invoice_id"))
    assert {charge: owners[charge] for _, charge in links.values() if charge} == {
        charge: invoice for invoice, (_, charge) in links.items() if charge
    }
