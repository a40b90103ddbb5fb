"""Charge.refund/capture and PaymentMethod.attach/detach: synced with Stripe's clock."""

from __future__ import annotations

from decimal import Decimal

import pytest

from djstripe.models import Charge, PaymentMethod, Refund

from .conftest import create

STRIPE_NOW = 1_950_000_000  # the double's clock, far from this machine's


@pytest.fixture
def card(customer):
    return create(f"/v1/customers/{customer.id}/sources", source="tok_visa")


def test_refund_part_then_the_rest(customer, card, stripe_double):
    charge = customer.charge(Decimal("20.00"), currency="usd")
    stripe_double.set_time(STRIPE_NOW)

    refund = charge.refund(Decimal("5.00"), reason="requested_by_customer")

    row = Refund.objects.get(id=refund.id)
    assert (row.amount, row.charge_id, row.djstripe_stamp) == (500, charge.id, STRIPE_NOW)
    assert stripe_double.get(refund.id)["reason"] == "requested_by_customer"
    charge.resync()
    rest = Charge.objects.get(id=charge.id).refund()
    assert rest.amount == 1500


def test_capture(customer, card, stripe_double):
    charge = customer.charge(Decimal("12.00"), currency="usd", capture=False)
    assert charge.captured is False
    stripe_double.set_time(STRIPE_NOW)

    captured = charge.capture()

    assert captured.captured is True
    assert Charge.objects.get(id=charge.id).djstripe_stamp == STRIPE_NOW


def test_attach_and_detach(customer, stripe_double):
    method = create("/v1/payment_methods", type="card", card={"token": "tok_visa"})
    stripe_double.set_time(STRIPE_NOW)

    attached = PaymentMethod.attach(method["id"], customer)

    assert (attached.customer_id, attached.djstripe_stamp) == (customer.id, STRIPE_NOW)
    stripe_double.set_time(STRIPE_NOW + 60)
    assert attached.detach() is True
    row = PaymentMethod.objects.get(id=method["id"])
    assert (row.customer_id, row.djstripe_stamp) == (None, STRIPE_NOW + 60)
    assert attached.detach() is False  # not attached any more
