"""``Invoice.upcoming()``: an unsaved ``UpcomingInvoice`` with its lines, as in dj-stripe."""

from __future__ import annotations

from typing import Any

import pytest

from djstripe.models import Customer, Invoice, InvoiceItem, LineItem, Subscription, UpcomingInvoice

from ..conftest import example

pytestmark = pytest.mark.django_db

CUSTOMER = "cus_QXg1o8vcGmoR32"
SUBSCRIPTION = "sub_1Pgc6rB7WZ01zgkWNy0Cn5nw"
PENDING_ITEM = "ii_1Pgc6sB7WZ01zgkWrG16hkdl"


def test_preview_of_the_next_invoice(double: Any) -> None:
    customer = Customer.sync_from_stripe_data(example("customer"))
    InvoiceItem.sync_from_stripe_data(example("invoiceitem", parent=None))
    double.reset_counts()

    upcoming = Invoice.upcoming(customer=customer)

    assert isinstance(upcoming, UpcomingInvoice)
    assert upcoming.id is None
    assert upcoming.customer == customer
    assert upcoming.subscription_id == SUBSCRIPTION
    assert upcoming.billing_reason == "upcoming"
    assert upcoming.currency == "usd"
    lines = upcoming.lines.all()
    assert lines.count() == len(upcoming.stripe_data["lines"]["data"]) == 2
    assert all(isinstance(line, LineItem) and line.pk is None for line in lines)
    assert upcoming.lineitems.count() == 2
    assert sum(line.amount for line in lines) == upcoming.total == upcoming.amount_due
    assert {line.type for line in lines} == {"subscription", "invoiceitem"}
    assert list(upcoming.invoiceitems.values_list("id", flat=True)) == [PENDING_ITEM]
    assert "id" not in upcoming.stripe_data  # exactly as Stripe sent it
    assert double.request_counts()["POST /v1/invoices/create_preview"] == 1
    upcoming.save()  # a preview is never stored
    assert not Invoice.objects.exists()
    assert not LineItem.objects.exists()
    assert str(upcoming).startswith("Invoice #(upcoming) for $0.00")


def test_preview_for_a_subscription_by_id(double: Any) -> None:
    Subscription.sync_from_stripe_data(example("subscription"))
    upcoming = Invoice.upcoming(subscription=SUBSCRIPTION)
    assert upcoming is not None
    assert upcoming.subscription == Subscription.objects.get(id=SUBSCRIPTION)
    assert upcoming.customer_id == CUSTOMER
    line = next(line for line in upcoming.lines if line.type == "subscription")
    details = line.stripe_data["parent"]["subscription_item_details"]
    assert (line.subscription_id, line.subscription_item_id) == (
        details["subscription"],
        details["subscription_item"],
    )


def test_older_pinned_versions_use_the_upcoming_endpoint(double: Any, settings: Any) -> None:
    settings.STRIPE_API_VERSION = "2024-06-20"
    double.reset_counts()
    upcoming = Invoice.upcoming(customer=CUSTOMER)
    assert upcoming is not None and upcoming.lines.exists()
    counts = double.request_counts()
    assert counts["GET /v1/invoices/upcoming"] == 1
    assert "POST /v1/invoices/create_preview" not in counts


def test_nothing_to_invoice_is_none(stripe_double: Any) -> None:
    stripe_double.put(example("customer", id="cus_quiet"))
    assert Invoice.upcoming(customer="cus_quiet") is None


def test_other_errors_reach_the_caller(stripe_double: Any) -> None:
    import stripe

    with pytest.raises(stripe.InvalidRequestError):
        Invoice.upcoming(customer="cus_does_not_exist")


def test_preview_tax_rates(double: Any) -> None:
    from djstripe.models import TaxRate

    TaxRate.sync_from_stripe_data(example("tax_rate"))
    data = example("invoice", parent=None, default_tax_rates=[example("tax_rate")])
    data.pop("id")
    upcoming = UpcomingInvoice.from_preview(data)
    assert list(upcoming.default_tax_rates.values_list("id", flat=True)) == [
        "txr_1Pgc7BB7WZ01zgkW4Iwwvf6z"
    ]
    assert upcoming.lines.count() == 1


def test_a_preview_with_more_than_10_lines_reads_the_rest_from_its_list_url(
    double: Any,
) -> None:
    """A preview lists its lines at the URL Stripe gives (previews with an id list
    them under ``/v1/invoices/<id>/lines``)."""
    from djstripe.models.invoice_previews import _all_preview_lines

    lines = [
        example("line_item", id=f"il_prev{n:02d}", invoice="in_preview", parent=None)
        for n in range(13)
    ]
    stored = example("invoice", id="in_preview", parent=None)
    stored["lines"] = {"object": "list", "data": lines, "has_more": False}
    double.put(stored)
    preview = dict(stored)
    preview["lines"] = {
        "object": "list",
        "data": lines[:10],
        "has_more": True,
        "url": "/v1/invoices/in_preview/lines",
    }
    double.reset_counts()

    every_line = _all_preview_lines(preview, {}, api_key=None, stripe_account=None)

    assert [line["id"] for line in every_line] == [f"il_prev{n:02d}" for n in range(13)]
    assert double.request_counts() == {"GET /v1/invoices/{id}/lines": 1}
    upcoming = UpcomingInvoice.from_preview(preview, every_line)
    assert upcoming.lines.count() == 13


def test_previews_are_never_stored_so_the_manager_finds_none(double: Any) -> None:
    """dj-stripe's UpcomingInvoice table stays empty; the proxy here shares the invoices'
    table, and its manager must not hand out stored invoices as previews."""
    Invoice.sync_from_stripe_data(example("invoice"))
    assert Invoice.objects.count() == 1
    assert UpcomingInvoice.objects.count() == 0
    assert not UpcomingInvoice.objects.filter(id=example("invoice")["id"]).exists()
