"""Generated accounts: deterministic, realistic, served like any other objects."""

from __future__ import annotations

import pytest
import stripe

from djstripe.testing import StripeDouble, generate_account

NOW = 1_900_000_000  # 2030-03-17: any reference time will do


def test_same_seed_and_time_same_account_and_prefix_stability():
    small = generate_account(customers=30, seed=3, now=NOW)
    again = generate_account(customers=30, seed=3, now=NOW)
    larger = generate_account(customers=60, seed=3, now=NOW)
    assert small.objects == again.objects and small.events == again.events
    assert larger.objects["customer"][:30] == small.objects["customer"]
    assert (
        generate_account(customers=30, seed=4, now=NOW).objects["customer"]
        != small.objects["customer"]
    )


def test_times_are_relative_to_the_reference_time():
    """Generated today or in four years, the account looks the same: everything in the
    past, every subscription in its current period."""
    for now in (NOW, NOW + 4 * 365 * 86400 + 12345):
        account = generate_account(customers=40, seed=2, now=now)
        assert account.summary()["now"] == now
        everything = [o for objs in account.objects.values() for o in objs if "created" in o]
        assert max(o["created"] for o in everything) < now
        assert min(o["created"] for o in everything) > now - 200 * 86400
        assert max(e["created"] for e in account.events) < now
        for subscription in account.objects["subscription"]:
            for item in subscription["items"]["data"]:
                assert item["current_period_start"] < now < item["current_period_end"]
        paid = [i for i in account.objects["invoice"] if i["status"] == "paid"]
        assert max(i["status_transitions"]["paid_at"] for i in paid) < now
    moved = generate_account(customers=5, seed=2, now=NOW + 86400)
    first = generate_account(customers=5, seed=2, now=NOW)
    assert [c["id"] for c in moved.objects["customer"]] == [
        c["id"] for c in first.objects["customer"]
    ]
    assert [c["created"] - 86400 for c in moved.objects["customer"]] == [
        c["created"] for c in first.objects["customer"]
    ]


def test_the_double_generates_relative_to_its_clock():
    with StripeDouble() as double:
        double.set_time(NOW)
        summary = double.generate_account(customers=3, seed=1)
        assert summary["now"] == NOW
        (subscription, *_) = double.objects("subscription")
        item = subscription["items"]["data"][0]
        assert item["current_period_start"] < NOW < item["current_period_end"]


def test_shapes_and_counts_of_the_current_version():
    account = generate_account(customers=30, seed=1)
    counts = account.summary()["counts"]
    assert counts["customer"] == counts["subscription"] == counts["payment_method"] == 30
    assert 60 <= counts["invoice"] <= 120
    assert counts["payment_intent"] == counts["charge"] == counts["invoice_payment"]
    assert counts["balance_transaction"] == counts["charge"] + counts["refund"]
    customer = account.objects["customer"][0]
    assert len(customer["id"]) == len("cus_") + 14
    subscription = account.objects["subscription"][0]
    assert len(subscription["id"]) == len("sub_") + 24 and subscription["id"][4] == "1"
    assert "current_period_start" not in subscription
    item = subscription["items"]["data"][0]
    assert item["current_period_end"] > item["current_period_start"]
    assert customer["invoice_settings"]["default_payment_method"].startswith("pm_")
    line = account.objects["line_item"][0]
    assert line["parent"]["type"] in ("subscription_item_details", "invoice_item_details")
    assert line["pricing"]["price_details"]["price"].startswith("price_")
    assert "subscription" not in account.objects["invoice"][0]
    assert account.summary()["large_invoices"]  # customer 3 has an invoice of > 10 lines
    assert {event["type"] for event in account.events} >= {
        "customer.created",
        "invoice.paid",
        "charge.refunded",
        "customer.subscription.created",
    }


def test_old_shape():
    account = generate_account(customers=12, seed=1, api_version_shape="2020-08-27")
    subscription = account.objects["subscription"][0]
    assert subscription["current_period_end"] > subscription["current_period_start"]
    assert "current_period_end" not in subscription["items"]["data"][0]
    invoice = next(i for i in account.objects["invoice"] if i["status"] == "paid")
    assert invoice["subscription"] == subscription["id"] and invoice["charge"].startswith("ch_")
    assert invoice["payment_intent"].startswith("pi_") and "parent" not in invoice
    line = invoice["lines"]["data"][0]
    assert line["price"]["object"] == "price" and line["subscription_item"].startswith("si_")
    assert line["type"] == "subscription"
    charge = account.objects["charge"][0]
    assert charge["invoice"].startswith("in_") and charge["refunds"]["object"] == "list"
    assert "invoice_payment" not in account.objects
    assert account.events[0]["api_version"] == "2020-08-27"


def test_generated_account_is_served_and_pages_large_invoices():
    with StripeDouble() as double:
        summary = double.generate_account(customers=8, seed=2)
        assert summary["counts"]["customer"] == 8
        client = stripe.StripeClient("sk_test_x", base_addresses={"api": double.url})
        customers = list(client.v1.customers.list(params={"limit": 3}).auto_paging_iter())
        assert len(customers) == 8
        (large,) = summary["large_invoices"]
        invoice = client.v1.invoices.retrieve(large)
        assert invoice.lines.has_more is True
        assert len(list(invoice.lines.auto_paging_iter())) > 10
        paid = client.v1.invoice_payments.list(params={"invoice": large})
        assert paid.data[0].payment.payment_intent.startswith("pi_")
        assert double.events(type="invoice.*")


def test_rejects_unknown_shape():
    with pytest.raises(ValueError):
        generate_account(customers=1, api_version_shape="2019-01-01")
