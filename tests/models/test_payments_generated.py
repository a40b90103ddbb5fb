"""Payments of generated accounts, mirrored by the backfill: complete, linked, page-priced."""

from __future__ import annotations

from typing import Any

import pytest

from djstripe.models import BalanceTransaction, Charge, PaymentIntent, Refund
from djstripe.sync.backfill import backfill

pytestmark = pytest.mark.django_db

MODELS = [BalanceTransaction, PaymentIntent, Charge, Refund]


@pytest.mark.parametrize("shape", ["current", "2020-08-27"])
def test_generated_payments_mirror_exactly(shape: str, stripe_double: Any) -> None:
    stripe_double.generate_account(customers=40, seed=11, api_version_shape=shape)
    charges = {c["id"]: c for c in stripe_double.objects("charge")}
    refunds = {r["id"]: r["charge"] for r in stripe_double.objects("refund")}
    intents = {i["id"] for i in stripe_double.objects("payment_intent")}
    assert refunds, "the generator refunds every 10th customer's payment"
    stripe_double.reset_counts()

    report = backfill(MODELS, [stripe_double.api_key], rate=0)

    assert not report.errors
    assert set(Charge.objects.values_list("id", flat=True)) == charges.keys()
    assert dict(Refund.objects.values_list("id", "charge_id")) == refunds
    assert set(PaymentIntent.objects.values_list("id", flat=True)) == intents
    for row in Charge.objects.all():
        data = charges[row.id]
        assert row.payment_intent_id == data["payment_intent"]
        assert row.balance_transaction_id == data["balance_transaction"]
        assert row.amount_refunded == data["amount_refunded"]
        assert row.customer_id is None or row.customer_id == data["customer"]
    for intent in PaymentIntent.objects.all():
        assert intent.latest_charge is not None
        assert intent.latest_charge.payment_intent_id == intent.id
    # Lists page by 100 and references come with their page: no request per object.
    counts = stripe_double.request_counts()
    per_object = {route: n for route, n in counts.items() if route.endswith("/{id}")}
    assert not {r for r in per_object if "charges" in r or "balance_transactions" in r}, counts
