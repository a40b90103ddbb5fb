"""A complete backfill: two keys, two connected accounts; exact rows, values, links, requests."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from djstripe.models import Account, APIKey, SyncCheckpoint, SyncPendingLink, SyncRun
from djstripe.sync import partitions
from djstripe.sync.report import Report

from . import expect
from .conftest import SECOND_KEY, Accounts

pytestmark = pytest.mark.django_db


def _second_key_in_database() -> None:
    APIKey.objects.create(secret=SECOND_KEY, livemode=False)


def test_every_object_of_every_account_is_mirrored(
    accounts: Accounts, run: Callable[..., Report]
) -> None:
    _second_key_in_database()
    report = run()
    assert report.status == "completed", report.errors
    for account in accounts.all:
        expect.assert_mirrors(accounts.double, account)
    expect.assert_linked()
    assert not SyncPendingLink.objects.exists()


def test_accounts_are_mirrored_with_their_platform(
    accounts: Accounts, run: Callable[..., Report]
) -> None:
    _second_key_in_database()
    run("Account")
    owners = dict(Account.objects.values_list("id", "djstripe_owner_account_id"))
    assert owners == {
        accounts.platform: None,
        accounts.connected[0]: accounts.platform,
        accounts.connected[1]: accounts.platform,
        accounts.second_platform: None,
    }
    assert Account.objects.get(id=accounts.connected[0]).email == "first@example.com"


def test_each_list_is_read_once_in_pages_of_one_hundred(
    accounts: Accounts, run: Callable[..., Report]
) -> None:
    _second_key_in_database()
    double = accounts.double
    run()
    counts = double.request_counts()
    # Connected accounts are listed once per key, not once per model.
    assert counts["GET /v1/accounts"] == 2
    assert counts["GET /v1/account"] == 2
    listable = partitions.listable_models()
    invoices = sum(len(double.objects("invoice", a)) for a in accounts.all)
    pages = sum(max(1, math.ceil(len(double.objects("invoice", a)) / 100)) for a in accounts.all)
    assert counts["GET /v1/invoices"] == pages < invoices
    assert counts["GET /v1/customers"] == len(accounts.all)
    # Lines past the ten an invoice embeds: one request per long invoice, none otherwise.
    long_invoices = sum(
        1 for a in accounts.all for i in double.objects("invoice", a) if i["lines"]["has_more"]
    )
    assert counts.get("GET /v1/invoices/{id}/lines", 0) == long_invoices
    per_object = {
        route: n for route, n in counts.items() if "{id}" in route and route not in _nested_routes()
    }
    assert per_object == {}, "no object is retrieved on its own: its page held it"
    expected = len(listable) * len(accounts.all) + long_invoices + _nested_requests(accounts)
    assert expect.list_requests(counts) == expected


def _nested_routes() -> set[str]:
    routes = {"GET /v1/invoices/{id}/lines"}
    for nested in partitions.select(None).nested:
        routes.add("GET " + nested.spec.nested_path.split("?")[0].replace("{id}", "{id}"))
    return routes


def _nested_requests(accounts: Accounts) -> int:
    """Lists read per parent that the parent declares (product features: one per product)."""
    total = 0
    for nested in partitions.select(None).nested:
        parent = nested.parent.stripe_object
        total += sum(len(accounts.double.objects(parent, a)) for a in accounts.all)
    return total


def test_payment_methods_come_with_their_customers(
    small: Accounts, run: Callable[..., Report]
) -> None:
    report = run("Customer")
    counts = small.double.request_counts()
    assert counts["GET /v1/customers"] == 1
    assert "GET /v1/customers/{id}/payment_methods" not in counts
    assert "GET /v1/payment_methods/{id}" not in counts
    customers = expect.model("Customer").objects.filter(default_payment_method__isnull=False)
    assert customers.count() == 12
    assert report.rows[("PaymentMethod", small.platform)].created == 12


def test_every_payment_method_when_asked(small: Accounts, run: Callable[..., Report]) -> None:
    extra = dict(small.double.objects("payment_method")[0], id="pm_second0card")
    small.double.put(extra)
    run("Customer", nested_lists=True)
    counts = small.double.request_counts()
    assert counts["GET /v1/customers/{id}/payment_methods"] == 12  # one per customer
    assert expect.mirrored_ids("PaymentMethod", small.platform) == {
        pm["id"] for pm in small.double.objects("payment_method")
    }


def test_naming_a_child_model_lists_its_parents(
    small: Accounts, run: Callable[..., Report]
) -> None:
    report = run("LineItem")
    partitions_run = SyncCheckpoint.objects.filter(run_id=report.run_id, kind="list")
    assert list(partitions_run.values_list("model_name", flat=True)) == ["Invoice"]
    assert small.double.request_counts()["GET /v1/invoices"] == 1
    assert expect.mirrored_ids("LineItem", small.platform) == {
        line["id"] for line in small.double.objects("line_item")
    }


def test_references_to_models_not_synced_are_read_from_their_list(
    small: Accounts, run: Callable[..., Report]
) -> None:
    report = run("Subscription")
    counts = small.double.request_counts()
    customers = {s["customer"] for s in small.double.objects("subscription")}
    assert counts["GET /v1/customers"] == 1, "one page held every referenced customer"
    assert "GET /v1/customers/{id}" not in counts
    linked = expect.model("Subscription").objects.values_list("customer_id", flat=True)
    assert set(linked) == customers
    assert report.status == "completed"


def test_a_few_missing_references_are_retrieved(
    small: Accounts, run: Callable[..., Report]
) -> None:
    subscription = small.double.objects("subscription")[0]  # the newest
    for event in small.double.events():
        small.double.delete_object(event["id"])
    run("Subscription", since=subscription["created"] - 1)
    counts = small.double.request_counts()
    assert counts.get("GET /v1/customers/{id}") == 1, "one object: retrieved, not listed"
    assert "GET /v1/customers" not in counts
    row = expect.model("Subscription").objects.get(id=subscription["id"])
    assert row.customer_id == subscription["customer"]


def test_run_and_checkpoints_are_recorded(small: Accounts, run: Callable[..., Report]) -> None:
    report = run("Customer", "Invoice")
    sync_run = SyncRun.objects.get(pk=report.run_id)
    assert sync_run.status == "completed"
    assert sync_run.model_names == ["Customer", "Invoice"]
    done = SyncCheckpoint.objects.filter(run=sync_run, kind="list")
    assert {(c.model_name, c.status) for c in done} == {
        ("Customer", "done"),
        ("Invoice", "done"),
    }
    invoices = done.get(model_name="Invoice")
    assert invoices.listed == len(small.double.objects("invoice"))
    assert invoices.pages == 1 and invoices.started_stamp


def test_report_counts_objects_per_model(small: Accounts, run: Callable[..., Report]) -> None:
    report = run("Invoice")
    invoices = len(small.double.objects("invoice"))
    row = report.rows[("Invoice", small.platform)]
    assert (row.listed, row.created, row.updated, row.unchanged) == (invoices, invoices, 0, 0)
    assert row.requests == 1 + sum(
        1 for i in small.double.objects("invoice") if i["lines"]["has_more"]
    )
    lines = report.rows[("LineItem", small.platform)]
    assert lines.created == len(small.double.objects("line_item"))
    assert report.requests == sum(small.double.request_counts().values())


def test_links_the_current_api_shape_only_shows_elsewhere(
    small: Accounts, run: Callable[..., Report]
) -> None:
    """Invoice.payment_intent/charge come from invoice payments, Charge.invoice from the
    invoice: filled once every table is (not per page, while charges were not listed yet)."""
    run()
    double = small.double
    paid_by = {
        p["invoice"]: p["payment"]["payment_intent"] for p in double.objects("invoice_payment")
    }
    charge_of = {c["payment_intent"]: c["id"] for c in double.objects("charge")}
    invoices = expect.model("Invoice").objects.values_list("id", "payment_intent_id", "charge_id")
    for invoice_id, intent, charge in invoices:
        assert intent == paid_by.get(invoice_id), invoice_id
        assert charge == charge_of.get(paid_by.get(invoice_id)), invoice_id
    charges = dict(expect.model("Charge").objects.values_list("id", "invoice_id"))
    for invoice_id, intent in paid_by.items():
        assert charges[charge_of[intent]] == invoice_id
    lines = expect.model("LineItem").objects.values_list(
        "id", "subscription_item_id", "invoice_item_id"
    )
    sources = {line["id"]: line for line in double.objects("line_item")}
    for line_id, item, invoice_item in lines:
        parent = sources[line_id].get("parent") or {}
        details = parent.get("subscription_item_details") or {}
        assert item == details.get("subscription_item"), line_id
        assert invoice_item == (parent.get("invoice_item_details") or {}).get("invoice_item"), (
            line_id
        )
