"""Charges and refunds, PaymentIntents, payment methods: relations, lists, money, bad data."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from djstripe import stripe_api
from djstripe.models import (
    BalanceTransaction,
    Charge,
    Customer,
    Dispute,
    PaymentIntent,
    PaymentMethod,
    Refund,
)

from ..conftest import example

pytestmark = pytest.mark.django_db

CUSTOMER = "cus_QXg1o8vcGmoR32"
CHARGE = "ch_1PgafuB7WZ01zgkWXYmPNZs8"


def refunds_of(charge_id: str, count: int) -> list[dict[str, Any]]:
    """``count`` refunds of a charge, newest first (Stripe's list order)."""
    return [
        example("refund", id=f"re_{n:02d}", charge=charge_id, amount=1, created=1700000000 + n)
        for n in reversed(range(count))
    ]


def listing(url: str, items: list[dict[str, Any]], has_more: bool = False) -> dict[str, Any]:
    return {"object": "list", "data": items, "has_more": has_more, "url": url}


# ---- relations, both ways ----


def test_customer_charges_and_charge_refunds(double: Any) -> None:
    refund = example("refund")
    data = example(
        "charge",
        customer=CUSTOMER,
        refunds=listing(f"/v1/charges/{CHARGE}/refunds", [refund]),
    )
    charge = Charge.sync_from_stripe_data(data)
    customer = Customer.objects.get(id=CUSTOMER)  # fetched from the double
    assert list(customer.charges.all()) == [charge]
    assert [r.id for r in charge.refunds.all()] == [refund["id"]]
    assert Refund.objects.get().charge == charge
    assert charge.balance_transaction.amount == 100  # fetched
    assert list(charge.balance_transaction.charge_set.all()) == [charge]


def test_customer_payment_methods(double: Any) -> None:
    method = PaymentMethod.sync_from_stripe_data(example("payment_method", customer=CUSTOMER))
    assert list(Customer.objects.get(id=CUSTOMER).payment_methods.all()) == [method]


def test_payment_method_detached_payload_clears_the_customer(double: Any) -> None:
    PaymentMethod.sync_from_stripe_data(example("payment_method", customer=CUSTOMER))
    PaymentMethod.sync_from_stripe_data(example("payment_method", customer=None))
    assert PaymentMethod.objects.get().customer_id is None
    assert not Customer.objects.get(id=CUSTOMER).payment_methods.exists()


def test_attach_and_detach_through_the_api(double: Any) -> None:
    customer = Customer.sync_from_stripe_data(stripe_api.create("/v1/customers", {}))
    created = stripe_api.create("/v1/payment_methods", {"type": "card"})
    method = PaymentMethod.attach(created["id"], customer)
    assert method.customer_id == customer.id
    assert method.detach() is True
    method.refresh_from_db()
    assert method.customer_id is None
    assert method.detach() is False  # no longer attached


def test_payment_intent_charges_of_old_versions_and_latest_charge(double: Any) -> None:
    from ..conftest import older_shape

    intent = PaymentIntent.sync_from_stripe_data(older_shape("payment_intent_2020-08-27"))
    assert intent.latest_charge_id == "ch_1OldIntentSecondTry"
    assert {c.status for c in intent.charges.all()} == {"succeeded", "failed"}
    assert Charge.objects.get(id="ch_1OldIntentFirstTry").payment_intent == intent


def test_payment_intent_invoice(double: Any) -> None:
    """``invoice`` left PaymentIntents in 2025-03-31.basil: ``payment_intent.invoice`` asks
    the invoice that names the intent, then the id an older payload carries."""
    from djstripe.models import Invoice

    intent = PaymentIntent.sync_from_stripe_data(example("payment_intent"))
    invoice = Invoice.sync_from_stripe_data(
        example("invoice", payment_intent=intent.id, charge=None, subscription=None)
    )
    if any(f.name == "payment_intent" for f in Invoice._meta.concrete_fields):
        assert invoice.payment_intent_id == intent.id
        assert PaymentIntent.objects.get(pk=intent.pk).invoice == invoice
    older = PaymentIntent.sync_from_stripe_data(
        example("payment_intent", id="pi_older", invoice=invoice.id)  # before basil
    )
    assert older.invoice == invoice


def test_charge_invoice_kept_when_a_basil_payload_lacks_it(double: Any) -> None:
    from djstripe.models import Invoice

    invoice = Invoice.sync_from_stripe_data(example("invoice", charge=None, subscription=None))
    charge = Charge.sync_from_stripe_data(example("charge", invoice=invoice.id))
    assert list(invoice.charges.all()) == [charge]
    data = example("charge", amount_refunded=10)
    data.pop("invoice", None)
    charge = Charge.sync_from_stripe_data(data)
    assert charge.invoice_id == invoice.id


# ---- child lists: paging and pruning ----


def test_charge_with_more_than_ten_refunds_pages_the_rest(double: Any) -> None:
    charge_id = "ch_many_refunds"
    refunds = refunds_of(charge_id, 12)
    url = f"/v1/charges/{charge_id}/refunds"
    double.put(example("charge", id=charge_id, refunds=listing(url, refunds)))
    data, stamp = stripe_api.retrieve(f"/v1/charges/{charge_id}")
    assert len(data["refunds"]["data"]) == 10 and data["refunds"]["has_more"]
    double.reset_counts()
    charge = Charge.sync_api_read(data, stamp)
    assert charge.refunds.count() == 12
    counts = double.request_counts()
    assert counts["GET /v1/charges/{id}/refunds"] == 1  # one page after the embedded ten
    assert "GET /v1/refunds/{id}" not in counts


def test_refunds_missing_from_a_complete_list_are_removed(double: Any) -> None:
    url = f"/v1/charges/{CHARGE}/refunds"
    two = refunds_of(CHARGE, 2)
    charge = Charge.sync_from_stripe_data(example("charge", refunds=listing(url, two)))
    assert charge.refunds.count() == 2
    Charge.sync_from_stripe_data(example("charge", refunds=listing(url, two[:1])))
    assert [r.id for r in charge.refunds.all()] == [two[0]["id"]]


def test_charge_without_embedded_refunds_keeps_them(double: Any) -> None:
    """Since 2022-11-15 charges do not embed refunds: their absence deletes nothing."""
    url = f"/v1/charges/{CHARGE}/refunds"
    Charge.sync_from_stripe_data(example("charge", refunds=listing(url, refunds_of(CHARGE, 2))))
    data = example("charge")
    del data["refunds"]
    charge = Charge.sync_from_stripe_data(data)
    assert charge.refunds.count() == 2


# ---- money ----


def test_zero_decimal_refund_through_the_api(double: Any) -> None:
    created = stripe_api.create(
        "/v1/charges", {"amount": 2000, "currency": "jpy", "source": "tok_visa"}
    )
    charge = Charge.sync_from_stripe_data(created)
    assert charge.amount == Decimal("2000")
    refund = charge.refund(Decimal("500"))
    assert refund.amount == 500  # yen, not 50,000
    charge.refresh_from_db()
    charge = charge.resync()
    assert charge.amount_refunded == 500
    full = charge.refund()
    assert full.amount == 1500


def test_capture_an_uncaptured_charge(double: Any) -> None:
    created = stripe_api.create(
        "/v1/charges", {"amount": 1500, "currency": "usd", "source": "tok_visa", "capture": False}
    )
    charge = Charge.sync_from_stripe_data(created)
    assert charge.captured is False and charge.human_readable_status == "Uncaptured"
    captured = charge.capture()
    assert captured.captured is True and captured.amount_captured == 1500
    assert captured.fee == captured.balance_transaction.fee > 0


def test_payment_intent_flow(double: Any) -> None:
    created = stripe_api.create(
        "/v1/payment_intents",
        {
            "amount": 1099,
            "currency": "eur",
            "payment_method": "pm_card_visa",
            "capture_method": "manual",
        },
    )
    intent = PaymentIntent.sync_from_stripe_data(created)
    intent = intent.confirm()
    assert intent.status == "requires_capture" and intent.amount_capturable == 1099
    assert intent.latest_charge.captured is False
    intent = intent.capture()
    assert intent.status == "succeeded" and intent.amount_received == 1099
    assert intent.latest_charge.payment_intent_id == intent.id


# ---- surprising data ----


def test_new_enum_values_and_oversized_strings(double: Any) -> None:
    charge = Charge.sync_from_stripe_data(
        example("charge", status="requires_review_v2", failure_code="x" * 400)
    )
    assert charge.status == "requires_review_v2"
    assert charge.failure_code == "x" * 255
    assert charge.stripe_data["failure_code"] == "x" * 400


def test_references_to_objects_that_no_longer_exist(double: Any) -> None:
    charge = Charge.sync_from_stripe_data(
        example(
            "charge", customer="cus_gone", payment_intent="pi_gone", balance_transaction="txn_gone"
        )
    )
    assert (charge.customer_id, charge.payment_intent_id, charge.balance_transaction_id) == (
        None,
        None,
        None,
    )
    assert charge.stripe_data["customer"] == "cus_gone"


def test_balance_transaction_source_of_any_type(double: Any) -> None:
    charge = Charge.sync_from_stripe_data(example("charge"))
    txn = BalanceTransaction.objects.get()
    assert txn.get_source_instance() == charge
    fee = BalanceTransaction.sync_from_stripe_data(
        example("balance_transaction", id="txn_fee", source="acct_fee_xyz", type="stripe_fee")
    )
    assert fee.source == "acct_fee_xyz" and fee.get_source_instance() is None


def test_dispute_relations(double: Any) -> None:
    dispute = Dispute.sync_from_stripe_data(example("dispute"))
    assert list(dispute.charge.disputes.all()) == [dispute]


def test_charge_with_its_customer_expanded(double: Any) -> None:
    """Rows of tables with and without a ``deleted`` column are looked up together."""
    charge = Charge.sync_from_stripe_data(
        example("charge", customer=example("customer", email="expanded@example.com"))
    )
    assert charge.customer.email == "expanded@example.com"
