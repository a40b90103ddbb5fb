"""Credit notes: lines complete (paged past 10) and exact, relations both ways."""

from __future__ import annotations

from typing import Any

import pytest

from djstripe import stripe_api
from djstripe.models import CreditNote, CreditNoteLineItem, Invoice, TaxRate

from ..conftest import example, older_shape

pytestmark = pytest.mark.django_db

KEY = "sk_test_djstripe0tests0key"
LINES = "GET /v1/credit_notes/{id}/lines"


def credit_line(line_id: str, amount: int = 100, **changes: Any) -> dict[str, Any]:
    data = example("credit_note_line_item", id=line_id, amount=amount, invoice_line_item=None)
    data.update(changes)
    return data


def credit_note(note_id: str, lines: list[dict[str, Any]]) -> dict[str, Any]:
    data = example("credit_note", id=note_id, invoice=None)
    data["lines"] = {"object": "list", "data": lines, "has_more": False}
    return data


def retrieve_and_sync(note_id: str) -> CreditNote:
    data, stamp = stripe_api.retrieve_model(CreditNote, note_id, api_key=KEY)
    return CreditNote.sync_api_read(data, stamp, api_key=KEY)


def line_ids(note_id: str) -> set[str]:
    lines = CreditNoteLineItem.objects.filter(credit_note_id=note_id)
    return set(lines.values_list("id", flat=True))


def test_more_than_10_lines_are_paged_and_removed_ones_deleted(double: Any) -> None:
    double.put(credit_note("cn_paged", [credit_line(f"cnli_p{n:02d}", n) for n in range(14)]))
    double.reset_counts()

    note = retrieve_and_sync("cn_paged")

    assert line_ids("cn_paged") == {f"cnli_p{n:02d}" for n in range(14)}
    assert note.lines.count() == 14
    assert double.request_counts()[LINES] == 1
    double.delete_object("cnli_p12")
    double.advance(10)

    retrieve_and_sync("cn_paged")

    assert line_ids("cn_paged") == {f"cnli_p{n:02d}" for n in range(14)} - {"cnli_p12"}


def test_relations_both_ways_and_tax_rates(double: Any) -> None:
    double.put(older_shape("invoice_2020-08-27"))
    note = CreditNote.sync_from_stripe_data(older_shape("credit_note_2020-08-27"))
    invoice = Invoice.objects.get(id="in_1HOldInvoice2020")
    assert list(invoice.credit_notes.all()) == [note]
    assert list(note.customer.credit_notes.all()) == [note]
    assert note.refund == "re_1HOldRefund2020"  # `refund` before 2025-03-31.basil

    current = CreditNote.sync_from_stripe_data(example("credit_note"))
    taxed = CreditNoteLineItem.objects.get(id="cnli_1Pgc75B7WZ01zgkWla6u0GdZ")
    assert taxed.credit_note == current
    assert list(taxed.tax_rates.values_list("id", flat=True)) == ["txr_1Pgc74B7WZ01zgkW94BlEhHU"]
    assert TaxRate.objects.get(id="txr_1Pgc74B7WZ01zgkW94BlEhHU").country == "DE"
    assert current.refund == "refund"  # the first of `refunds` (current versions)


def test_a_credit_note_line_links_the_invoice_line_it_credits(double: Any) -> None:
    double.put(older_shape("invoice_2020-08-27"))
    Invoice.sync_from_stripe_data(older_shape("invoice_2020-08-27"))
    data = credit_note(
        "cn_credits_line", [credit_line("cnli_x", invoice_line_item="il_1HOldLine2020")]
    )
    CreditNote.sync_from_stripe_data(data)
    line = Invoice.objects.get(id="in_1HOldInvoice2020").lines.get()
    assert list(line.credit_note_lines.values_list("id", flat=True)) == ["cnli_x"]
