"""Faults: 429 and 5xx retried under the policy (no real sleeping), failures reported."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management.base import CommandError
from django.db import connection

from djstripe import stripe_api
from djstripe.stripe_api import budget
from djstripe.sync import backfill as backfill_module
from djstripe.sync.progress import Progress
from djstripe.sync.report import Report

from . import expect
from .conftest import Accounts, Output, Sleeps

pytestmark = pytest.mark.django_db


def test_ten_percent_of_requests_failing_still_ends_exact(
    accounts: Accounts, run: Callable[..., Report], sleeps: Sleeps
) -> None:
    double = accounts.double
    double.inject_fault(route="*", status=429, probability=0.05, seed=11, times=None)
    double.inject_fault(route="*", status=500, probability=0.05, seed=12, times=None)
    report = run(api_keys=[double.api_key])
    statuses = double.status_counts()
    assert statuses.get("429", statuses.get(429, 0)) > 0
    assert statuses.get("500", statuses.get(500, 0)) > 0
    assert report.status == "completed", report.errors
    for account in (accounts.platform, *accounts.connected):
        expect.assert_mirrors(double, account)
    expect.assert_linked()
    assert len(sleeps.calls) >= 2, "every retry waited (here: recorded, not slept)"


def test_retry_after_is_honoured(
    small: Accounts, run: Callable[..., Report], sleeps: Sleeps
) -> None:
    small.double.inject_fault(route="GET /v1/customers", status=429, retry_after=7, times=2)
    report = run("Customer")
    assert report.status == "completed"
    assert sleeps.calls == [7.0, 7.0]
    assert small.double.request_counts()["GET /v1/customers"] == 3


def test_back_off_grows_without_retry_after(
    small: Accounts, run: Callable[..., Report], sleeps: Sleeps
) -> None:
    small.double.inject_fault(route="GET /v1/customers", status=503, times=3)
    run("Customer")
    assert len(sleeps.calls) == 3
    policy = stripe_api.DEFAULT_POLICY
    for attempt, waited in enumerate(sleeps.calls):
        ceiling = min(policy.max_delay, policy.base_delay * 2**attempt)
        assert ceiling / 2 <= waited <= ceiling


def test_stripe_should_retry_false_is_not_retried(
    small: Accounts, run: Callable[..., Report], sleeps: Sleeps
) -> None:
    small.double.inject_fault(route="GET /v1/customers", status=500, should_retry=False)
    report = run("Customer", "Product")
    assert sleeps.calls == []
    assert report.status == "failed"
    assert small.double.request_counts()["GET /v1/customers"] == 1
    assert expect.mirrored_ids("Product", small.platform)  # the other partitions went on


def test_a_request_that_keeps_failing_is_reported_with_where_and_request_id(
    small: Accounts, run: Callable[..., Report], sleeps: Sleeps
) -> None:
    small.double.inject_fault(route="GET /v1/invoices", status=500, times=None)
    report = run("Invoice", "Customer")
    assert report.status == "failed"
    (error,) = report.errors
    assert (error.model, error.account) == ("Invoice", small.platform)
    assert error.request_id and error.request_id.startswith("req_")
    assert error.request_id in str(error)
    assert len(sleeps.calls) == stripe_api.DEFAULT_POLICY.max_retries
    assert report.rows[("Invoice", small.platform)].failed == 1
    assert expect.mirrored_ids("Customer", small.platform)


def test_command_exit_status_follows_fail_on_error(
    small: Accounts, command: Callable[..., Output], sleeps: Any
) -> None:
    small.double.inject_fault(route="GET /v1/invoices", status=500, times=None, should_retry=False)
    with pytest.raises(CommandError, match="1 failure"):
        command("Invoice", "--fail-on-error")
    output = command("Invoice", "--no-fail-on-error")
    assert "Listing Invoice failed" in output.err
    assert "request_id=req_" in output.err


# ---- the request budget ----


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["sk_test_a1b2c3d4e5f6"], 12),
        (["sk_live_a1b2c3d4e5f6"], 50),
        (["sk_live_a1b2c3d4e5f6", "sk_test_a1b2c3d4e5f6"], 12),
    ],
)
def test_default_budget_is_half_of_stripes_limit(settings: Any, keys: list, expected: int) -> None:
    settings.STRIPE_API_HOST = "https://api.stripe.com"
    assert backfill_module._rate(None, keys) == expected
    assert backfill_module._rate(5, keys) == 5
    assert backfill_module._rate(0, keys) is None  # --rate 0: no limit


def test_no_default_budget_against_an_api_on_this_machine(settings: Any) -> None:
    for host in ("http://127.0.0.1:12111", "http://localhost:8420", "http://[::1]:9"):
        settings.STRIPE_API_HOST = host
        assert backfill_module._rate(None, ["sk_test_a1b2c3d4e5f6"]) is None
    assert backfill_module._rate(7, ["sk_test_a1b2c3d4e5f6"]) == 7


class BudgetSeen(Progress):
    """Records the request budget in force wherever a page is written."""

    def __init__(self) -> None:
        self.seen: set[tuple[int, float]] = set()
        self.threads: set[str] = set()

    def page(self, part: Any, objects: int) -> None:
        current = budget.current()
        assert current is not None
        self.seen.add((id(current), current.rate))
        self.threads.add(threading.current_thread().name)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="worker threads run on SQLite; processes split the budget (test_budget_share)",
)
def test_one_budget_is_shared_by_every_worker_thread(
    accounts: Accounts, run: Callable[..., Report]
) -> None:
    seen = BudgetSeen()
    report = run(api_keys=[accounts.double.api_key], workers=3, rate=1000, progress=seen)
    assert report.status == "completed"
    assert len(seen.threads) > 1, "pages were written by several workers"
    assert len(seen.seen) == 1 and next(iter(seen.seen))[1] == 1000
