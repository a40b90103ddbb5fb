"""Invoice <-> InvoicePayment <-> PaymentIntent / Charge: dj-stripe's links
(``Invoice.payment_intent``, ``Invoice.charge``, ``Charge.invoice``) filled whatever
order the objects arrive in, on API versions that only name them on payments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from djstripe import stripe_api
from djstripe.models import Charge, Invoice, InvoicePayment, PaymentIntent
from djstripe.sync import sync_page
from djstripe.sync.source import Source

from ..conftest import example

pytestmark = pytest.mark.django_db

KEY = "sk_test_djstripe0tests0key"
CUSTOMER = "cus_QXg1o8vcGmoR32"
INVOICE, PAYMENT, INTENT, CHARGE = "in_link", "inpay_link", "pi_link", "ch_link"


def invoice_data(invoice_id: str = INVOICE, **changes: Any) -> dict[str, Any]:
    """A paid invoice as 2025-03-31.basil and later render it: no charge, no intent."""
    data = example(
        "invoice",
        id=invoice_id,
        parent=None,
        status="paid",
        amount_paid=1000,
        amount_remaining=0,
        lines={"object": "list", "data": [], "has_more": False},
    )
    data.update(changes)
    return data


def payment_data(
    payment_id: str = PAYMENT, invoice: str = INVOICE, intent: str = INTENT, **changes: Any
) -> dict[str, Any]:
    data = example(
        "invoice_payment",
        id=payment_id,
        invoice=invoice,
        livemode=False,
        currency="usd",
        amount_paid=1000,
        amount_requested=1000,
        status="paid",
        is_default=True,
        payment={"type": "payment_intent", "payment_intent": intent},
    )
    data.update(changes)
    return data


def intent_data() -> dict[str, Any]:
    # No latest_charge: the charge must arrive on its own to prove the order-independence.
    return example(
        "payment_intent", id=INTENT, customer=CUSTOMER, status="processing", latest_charge=None
    )


def charge_data(charge_id: str = CHARGE, created: int = 1700000000) -> dict[str, Any]:
    return example(
        "charge",
        id=charge_id,
        payment_intent=INTENT,
        customer=CUSTOMER,
        created=created,
        balance_transaction=None,
        refunds={"object": "list", "data": [], "has_more": False},
    )


@pytest.fixture
def served(double: Any) -> Any:
    """The double holds all four objects, so whatever is missing can be fetched."""
    double.put(intent_data())
    double.put(charge_data())
    double.put(invoice_data())
    double.put(payment_data())
    return double


def sync_invoice() -> None:
    Invoice.sync_from_stripe_data(invoice_data())


def sync_invoice_with_payments() -> None:
    data, stamp = stripe_api.retrieve_model(Invoice, INVOICE, api_key=KEY)
    assert data["payments"]["object"] == "list"  # expand_fields include them
    Invoice.sync_api_read(data, stamp, api_key=KEY)


def sync_payment() -> None:
    InvoicePayment.sync_from_stripe_data(payment_data())


def sync_charge() -> None:
    Charge.sync_from_stripe_data(charge_data())


ORDERS: dict[str, list[Callable[[], None]]] = {
    "invoice-payment-charge": [sync_invoice, sync_payment, sync_charge],
    "charge-payment-invoice": [sync_charge, sync_payment, sync_invoice],
    "payment-charge": [sync_payment, sync_charge],  # the invoice is fetched by the payment
    "charge-invoice_with_payments": [sync_charge, sync_invoice_with_payments],
    "invoice_with_payments-charge": [sync_invoice_with_payments, sync_charge],
    "charge-invoice-payment": [sync_charge, sync_invoice, sync_payment],
}


@pytest.mark.parametrize("order", list(ORDERS))
def test_links_are_filled_whatever_the_order(order: str, served: Any) -> None:
    for step in ORDERS[order]:
        step()

    invoice = Invoice.objects.get(id=INVOICE)
    assert invoice.payment_intent_id == INTENT
    assert invoice.charge_id == CHARGE
    assert InvoicePayment.objects.get(id=PAYMENT).invoice == invoice
    assert list(invoice.payments.values_list("id", flat=True)) == [PAYMENT]
    charge = Charge.objects.get(id=CHARGE)
    assert charge.latest_invoice == invoice
    assert charge.invoice_id == INVOICE
    assert set(PaymentIntent.objects.get(id=INTENT).invoice_payments.all()) == {
        InvoicePayment.objects.get(id=PAYMENT)
    }


def test_the_newest_charge_of_the_intent_is_the_invoices_charge(served: Any) -> None:
    sync_invoice_with_payments()
    Charge.sync_from_stripe_data(charge_data("ch_link_retry", created=1700000500))
    sync_charge()  # the older, failed attempt arrives last

    invoice = Invoice.objects.get(id=INVOICE)
    assert invoice.charge_id == "ch_link_retry"
    assert set(invoice.charges.values_list("id", flat=True)) == {CHARGE, "ch_link_retry"}


def test_a_settled_payment_wins_over_a_canceled_one(served: Any) -> None:
    served.put(example("payment_intent", id="pi_canceled", customer=CUSTOMER, latest_charge=None))
    canceled = payment_data(
        "inpay_canceled", intent="pi_canceled", status="canceled", is_default=False
    )
    InvoicePayment.sync_from_stripe_data(canceled)
    sync_payment()
    InvoicePayment.sync_from_stripe_data(canceled)

    assert Invoice.objects.get(id=INVOICE).payment_intent_id == INTENT


def test_links_are_sticky_when_a_payload_lacks_them(served: Any) -> None:
    sync_invoice_with_payments()
    sync_charge()
    InvoicePayment.objects.all().delete()  # nothing left to derive the links from

    update = invoice_data(amount_paid=1000, description="edited")
    sync_page(Invoice, [update], source=Source.api(2_000_000_000, api_key=KEY))

    invoice = Invoice.objects.get(id=INVOICE)
    assert invoice.description == "edited"
    assert (invoice.payment_intent_id, invoice.charge_id) == (INTENT, CHARGE)


def test_an_intent_claimed_by_two_invoices_links_one_and_fails_nothing(served: Any) -> None:
    served.put(invoice_data("in_link_other"))
    sync_payment()
    InvoicePayment.sync_from_stripe_data(payment_data("inpay_other", invoice="in_link_other"))

    holders = Invoice.objects.filter(payment_intent_id=INTENT)
    assert list(holders.values_list("id", flat=True)) == [INVOICE]
    assert Invoice.objects.get(id="in_link_other").payment_intent_id is None


def test_a_backfill_page_includes_the_payments(served: Any) -> None:
    assert Invoice.list_expand == ("data.payments",)
    served.reset_counts()
    page = next(stripe_api.pages("/v1/invoices", {"expand": list(Invoice.list_expand)}))
    sync_page(Invoice, page.objects, source=Source.api(page.stamp, api_key=KEY))

    assert Invoice.objects.get(id=INVOICE).payment_intent_id == INTENT
    counts = served.request_counts()
    assert "GET /v1/invoice_payments" not in counts
    assert "GET /v1/invoice_payments/{id}" not in counts


def test_older_pinned_versions_do_not_ask_for_payments(settings: Any) -> None:
    settings.STRIPE_API_VERSION = "2024-06-20"
    assert Invoice.list_expand == ()
    assert Invoice.expand_fields == []
    settings.STRIPE_API_VERSION = "2025-03-31.basil"
    assert Invoice.list_expand == ("data.payments",)


def test_more_than_10_payments_are_paged_and_removed_ones_deleted(served: Any) -> None:
    for n in range(12):
        record = {"type": "payment_record", "payment_record": f"prec_{n}"}
        served.put(payment_data(f"inpay_more{n:02d}", payment=record, status="canceled"))
    served.reset_counts()

    sync_invoice_with_payments()

    invoice = Invoice.objects.get(id=INVOICE)
    assert invoice.payments.count() == 13
    assert served.request_counts()["GET /v1/invoice_payments"] == 1
    assert invoice.payment_intent_id == INTENT  # the paid one of the 13
    served.delete_object("inpay_more05")
    served.advance(10)

    sync_invoice_with_payments()

    assert invoice.payments.count() == 12
    assert not InvoicePayment.objects.filter(id="inpay_more05").exists()


def test_retry_collects_an_unpaid_invoice_and_syncs_it(served: Any) -> None:
    served.put(invoice_data("in_open", status="open", amount_paid=0, amount_remaining=1000))
    invoice = Invoice.sync_from_stripe_data(invoice_data("in_open", status="open"))
    served.reset_counts()

    assert invoice.retry(paid_out_of_band=True) is True

    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid) == ("paid", True)
    assert served.request_counts()["POST /v1/invoices/{id}/pay"] == 1
    assert invoice.retry() is False  # paid: nothing to do, no request
    assert served.request_counts()["POST /v1/invoices/{id}/pay"] == 1
