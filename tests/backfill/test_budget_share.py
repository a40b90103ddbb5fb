"""The request budget of a run split between its worker processes and task workers, and
none by default against an API on this machine."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from djstripe import stripe_api
from djstripe.models import SyncRun
from djstripe.stripe_api import budget
from djstripe.sync import backfill_tasks, processes
from djstripe.sync.backfill import run_rate

from .conftest import Accounts


def test_each_worker_takes_its_share() -> None:
    assert budget.share(50, 4) == 12.5
    assert budget.share(25, 1) == 25
    assert budget.share(None, 4) is None  # no limit stays no limit
    assert budget.share(0, 4) is None


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("http://127.0.0.1:12111", True),
        ("http://localhost:8420", True),
        ("http://api.localhost", True),
        ("http://[::1]:9", True),
        ("https://api.stripe.com", False),
        ("https://127.0.0.1.example.com", False),
        ("http://10.0.0.5", False),
    ],
)
def test_only_this_machine_is_local(host: str, local: bool) -> None:
    assert budget.is_local_api(host) is local


def test_the_run_budget_stays_at_stripes_limits_unless_local(settings: Any) -> None:
    settings.STRIPE_API_HOST = "https://api.stripe.com"
    assert run_rate(None, [True]) == 50
    assert run_rate(None, [False]) == 12
    settings.STRIPE_API_HOST = "http://127.0.0.1:12111"
    assert run_rate(None, [False]) is None
    assert run_rate(8, [False]) == 8


class Limits:
    """Records the budget each ``stripe_api.limit`` block applies."""

    def __init__(self, monkeypatch: Any, module: Any) -> None:
        self.rates: list[float | None] = []
        original = stripe_api.limit

        def limit(rate: float | None) -> Any:
            self.rates.append(rate)
            return original(rate)

        monkeypatch.setattr(module.stripe_api, "limit", limit)


@pytest.mark.django_db
def test_task_workers_share_the_run_budget(
    small: Accounts, settings: Any, monkeypatch: Any
) -> None:
    limits = Limits(monkeypatch, backfill_tasks)
    run = backfill_tasks.enqueue_backfill(["Customer"], rate=20, workers=4)
    assert run.status == SyncRun.Status.COMPLETED
    assert limits.rates and set(limits.rates) == {5.0}


@pytest.mark.django_db
def test_task_workers_are_not_throttled_against_a_local_api(
    small: Accounts, monkeypatch: Any
) -> None:
    limits = Limits(monkeypatch, backfill_tasks)
    run = backfill_tasks.enqueue_backfill(["Customer"], workers=2)
    assert run.status == SyncRun.Status.COMPLETED
    assert limits.rates and set(limits.rates) == {None}


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="worker processes run on PostgreSQL and MySQL"
)
def test_worker_processes_share_the_run_budget(
    small: Accounts, run: Callable[..., Any], monkeypatch: Any, tmp_path: Any
) -> None:
    seen = tmp_path / "rates"
    original = stripe_api.limit

    def limit(rate: float | None) -> Any:
        with seen.open("a") as out:  # written by the worker processes too
            out.write(f"{rate}\n")
        return original(rate)

    monkeypatch.setattr(processes.stripe_api, "limit", limit)
    report = run("Customer", "Invoice", rate=30, workers=3)
    assert report.status == "completed", report.errors
    assert set(seen.read_text().split()) == {"30", "10.0"}  # the run's; each worker's
