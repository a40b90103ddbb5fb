"""The drift check: compare the mirror with Stripe over real HTTP, report, repair."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from djstripe.models import Customer, Invoice, Tombstone
from djstripe.sync.drift import check_drift
from djstripe.sync.drift_report import Threshold
from djstripe.sync.report import Report

from .conftest import Accounts

pytestmark = pytest.mark.django_db


def _drift(*args: str) -> tuple[str, bool]:
    """``manage.py djstripe_check_drift``: (its output, whether it exited non-zero)."""
    out = io.StringIO()
    try:
        call_command("djstripe_check_drift", *args, "--rate", "0", stdout=out)
    except CommandError as error:
        return out.getvalue() + f"CommandError: {error}\n", True
    return out.getvalue(), False


def inject(small: Accounts) -> dict[str, Any]:
    """Drift of every kind: a row deleted, a row older than Stripe, an object deleted
    upstream without any event."""
    double = small.double
    customers = double.objects("customer")
    missing, stale, extra = customers[0]["id"], customers[1]["id"], customers[2]["id"]
    Customer.objects.filter(id=missing).delete()
    double.advance(60)
    changed = {**customers[1], "email": "changed-upstream@example.com"}
    double.put(changed)  # no event: the mirror never heard of it
    assert double.delete_object(extra)
    invoice = double.objects("invoice")[0]["id"]
    assert double.delete_object(invoice)
    for item in double.objects("invoiceitem"):  # gone with their invoice
        if item.get("invoice") == invoice:
            assert double.delete_object(item["id"])
    double.advance(60)
    return {"missing": missing, "stale": stale, "extra": extra, "invoice": invoice}


def test_a_faithful_mirror_shows_no_drift(small: Accounts, run: Callable[..., Report]) -> None:
    run()
    small.double.advance(60)
    small.double.reset_counts()
    report = check_drift(sample=None, rate=0)
    assert report.errors == []
    assert report.drift == 0, report.text()
    assert report.compared > 0
    customers = next(p for p in report.partitions if p.model == "Customer")
    assert customers.listed == customers.mirrored == 12
    # Reads only: no write, one list request per 100 objects (and the accounts).
    counts = small.double.request_counts()
    assert all(route.startswith("GET ") for route in counts), counts
    assert counts["GET /v1/customers"] == 1


def test_injected_drift_is_reported_then_repaired(
    small: Accounts, run: Callable[..., Report]
) -> None:
    run()
    drift = inject(small)
    before, failed = _drift("--all")
    assert failed
    customers = check_drift(["Customer"], sample=None, rate=0).partitions[0]
    assert customers.missing == [drift["missing"]]
    assert customers.stale == [drift["stale"]]
    assert customers.extra == [drift["extra"]]
    invoices = check_drift(["Invoice"], sample=None, rate=0).partitions[0]
    assert invoices.extra == [drift["invoice"]]
    for stripe_id in drift.values():
        assert stripe_id in before
    repaired, failed = _drift("--all", "--repair")
    assert failed, "the drift found before the repair still fails the check"
    assert Customer.objects.get(id=drift["missing"]).deleted is not True
    assert Customer.objects.get(id=drift["stale"]).email == "changed-upstream@example.com"
    assert Customer.objects.get(id=drift["extra"]).deleted is True
    assert not Invoice.objects.filter(id=drift["invoice"]).exists()
    assert Tombstone.objects.filter(stripe_id=drift["invoice"]).exists()
    small.double.advance(60)
    after, failed = _drift("--all")
    assert not failed, after
    assert "0 of " in after


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_sample_reads_one_page_per_hundred_objects_and_finds_no_false_drift(
    small: Accounts, run: Callable[..., Report], seed: int
) -> None:
    small.double.generate_account(customers=150, seed=7)  # 162 customers, ~450 invoices
    run("Customer", "Invoice")
    small.double.advance(60)
    small.double.reset_counts()
    report = check_drift(["Customer", "Invoice"], sample=300, seed=seed, rate=0)
    assert report.drift == 0, report.text()
    counts = small.double.request_counts()
    assert counts["GET /v1/customers"] == counts["GET /v1/invoices"] == 3
    invoices = next(p for p in report.partitions if p.model == "Invoice")
    assert invoices.listed is None  # a sample does not count Stripe's objects
    assert 200 < invoices.compared <= 300


def test_a_sample_finds_drift_in_the_stretch_it_reads(
    small: Accounts, run: Callable[..., Report]
) -> None:
    small.double.generate_account(customers=150, seed=7)
    run("Customer")
    double = small.double
    newest = double.objects("customer")[:3]
    Customer.objects.filter(id=newest[0]["id"]).delete()
    double.advance(60)
    double.put({**newest[1], "name": "Renamed upstream"})
    assert double.delete_object(newest[2]["id"])
    double.advance(60)
    report = check_drift(["Customer"], sample=100, rate=0)
    (customers,) = report.partitions
    assert (customers.missing, customers.stale, customers.extra) == (
        [newest[0]["id"]],
        [newest[1]["id"]],
        [newest[2]["id"]],
    )
    assert report.exceeds(Threshold.parse("2"))
    assert not report.exceeds(Threshold.parse("3"))
    assert report.exceeds(Threshold.parse("1%"))  # 3 of 100
    assert not report.exceeds(Threshold.parse("5%"))


def test_a_check_writes_nothing(small: Accounts, run: Callable[..., Report]) -> None:
    run("Customer")
    drift = inject(small)
    before = list(Customer.objects.order_by("id").values_list("id", "djstripe_updated"))
    tombstones = Tombstone.objects.count()
    check_drift(["Customer"], sample=None, rate=0)
    assert list(Customer.objects.order_by("id").values_list("id", "djstripe_updated")) == before
    assert Tombstone.objects.count() == tombstones
    assert not Customer.objects.filter(id=drift["missing"]).exists()


def test_bad_arguments_are_refused_with_a_clear_message() -> None:
    with pytest.raises(ValueError, match="not a threshold"):
        Threshold.parse("lots")
    with pytest.raises(ValueError, match="sample=0"):
        check_drift(sample=0)
    with pytest.raises(CommandError, match="Unknown model 'Nope'"):
        call_command("djstripe_check_drift", "Nope")


def test_sampled_pages_reach_back_to_old_objects(
    small: Accounts, run: Callable[..., Report]
) -> None:
    small.double.generate_account(customers=150, seed=7)
    run("Customer")
    double = small.double
    oldest, old = double.objects("customer")[-1], double.objects("customer")[-40]
    assert double.delete_object(oldest["id"])
    double.advance(60)
    double.put({**old, "name": "Renamed long after"})
    double.advance(60)
    # A sample larger than the account: a page ends at every mirrored row's ``created``.
    report = check_drift(["Customer"], sample=10_000, seed=3, rate=0)
    (customers,) = report.partitions
    assert customers.extra == [oldest["id"]]
    assert customers.stale == [old["id"]]
    assert customers.missing == []


def test_connected_accounts_are_checked_each_on_its_own(
    accounts: Accounts, run: Callable[..., Report]
) -> None:
    double = accounts.double
    run("Customer", api_keys=[double.api_key])
    connected = accounts.connected[1]
    gone = double.objects("customer", connected)[0]["id"]
    assert double.delete_object(gone, account=connected)
    double.advance(60)
    report = check_drift(["Customer"], [double.api_key], sample=None, rate=0)
    by_account = {p.account: p for p in report.partitions}
    assert set(by_account) == {accounts.platform, *accounts.connected}
    assert by_account[connected].extra == [gone]
    assert report.drift == 1
    assert by_account[accounts.platform].listed == 30
    report = check_drift(["Customer"], [double.api_key], sample=None, repair=True, rate=0)
    assert report.repair is not None and report.repair.deleted == 1
    assert Customer.objects.get(id=gone).deleted is True
    assert check_drift(["Customer"], [double.api_key], sample=None, rate=0).drift == 0
