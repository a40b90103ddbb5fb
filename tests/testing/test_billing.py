"""Subscriptions, invoices and their payments, as a client sees them."""

from __future__ import annotations

import pytest
import stripe


@pytest.fixture
def monthly(client):
    return client.v1.prices.create(
        params={
            "currency": "usd",
            "unit_amount": 2000,
            "recurring": {"interval": "month"},
            "product_data": {"name": "Team"},
        }
    )


@pytest.fixture
def paying_customer(client):
    return client.v1.customers.create(
        params={
            "email": "pay@example.com",
            "payment_method": "pm_card_visa",
            "invoice_settings": {"default_payment_method": "pm_card_mastercard"},
        }
    )


def test_subscription_with_payment_method_is_paid(client, double, monthly, paying_customer):
    double.set_time(1_767_225_600)  # 2026-01-01
    subscription = client.v1.subscriptions.create(
        params={
            "customer": paying_customer.id,
            "items": [{"price": monthly.id, "quantity": 2}],
            "expand": ["latest_invoice.payments"],
        }
    )
    assert subscription.status == "active"
    item = subscription["items"].data[0]
    assert item.price.id == monthly.id and item.quantity == 2
    assert (item.current_period_start, item.current_period_end) == (1_767_225_600, 1_769_904_000)
    assert "current_period_end" not in subscription  # moved to items in the current API
    invoice = subscription.latest_invoice
    assert invoice.status == "paid" and invoice.amount_paid == 4000
    assert invoice.billing_reason == "subscription_create"
    assert invoice.parent.subscription_details.subscription == subscription.id
    line = invoice.lines.data[0]
    assert line.parent.subscription_item_details.subscription_item == item.id
    assert line.pricing.price_details.price == monthly.id
    intent = client.v1.payment_intents.retrieve(invoice.payments.data[0].payment.payment_intent)
    assert intent.status == "succeeded"
    charge = client.v1.charges.retrieve(intent.latest_charge)
    assert charge.paid and charge.amount == 4000
    fee = client.v1.balance_transactions.retrieve(charge.balance_transaction)
    assert fee.net == 4000 - fee.fee
    assert client.v1.invoice_payments.list(params={"invoice": invoice.id}).data
    types = [event["type"] for event in reversed(double.events())]
    assert (
        types[-7:]
        == [
            "payment_intent.created",
            "charge.succeeded",
            "payment_intent.succeeded",
            "invoice.paid",
            "invoice.payment_succeeded",
            "customer.subscription.created",
        ][-7:]
        or "customer.subscription.created" in types
    )


def test_subscription_without_payment_method_is_incomplete(client, monthly):
    customer = client.v1.customers.create()
    subscription = client.v1.subscriptions.create(
        params={
            "customer": customer.id,
            "items": [{"price": monthly.id}],
            "expand": ["latest_invoice"],
        }
    )
    assert subscription.status == "incomplete"
    assert subscription.latest_invoice.status == "open"


def test_trial(client, monthly):
    customer = client.v1.customers.create()
    subscription = client.v1.subscriptions.create(
        params={
            "customer": customer.id,
            "items": [{"price": monthly.id}],
            "trial_period_days": 14,
            "expand": ["latest_invoice"],
        }
    )
    assert subscription.status == "trialing"
    assert subscription.trial_end - subscription.trial_start == 14 * 86400
    assert subscription.latest_invoice.amount_due == 0
    assert subscription.latest_invoice.status == "paid"


def test_update_cancel_at_period_end_items_and_cancel(client, double, monthly, paying_customer):
    subscription = client.v1.subscriptions.create(
        params={"customer": paying_customer.id, "items": [{"price": monthly.id}]}
    )
    item = subscription["items"].data[0]
    extra = client.v1.prices.create(
        params={
            "currency": "usd",
            "unit_amount": 500,
            "recurring": {"interval": "month"},
            "product_data": {"name": "Add-on"},
        }
    )
    updated = client.v1.subscriptions.update(
        subscription.id,
        params={
            "cancel_at_period_end": True,
            "items": [{"id": item.id, "quantity": 3}, {"price": extra.id}],
        },
    )
    assert updated.cancel_at == item.current_period_end
    assert [(i.price.id, i.quantity) for i in updated["items"].data] == [
        (monthly.id, 3),
        (extra.id, 1),
    ]
    event = double.events(type="customer.subscription.updated")[0]
    assert "items" in event["data"]["previous_attributes"]
    canceled = client.v1.subscriptions.cancel(subscription.id)
    assert canceled.status == "canceled" and canceled.ended_at == canceled.canceled_at
    assert double.events()[0]["type"] == "customer.subscription.deleted"


def test_resume_paused_subscription(client, double, monthly, paying_customer):
    subscription = client.v1.subscriptions.create(
        params={"customer": paying_customer.id, "items": [{"price": monthly.id}]}
    )
    paused = double.get(subscription.id)
    paused.update(status="paused", pause_collection={"behavior": "void", "resumes_at": None})
    double.put(paused)
    resumed = client.v1.subscriptions.resume(subscription.id)
    assert resumed.status == "active" and resumed.pause_collection is None


def test_invoice_lifecycle(client, double, paying_customer):
    invoice = client.v1.invoices.create(params={"customer": paying_customer.id})
    client.v1.invoice_items.create(
        params={
            "customer": paying_customer.id,
            "invoice": invoice.id,
            "amount": 700,
            "currency": "usd",
        }
    )
    finalized = client.v1.invoices.finalize_invoice(invoice.id)
    assert finalized.status == "open" and finalized.number.endswith("-0001")
    paid = client.v1.invoices.pay(invoice.id)
    assert paid.status == "paid" and paid.amount_remaining == 0
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.invoices.void_invoice(invoice.id)
    other = client.v1.invoices.create(params={"customer": paying_customer.id})
    assert client.v1.invoices.delete(other.id).deleted is True
    third = client.v1.invoices.create(params={"customer": paying_customer.id})
    client.v1.invoice_items.create(
        params={
            "customer": paying_customer.id,
            "invoice": third.id,
            "amount": 100,
            "currency": "usd",
        }
    )
    client.v1.invoices.finalize_invoice(third.id)
    assert client.v1.invoices.mark_uncollectible(third.id).status == "uncollectible"
    assert "invoice.marked_uncollectible" in [e["type"] for e in double.events()]


def test_upcoming_invoice_preview(client, monthly, paying_customer):
    subscription = client.v1.subscriptions.create(
        params={"customer": paying_customer.id, "items": [{"price": monthly.id}]}
    )
    preview = client.v1.invoices.create_preview(params={"customer": paying_customer.id})
    assert "id" not in preview.to_dict()
    assert preview.amount_due == 2000
    assert preview.lines.data[0].period.start == (subscription["items"].data[0].current_period_end)


def test_payment_intent_confirm_capture_cancel_and_decline(client, double):
    manual = client.v1.payment_intents.create(
        params={
            "amount": 5000,
            "currency": "usd",
            "payment_method": "pm_card_visa",
            "capture_method": "manual",
            "confirm": True,
        }
    )
    assert manual.status == "requires_capture"
    captured = client.v1.payment_intents.capture(manual.id, params={"amount_to_capture": 3000})
    assert captured.status == "succeeded" and captured.amount_received == 3000
    assert client.v1.charges.retrieve(captured.latest_charge).amount_captured == 3000
    pending = client.v1.payment_intents.create(params={"amount": 100, "currency": "usd"})
    assert client.v1.payment_intents.cancel(pending.id).status == "canceled"
    declining = client.v1.payment_intents.create(
        params={"amount": 100, "currency": "usd", "payment_method": "pm_card_chargeDeclined"}
    )
    with pytest.raises(stripe.CardError) as raised:
        client.v1.payment_intents.confirm(declining.id)
    assert raised.value.code == "card_declined"
    after = client.v1.payment_intents.retrieve(declining.id)
    assert after.status == "requires_payment_method"
    assert after.last_payment_error.code == "card_declined"
    assert {"charge.failed", "payment_intent.payment_failed"} <= {
        e["type"] for e in double.events()
    }


def test_refunds_update_the_charge(client, double):
    intent = client.v1.payment_intents.create(
        params={
            "amount": 1000,
            "currency": "usd",
            "payment_method": "pm_card_visa",
            "confirm": True,
        }
    )
    refund = client.v1.refunds.create(params={"payment_intent": intent.id, "amount": 400})
    assert refund.status == "succeeded" and refund.charge == intent.latest_charge
    charge = client.v1.charges.retrieve(intent.latest_charge)
    assert charge.amount_refunded == 400 and charge.refunded is False
    client.v1.refunds.create(params={"charge": charge.id})
    assert client.v1.charges.retrieve(charge.id).refunded is True
    refunds = client.v1.refunds.list(params={"charge": charge.id})
    assert [r.amount for r in refunds.data] == [600, 400]
    nested = client.deserialize(
        client.raw_request("get", f"/v1/charges/{charge.id}/refunds"), api_mode="V1"
    )
    assert [r.id for r in nested.data] == [r.id for r in refunds.data]
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.refunds.create(params={"charge": charge.id, "amount": 1})
    refunded = double.events(type="charge.refunded")[-1]
    assert refunded["data"]["previous_attributes"] == {"amount_refunded": 0, "refunded": False}


def test_setup_intent_attaches_payment_method(client):
    customer = client.v1.customers.create()
    method = client.v1.payment_methods.create(params={"type": "card"})
    intent = client.v1.setup_intents.create(
        params={"customer": customer.id, "payment_method": method.id}
    )
    assert client.v1.setup_intents.confirm(intent.id).status == "succeeded"
    assert client.v1.payment_methods.retrieve(method.id).customer == customer.id
    detached = client.v1.payment_methods.detach(method.id)
    assert detached.customer is None


def test_legacy_charge_customer_sources_tax_ids_and_balance(client):
    customer = client.v1.customers.create(params={"source": "tok_visa"})
    assert customer.default_source.startswith("card_")
    card = client.v1.customers.payment_sources.create(
        customer.id, params={"source": "tok_mastercard"}
    )
    sources = client.v1.customers.payment_sources.list(customer.id)
    assert {s.id for s in sources.data} == {customer.default_source, card.id}
    charge = client.v1.charges.create(
        params={"amount": 900, "currency": "usd", "customer": customer.id}
    )
    assert charge.paid and charge.payment_method == customer.default_source
    client.v1.customers.payment_sources.delete(customer.id, card.id)
    tax_id = client.v1.customers.tax_ids.create(
        customer.id, params={"type": "eu_vat", "value": "DE123456789"}
    )
    assert tax_id.customer == customer.id and tax_id.country == "DE"
    entry = client.v1.customers.balance_transactions.create(
        customer.id, params={"amount": -500, "currency": "usd"}
    )
    assert entry.ending_balance == -500
    assert client.v1.customers.retrieve(customer.id).balance == -500


def test_discount_deletion(client, double):
    customer = client.v1.customers.create()
    stored = double.get(customer.id)
    stored["discount"] = {
        "id": "di_1",
        "object": "discount",
        "customer": customer.id,
        "source": {"coupon": "Z4OV52SU", "type": "coupon"},
        "start": 1,
        "end": None,
    }
    double.put(stored)
    deleted = client.v1.customers.delete_discount(customer.id)
    assert deleted.deleted is True
    assert client.v1.customers.retrieve(customer.id).discount is None


def test_test_clock_and_entitlements(client):
    clock = client.v1.test_helpers.test_clocks.create(params={"frozen_time": 1_767_225_600})
    advanced = client.v1.test_helpers.test_clocks.advance(
        clock.id, params={"frozen_time": 1_767_312_000}
    )
    assert advanced.frozen_time == 1_767_312_000 and advanced.status == "ready"
    feature = client.v1.entitlements.features.create(params={"name": "SSO", "lookup_key": "sso"})
    price = client.v1.prices.create(
        params={
            "currency": "usd",
            "unit_amount": 0,
            "recurring": {"interval": "month"},
            "product_data": {"name": "Pro"},
        }
    )
    client.v1.products.features.create(price.product, params={"entitlement_feature": feature.id})
    customer = client.v1.customers.create()
    client.v1.subscriptions.create(params={"customer": customer.id, "items": [{"price": price.id}]})
    active = client.v1.entitlements.active_entitlements.list(params={"customer": customer.id})
    assert [entitlement.lookup_key for entitlement in active.data] == ["sso"]
