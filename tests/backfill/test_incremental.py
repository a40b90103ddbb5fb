"""Later runs: only what was created since, changes from the Events API, --since, --full."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from djstripe import stripe_api
from djstripe.models import SyncCheckpoint
from djstripe.sync import partitions
from djstripe.sync.report import Report

from . import expect
from .conftest import SECOND_KEY, Accounts

pytestmark = pytest.mark.django_db


def test_a_second_run_changes_nothing_and_asks_only_what_it_must(
    accounts: Accounts, run: Callable[..., Report]
) -> None:
    keys = [accounts.double.api_key, SECOND_KEY]
    run(api_keys=keys)
    before = expect.snapshot()
    accounts.double.reset_counts()
    again = run(api_keys=keys)
    assert again.status == "completed"
    assert expect.snapshot() == before
    total = again.total()
    assert (total.created, total.updated) == (0, 0)
    counts = accounts.double.request_counts()
    # One (empty) page per model and account, the accounts once per key, events per account.
    assert expect.list_requests(counts) == len(partitions.listable_models()) * len(accounts.all)
    assert counts["GET /v1/events"] == len(accounts.all)
    assert counts["GET /v1/accounts"] == counts["GET /v1/account"] == 2


def test_only_objects_created_since_the_last_run_are_listed(
    small: Accounts, run: Callable[..., Report]
) -> None:
    run("Customer")
    fresh = stripe_api.create("/v1/customers", {"email": "new@example.com"})
    small.double.reset_counts()
    report = run("Customer")
    assert report.rows[("Customer", small.platform)].listed == 1
    assert report.rows[("Customer", small.platform)].created == 1
    assert expect.model("Customer").objects.get(id=fresh["id"]).email == "new@example.com"


def test_changes_since_the_last_run_come_from_events(
    small: Accounts, run: Callable[..., Report]
) -> None:
    run("Customer", "Subscription")
    customers = small.double.objects("customer")
    changed, deleted = customers[0]["id"], customers[1]["id"]
    small.double.advance(2)  # later on Stripe's clock: the event is newer than the listing
    stripe_api.update(f"/v1/customers/{changed}", {"email": "changed@example.com"})
    stripe_api.delete(f"/v1/customers/{deleted}")
    small.double.reset_counts()
    report = run("Customer", "Subscription")
    counts = small.double.request_counts()
    assert counts["GET /v1/events"] == 1
    assert "GET /v1/customers/{id}" not in counts, "the event carried the object"
    customer = expect.model("Customer")
    assert customer.objects.get(id=changed).email == "changed@example.com"
    assert customer.objects.get(id=deleted).deleted is True
    assert report.rows[("Customer", small.platform)].updated >= 1


def test_events_of_models_not_synced_are_left_alone(
    small: Accounts, run: Callable[..., Report]
) -> None:
    run("Customer")
    product = small.double.objects("product")[0]["id"]
    small.double.advance(2)
    stripe_api.update(f"/v1/products/{product}", {"name": "Renamed"})
    run("Customer")
    assert not expect.model("Product").objects.filter(name="Renamed").exists()


def test_since_lists_only_newer_objects(small: Accounts, run: Callable[..., Report]) -> None:
    customers = sorted(small.double.objects("customer"), key=lambda c: c["created"])
    cut = customers[7]["created"]
    report = run("Customer", since=cut)
    newer = {c["id"] for c in customers if c["created"] > cut}
    assert report.rows[("Customer", small.platform)].listed == len(newer) == 4
    # Objects changed after ``since`` come from their events (the listing skipped them).
    changed = {
        e["data"]["object"]["id"]
        for e in small.double.events("customer.*")
        if e["created"] > cut and e["data"]["object"]["object"] == "customer"
    }
    assert expect.mirrored_ids("Customer", small.platform) == newer | changed


def test_since_is_not_a_baseline_for_later_runs(
    small: Accounts, run: Callable[..., Report]
) -> None:
    customers = sorted(small.double.objects("customer"), key=lambda c: c["created"])
    run("Customer", since=customers[7]["created"])
    checkpoint = SyncCheckpoint.objects.get(model_name="Customer")
    assert checkpoint.baseline is False
    run("Customer")  # no baseline yet: a complete listing
    assert expect.mirrored_ids("Customer", small.platform) == {c["id"] for c in customers}


def test_full_lists_everything_again(small: Accounts, run: Callable[..., Report]) -> None:
    run("Customer")
    small.double.reset_counts()
    report = run("Customer", full=True)
    assert report.rows[("Customer", small.platform)].unchanged == 12
    assert small.double.request_counts()["GET /v1/customers"] == 1


def test_an_old_baseline_means_a_complete_listing(
    small: Accounts, run: Callable[..., Report]
) -> None:
    run("Customer")
    SyncCheckpoint.objects.update(started_stamp=int(time.time()) - 40 * 86400)
    report = run("Customer")
    assert report.rows[("Customer", small.platform)].listed == 12
    assert any("older than Stripe keeps events" in note for note in report.notes)


def test_runs_older_than_the_events_window_are_forgotten(
    small: Accounts, run: Callable[..., Report]
) -> None:
    from django.utils import timezone

    from djstripe.models import SyncRun

    first = run("Customer")
    SyncRun.objects.filter(pk=first.run_id).update(
        started=timezone.now() - timezone.timedelta(days=40)
    )
    second = run("Customer")
    assert list(SyncRun.objects.values_list("pk", flat=True)) == [second.run_id]
    assert not SyncCheckpoint.objects.filter(run_id=first.run_id).exists()
