"""Invoices and their lines: complete and exact child lists, line ids of every era,
relations both ways, deletions, freshness and bad data."""

from __future__ import annotations

from typing import Any

import pytest

from djstripe import stripe_api
from djstripe.models import (
    Customer,
    Invoice,
    InvoiceItem,
    LineItem,
    Price,
    Subscription,
    TaxRate,
    Tombstone,
)
from djstripe.sync import sync_object, sync_page
from djstripe.sync.source import Source

from ..conftest import example, older_shape
from .cases.invoices import OLD_CHARGE, serve_2017_objects

pytestmark = pytest.mark.django_db

KEY = "sk_test_djstripe0tests0key"
CUSTOMER = "cus_QXg1o8vcGmoR32"
SUBSCRIPTION = "sub_1Pgc6rB7WZ01zgkWNy0Cn5nw"
LINES = "GET /v1/invoices/{id}/lines"


def event(event_id: str, created: int) -> Source:
    return Source.event(event_id, created, api_key=KEY)


def line(line_id: str, invoice_id: str, amount: int = 100, **changes: Any) -> dict[str, Any]:
    """A current-shape line without placeholder references."""
    data = example("line_item", id=line_id, invoice=invoice_id, amount=amount, parent=None)
    data.update(changes)
    return data


def invoice(invoice_id: str, lines: list[dict[str, Any]], **changes: Any) -> dict[str, Any]:
    """A current-shape invoice holding ``lines`` (all of them: put it in the double)."""
    data = example("invoice", id=invoice_id, parent=None)
    data["lines"] = {"object": "list", "data": lines, "has_more": False}
    data.update(changes)
    return data


def retrieve_and_sync(invoice_id: str) -> Invoice:
    """What a resync does: the invoice as Stripe renders it now, synced."""
    data, stamp = stripe_api.retrieve_model(Invoice, invoice_id, api_key=KEY)
    return Invoice.sync_api_read(data, stamp, api_key=KEY)


def line_ids(invoice_id: str) -> set[str]:
    return set(LineItem.objects.filter(invoice_id=invoice_id).values_list("id", flat=True))


# ---- child lists: complete, paged, exact ----


def test_an_invoice_with_more_than_10_lines_pages_the_rest(double: Any) -> None:
    lines = [line(f"il_page{n:02d}", "in_paged", amount=n) for n in range(25)]
    double.put(invoice("in_paged", lines))
    double.reset_counts()

    row = retrieve_and_sync("in_paged")

    assert row.lines.count() == 25
    assert line_ids("in_paged") == {f"il_page{n:02d}" for n in range(25)}
    assert sorted(row.lines.values_list("amount", flat=True)) == list(range(25))
    counts = double.request_counts()
    assert counts["GET /v1/invoices/{id}"] == 1
    assert counts[LINES] == 1  # the 15 lines after the embedded 10, in one page of 100


def test_lines_removed_upstream_are_removed_here(double: Any) -> None:
    lines = [line(f"il_gone{n:02d}", "in_gone", amount=n) for n in range(25)]
    double.put(invoice("in_gone", lines))
    retrieve_and_sync("in_gone")
    for removed in ("il_gone03", "il_gone17", "il_gone24"):
        double.delete_object(removed)
    double.advance(10)
    double.reset_counts()

    retrieve_and_sync("in_gone")

    assert line_ids("in_gone") == {f"il_gone{n:02d}" for n in range(25)} - {
        "il_gone03",
        "il_gone17",
        "il_gone24",
    }
    assert double.request_counts()[LINES] == 1
    assert Tombstone.objects.filter(stripe_id="il_gone17").exists()


def test_lines_of_an_embedded_complete_list_are_kept_exact(double: Any) -> None:
    Invoice.sync_from_stripe_data(invoice("in_exact", [line("il_a", "in_exact")]))
    Invoice.sync_from_stripe_data(
        invoice("in_exact", [line("il_b", "in_exact"), line("il_c", "in_exact")])
    )
    assert line_ids("in_exact") == {"il_b", "il_c"}
    assert "GET /v1/invoices/{id}/lines" not in double.request_counts()


def test_a_line_list_that_cannot_be_paged_prunes_nothing(double: Any) -> None:
    lines = [line(f"il_keep{n:02d}", "in_keep") for n in range(12)]
    double.put(invoice("in_keep", lines))
    retrieve_and_sync("in_keep")
    double.delete_object("il_keep11")
    double.advance(10)
    double.inject_fault(LINES, status=400, times=None)  # not retried

    retrieve_and_sync("in_keep")

    assert len(line_ids("in_keep")) == 12  # an incomplete list is no proof of removal


# ---- line ids of every era ----


def test_2017_subscription_line_ids_are_scoped_by_their_invoice(double: Any) -> None:
    serve_2017_objects(double)
    first = older_shape("invoice_2017-08-15")
    second = older_shape("invoice_2017-08-15")
    second["id"] = "in_1AOldInvoice2017b"
    second["lines"]["data"] = first["lines"]["data"][:1]  # the same subscription line id

    Invoice.sync_from_stripe_data(first)
    Invoice.sync_from_stripe_data(second)
    Invoice.sync_from_stripe_data(first)

    sub_line = "sub_1Pgc6rB7WZ01zgkWNy0Cn5nw"
    assert line_ids("in_1AOldInvoice2017") == {
        f"in_1AOldInvoice2017-{sub_line}",
        "ii_1AOldSetupFee2017",
    }
    assert line_ids("in_1AOldInvoice2017b") == {f"in_1AOldInvoice2017b-{sub_line}"}
    # Both copies name the same charge: the second cannot take it (one-to-one), and
    # the contradiction does not fail its sync.
    assert Invoice.objects.get(id="in_1AOldInvoice2017").charge_id == OLD_CHARGE
    assert Invoice.objects.get(id="in_1AOldInvoice2017b").charge_id is None
    scoped = LineItem.objects.get(id=f"in_1AOldInvoice2017b-{sub_line}")
    assert scoped.stripe_data["id"] == sub_line
    assert scoped.subscription_id == SUBSCRIPTION  # the old line id named it
    assert scoped.subscription_item_id == "si_QXhVBoJ7NQdNXh"
    assert scoped.price_id == "price_1PgafmB7WZ01zgkW6dKueIc5"  # from the line's plan
    assert (scoped.type, scoped.proration) == ("subscription", False)
    item_line = LineItem.objects.get(id="ii_1AOldSetupFee2017")
    assert item_line.invoice_item_id == "ii_1AOldSetupFee2017"
    assert item_line.type == "invoiceitem"


def test_current_lines_map_parent_and_pricing(double: Any) -> None:
    Subscription.sync_from_stripe_data(example("subscription"))
    price = "price_1PgafmB7WZ01zgkW6dKueIc5"
    subscription_line = line(
        "il_sub",
        "in_parent",
        parent={
            "type": "subscription_item_details",
            "invoice_item_details": None,
            "subscription_item_details": {
                "invoice_item": None,
                "proration": True,
                "proration_details": {"credited_items": None},
                "subscription": SUBSCRIPTION,
                "subscription_item": "si_QXhVnC2h0Jczwc",
            },
        },
        pricing={
            "type": "price_details",
            "price_details": {"price": price, "product": "prod_QXg1hqf4jFNsqG"},
            "unit_amount_decimal": "2000",
        },
        taxes=[
            {
                "amount": 190,
                "tax_behavior": "exclusive",
                "tax_rate_details": {"tax_rate": "txr_1"},
                "taxability_reason": "standard_rated",
                "taxable_amount": 1000,
                "type": "tax_rate_details",
            }
        ],
    )
    InvoiceItem.sync_from_stripe_data(example("invoiceitem", id="ii_current", parent=None))
    item_line = line(
        "il_item",
        "in_parent",
        parent={
            "type": "invoice_item_details",
            "subscription_item_details": None,
            "invoice_item_details": {
                "invoice_item": "ii_current",
                "proration": False,
                "proration_details": {"credited_items": None},
                "subscription": None,
            },
        },
    )
    Invoice.sync_from_stripe_data(invoice("in_parent", [subscription_line, item_line]))

    sub = LineItem.objects.get(id="il_sub")
    assert (sub.subscription_id, sub.subscription_item_id) == (SUBSCRIPTION, "si_QXhVnC2h0Jczwc")
    assert (sub.price_id, sub.type, sub.proration) == (price, "subscription", True)
    assert sub.invoice_item_id is None
    assert sub.tax_rates == ["txr_1"]
    assert sub.tax_amounts[0]["amount"] == 190
    assert sub.unit_amount_decimal == "2000"
    item = LineItem.objects.get(id="il_item")
    assert (item.invoice_item_id, item.subscription_id, item.type) == (
        "ii_current",
        None,
        "invoiceitem",
    )
    assert list(InvoiceItem.objects.get(id="ii_current").lineitem_set.all()) == [item]


# ---- relations both ways ----


def test_relations_in_both_directions(double: Any) -> None:
    serve_2017_objects(double)
    old = Invoice.sync_from_stripe_data(older_shape("invoice_2017-08-15"))
    recent = Invoice.sync_from_stripe_data(older_shape("invoice_2020-08-27"))

    customer = Customer.objects.get(id=CUSTOMER)
    assert set(customer.invoices.values_list("id", flat=True)) == {old.id, recent.id}
    assert set(customer.invoiceitems.values_list("id", flat=True)) == {"ii_1AOldSetupFee2017"}
    subscription = Subscription.objects.get(id=SUBSCRIPTION)
    assert set(subscription.invoices.values_list("id", flat=True)) == {old.id, recent.id}
    assert list(old.invoiceitems.values_list("id", flat=True)) == ["ii_1AOldSetupFee2017"]
    assert InvoiceItem.objects.get(id="ii_1AOldSetupFee2017").invoice == old
    assert recent.lines.get().invoice == recent
    assert recent.lineitems.get().id == "il_1HOldLine2020"
    assert set(recent.default_tax_rates.values_list("id", flat=True)) == {"txr_1HOldVat2020"}
    assert TaxRate.objects.get(id="txr_1HOldVat2020").display_name == "VAT"
    assert recent.charge.latest_invoice == recent
    assert old.charge.latest_invoice == old
    assert recent.payment_intent_id == "pi_1PgafyB7WZ01zgkWSjxsAJo3"
    price = Price.objects.get(id="price_1PgafmB7WZ01zgkW6dKueIc5")
    assert set(price.invoice_lines.values_list("id", flat=True)) == {
        "il_1HOldLine2020",
        f"{old.id}-{SUBSCRIPTION}",
    }


def test_older_shapes_read_through_current_names(double: Any) -> None:
    recent = Invoice.sync_from_stripe_data(older_shape("invoice_2020-08-27"))
    assert recent.tax == 380
    assert recent.total_tax_amounts[0]["tax_rate"] == "txr_1HOldVat2020"
    assert recent.discounts == []
    assert recent.subscription_details is None
    serve_2017_objects(double)
    old = Invoice.sync_from_stripe_data(older_shape("invoice_2017-08-15"))
    assert old.auto_advance is False  # closed = true
    current = Invoice.sync_from_stripe_data(
        example(
            "invoice",
            id="in_taxed",
            parent=None,
            total_taxes=[{"amount": 70, "tax_behavior": "exclusive"}, {"amount": 30}],
        )
    )
    assert current.tax == 100
    assert current.total_tax_amounts[1]["amount"] == 30
    assert str(current) == "Invoice #in_taxed for $0.00 (draft)"


# ---- deletions ----


def test_a_deleted_draft_invoice_is_removed_with_its_lines(double: Any) -> None:
    row = Invoice.sync_from_stripe_data(invoice("in_draft", [line("il_draft", "in_draft")]))
    gone = {"id": row.id, "object": "invoice", "deleted": True}

    assert sync_object(Invoice, gone, source=event("evt_2", 2_000_000_000)) is None

    assert not Invoice.objects.filter(id="in_draft").exists()
    assert not LineItem.objects.filter(id="il_draft").exists()
    assert Tombstone.objects.filter(stripe_id="in_draft").exists()
    late = invoice("in_draft", [line("il_draft", "in_draft")])
    sync_page(Invoice, [late], source=event("evt_1", 1_900_000_000))  # an older event
    assert not Invoice.objects.filter(id="in_draft").exists()
    assert not LineItem.objects.filter(id="il_draft").exists()


def test_a_deleted_invoice_item_is_removed(double: Any) -> None:
    row = InvoiceItem.sync_from_stripe_data(example("invoiceitem", parent=None))
    gone = {"id": row.id, "object": "invoiceitem", "deleted": True}
    assert sync_object(InvoiceItem, gone, source=event("evt_3", 2_000_000_000)) is None
    assert not InvoiceItem.objects.filter(id=row.id).exists()
    sync_page(InvoiceItem, [example("invoiceitem", parent=None)], source=event("evt_0", 1000))
    assert not InvoiceItem.objects.filter(id=row.id).exists()


# ---- freshness ----


def test_an_older_payload_after_a_newer_one_changes_nothing(double: Any) -> None:
    current = invoice(
        "in_1HOldInvoice2020",
        [line("il_new", "in_1HOldInvoice2020", amount=900)],
        status="open",
        amount_due=900,
    )
    sync_page(Invoice, [current], source=event("evt_new", 1_700_000_000))
    before = Invoice.objects.get(id="in_1HOldInvoice2020")

    older = older_shape("invoice_2020-08-27")
    sync_page(Invoice, [older], source=event("evt_old", 1_600_000_000))

    after = Invoice.objects.get(id="in_1HOldInvoice2020")
    assert after.stripe_data == current
    assert (after.status, after.amount_due, after.paid) == ("open", 900, False)
    assert after.djstripe_stamp == before.djstripe_stamp
    assert line_ids("in_1HOldInvoice2020") == {"il_new"}
    assert not LineItem.objects.filter(id="il_1HOldLine2020").exists()
    assert after.charge_id is None


# ---- bad or surprising data never fails the invoice ----


def test_surprising_data_is_kept_without_failing(double: Any) -> None:
    data = invoice(
        "in_odd",
        [line("il_odd", "in_odd", currency="usd", type="brand_new_kind")],
        status="partially_paid",
        number="N" * 1000,
        customer={"id": "hol_1", "object": "hologram"},
        default_payment_method="pm_no_longer_exists",
        billing_reason="x" * 300,
    )
    row = Invoice.sync_from_stripe_data(data)

    assert row.status == "partially_paid"
    assert row.number == "N" * 255
    assert row.billing_reason == "x" * 255
    assert row.customer_id is None
    assert row.default_payment_method_id is None
    assert row.stripe_data == data
    assert LineItem.objects.get(id="il_odd").type == "brand_new_kind"


def test_line_items_list_per_invoice_as_in_dj_stripe(double: Any) -> None:
    double.put(invoice("in_listed", [line(f"il_l{n:02d}", "in_listed") for n in range(12)]))
    listed = list(LineItem.api_list(id="in_listed"))
    assert [obj["id"] for obj in listed] == [f"il_l{n:02d}" for n in range(12)]
    with pytest.raises(ValueError, match="needs the invoice"):
        list(LineItem.api_list())


def test_a_page_costs_the_same_queries_whatever_its_size(double: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Customer.sync_from_stripe_data(example("customer"))

    def page(size: int, prefix: str) -> list[dict[str, Any]]:
        return [
            invoice(
                f"in_{prefix}{n}",
                [line(f"il_{prefix}{n}_{j}", f"in_{prefix}{n}") for j in range(3)],
            )
            for n in range(size)
        ]

    source = Source.api(1_800_000_000, api_key=KEY)
    sync_page(Invoice, page(2, "warm"), source=source)  # the owner account is looked up once
    with CaptureQueriesContext(connection) as small:
        sync_page(Invoice, page(5, "small"), source=source)
    with CaptureQueriesContext(connection) as large:
        sync_page(Invoice, page(60, "large"), source=source)

    assert LineItem.objects.filter(invoice__id__startswith="in_large").count() == 180
    assert len(large.captured_queries) == len(small.captured_queries)
