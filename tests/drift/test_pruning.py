"""Pruning: a complete listing deletes the rows of its partition it did not return."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from typing import Any

import pytest

from djstripe.models import Customer, Invoice, LineItem, Price, Subscription, Tombstone
from djstripe.sync.progress import Progress
from djstripe.sync.report import Report

from .conftest import Accounts, Output

pytestmark = pytest.mark.django_db


def _gone_upstream(small: Accounts, object_name: str, index: int = 0) -> str:
    """Delete an object on the double without any event (as after 30 days)."""
    stripe_id = small.double.objects(object_name)[index]["id"]
    assert small.double.delete_object(stripe_id)
    return stripe_id


class _StopAfterFirstPage(Progress):
    """Asks the run to stop once a page of invoices is written (as Ctrl-C would)."""

    def __init__(self, stop: threading.Event) -> None:
        self.stop = stop

    def page(self, part: Any, objects: int) -> None:
        if part.model_name == "Invoice":
            self.stop.set()


def _later(small: Accounts) -> None:
    """Stripe's clock moves on between runs (a listing prunes only rows older than it)."""
    small.double.advance(3600)


def test_a_full_run_prunes_what_stripe_no_longer_has(
    small: Accounts, run: Callable[..., Report]
) -> None:
    run()
    invoice = next(i for i in small.double.objects("invoice") if i["lines"]["data"])
    assert small.double.delete_object(invoice["id"])
    customer = _gone_upstream(small, "customer", 3)
    subscription = _gone_upstream(small, "subscription")
    assert LineItem.objects.filter(invoice_id=invoice["id"]).exists()
    _later(small)
    report = run(full=True)
    assert report.status == "completed", report.errors
    # Hard deletion: the row and its children removed, a tombstone kept.
    assert not Invoice.objects.filter(id=invoice["id"]).exists()
    assert not LineItem.objects.filter(invoice_id=invoice["id"]).exists()
    assert Tombstone.objects.filter(stripe_id=invoice["id"]).exists()
    # Soft deletion (customers): kept, marked deleted.
    assert Customer.objects.get(id=customer).deleted is True
    # A subscription has no deleted state: removed, with a tombstone.
    assert not Subscription.objects.filter(id=subscription).exists()
    assert Tombstone.objects.filter(stripe_id=subscription).exists()
    pruned = {(p.model, p.account): p.ids for p in report.pruned}
    assert pruned[("Invoice", small.platform)] == (invoice["id"],)
    assert pruned[("Customer", small.platform)] == (customer,)
    assert pruned[("Subscription", small.platform)] == (subscription,)
    assert not report.pruned[0].dry_run


def test_dry_run_lists_what_it_would_prune_and_deletes_nothing(
    small: Accounts, run: Callable[..., Report], command: Callable[..., Output]
) -> None:
    run("Invoice")
    invoice = _gone_upstream(small, "invoice")
    _later(small)
    output = command("Invoice", "--full", "--dry-run")
    assert f"Would prune 1 Invoice on {small.platform} (test), gone from Stripe: {invoice}" in (
        output.out
    )
    assert Invoice.objects.filter(id=invoice).exists()
    assert not Tombstone.objects.filter(stripe_id=invoice).exists()
    output = command("Invoice", "--full")
    assert f"Pruned 1 Invoice on {small.platform} (test)" in output.out
    assert not Invoice.objects.filter(id=invoice).exists()


def test_no_prune_keeps_everything(small: Accounts, run: Callable[..., Report]) -> None:
    run("Invoice")
    invoice = _gone_upstream(small, "invoice")
    _later(small)
    report = run("Invoice", full=True, prune=False)
    assert report.pruned == []
    assert Invoice.objects.filter(id=invoice).exists()


def test_an_incremental_listing_never_prunes(small: Accounts, run: Callable[..., Report]) -> None:
    run("Invoice")
    invoice = _gone_upstream(small, "invoice")
    _later(small)
    report = run("Invoice")  # lists only what was created since the first run
    assert report.status == "completed", report.errors
    assert report.pruned == []
    assert Invoice.objects.filter(id=invoice).exists()


def test_a_failed_listing_never_prunes(small: Accounts, run: Callable[..., Report]) -> None:
    small.double.generate_account(customers=40, seed=5)  # over 100 invoices: two pages
    run("Invoice")
    invoice = _gone_upstream(small, "invoice")
    _later(small)
    # The second page fails for good: what the first page did not return is unknown.
    small.double.inject_fault(route="GET /v1/invoices", status=400, times=None, after=1)
    report = run("Invoice", full=True)
    assert report.status == "failed"
    assert report.pruned == []
    assert Invoice.objects.filter(id=invoice).exists()


def test_rows_newer_than_the_listing_are_not_pruned(
    small: Accounts, run: Callable[..., Report]
) -> None:
    run("Invoice")
    written_during, created_during = (
        _gone_upstream(small, "invoice", 0),
        _gone_upstream(small, "invoice", 1),
    )
    later = small.double.advance(3600)
    # A webhook wrote this row while the listing ran: its data is newer than the listing.
    Invoice.objects.filter(id=written_during).update(djstripe_stamp=later + 60)
    # This object was created after the listing began (then deleted before it ended).
    Invoice.objects.filter(id=created_during).update(
        created=datetime.datetime.fromtimestamp(later + 60, tz=datetime.UTC)
    )
    report = run("Invoice", full=True)
    assert report.pruned == []
    assert Invoice.objects.filter(id__in=[written_during, created_during]).count() == 2


def test_only_the_listed_account_and_mode_are_pruned(
    accounts: Accounts, run: Callable[..., Report]
) -> None:
    double = accounts.double
    connected = accounts.connected[0]
    run("Customer", api_keys=[double.api_key])
    gone = double.objects("customer", connected)[0]["id"]
    assert double.delete_object(gone, account=connected)
    # A live row of the same account: no test-mode listing may touch it.
    live = Customer.objects.filter(djstripe_owner_account_id=connected).exclude(id=gone).first()
    Customer.objects.filter(pk=live.pk).update(livemode=True, djstripe_livemode=True)
    # A row whose owner is unknown is not any partition's.
    Customer.objects.filter(djstripe_owner_account_id=accounts.platform).filter(
        pk=Customer.objects.filter(djstripe_owner_account_id=accounts.platform).first().pk
    ).update(djstripe_owner_account=None)
    double.advance(3600)
    report = run("Customer", api_keys=[double.api_key], full=True)
    assert report.status == "completed", report.errors
    assert [(p.model, p.account, p.ids) for p in report.pruned] == [
        ("Customer", connected, (gone,))
    ]
    assert Customer.objects.get(id=gone).deleted is True
    assert Customer.objects.get(pk=live.pk).deleted is not True
    assert Customer.objects.filter(djstripe_owner_account=None, deleted=False).count() == 1


def test_lists_that_do_not_hold_every_object_never_prune(
    small: Accounts, run: Callable[..., Report]
) -> None:
    # GET /v1/prices returns active prices only: an inactive price is not gone.
    run("Price")
    price = _gone_upstream(small, "price")
    _later(small)
    report = run("Price", full=True)
    assert report.pruned == []
    assert Price.objects.filter(id=price).exists()


def test_a_listing_cut_short_never_prunes_nor_does_its_resumed_end(
    small: Accounts, run: Callable[..., Report]
) -> None:
    small.double.generate_account(customers=40, seed=5)  # over 100 invoices: two pages
    run("Invoice")
    invoice = _gone_upstream(small, "invoice", -1)  # the oldest: on the last page
    _later(small)
    stop = threading.Event()
    stopped = run("Invoice", full=True, stop=stop, progress=_StopAfterFirstPage(stop))
    assert stopped.status == "interrupted"
    assert stopped.rows[("Invoice", small.platform)].listed == 100
    assert stopped.pruned == []
    resumed = run("Invoice", resume=True)
    assert resumed.status == "completed", resumed.errors
    # Its first pages were read by another process: the listing proves nothing.
    assert resumed.pruned == []
    assert Invoice.objects.filter(id=invoice).exists()
    _later(small)
    assert [p.ids for p in run("Invoice", full=True).pruned] == [(invoice,)]


def test_endpoints_stripe_does_not_list_are_never_pruned(
    small: Accounts, run: Callable[..., Report]
) -> None:
    """``/v1/webhook_endpoints`` lists neither event destinations nor stripe_listen's
    local endpoints: a complete listing of endpoints proves nothing about them."""
    from djstripe.models import WebhookEndpoint

    kept = ["ed_test_destination", "djstripe_whfwd_local"]
    for stripe_id in kept:
        WebhookEndpoint.sync_from_stripe_data(
            {"id": stripe_id, "object": "webhook_endpoint", "livemode": False, "url": ""}
        )
    _later(small)
    report = run("WebhookEndpoint", full=True)
    assert report.status == "completed", report.errors
    assert set(WebhookEndpoint.objects.filter(id__in=kept).values_list("id", flat=True)) == set(
        kept
    )
    assert not report.pruned
