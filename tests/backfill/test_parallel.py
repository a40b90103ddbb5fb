"""Partitions in parallel: workers (threads on SQLite, processes elsewhere), or tasks on a
tasks backend."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from djstripe.models import SyncCheckpoint, SyncRun
from djstripe.sync.backfill_tasks import enqueue_backfill, sync_partition
from djstripe.sync.report import Report

from . import expect
from .conftest import SECOND_KEY, Accounts


@pytest.mark.django_db(transaction=True)
def test_workers_end_exact(accounts: Accounts, run: Callable[..., Report]) -> None:
    report = run(api_keys=[accounts.double.api_key, SECOND_KEY], workers=3, ranges=0)
    assert report.status == "completed", report.errors
    for account in accounts.all:
        expect.assert_mirrors(accounts.double, account)
    expect.assert_linked()
    counts = accounts.double.request_counts()
    assert counts["GET /v1/customers"] == len(accounts.all), "each list read once"


@pytest.mark.django_db
def test_every_partition_as_a_task(accounts: Accounts, settings: object) -> None:
    settings.STRIPE_TEST_SECRET_KEY = accounts.double.api_key  # type: ignore[attr-defined]
    from djstripe.models import APIKey

    APIKey.objects.create(secret=SECOND_KEY, livemode=False)
    run = enqueue_backfill()
    assert run.status == SyncRun.Status.COMPLETED
    assert not SyncCheckpoint.objects.filter(run=run).exclude(status="done").exists()
    for account in accounts.all:
        expect.assert_mirrors(accounts.double, account)
    expect.assert_linked()
    assert accounts.double.request_counts()["GET /v1/customers"] == len(accounts.all)


@pytest.mark.django_db
def test_a_partition_task_queued_twice_runs_once(small: Accounts) -> None:
    run = enqueue_backfill(["Customer"])
    checkpoint = SyncCheckpoint.objects.get(run=run, model_name="Customer")
    result = sync_partition.call(  # type: ignore[attr-defined]
        run.pk, "list", "Customer", checkpoint.account, False
    )
    assert result == {"status": "skipped"}
    assert small.double.request_counts()["GET /v1/customers"] == 1
