"""The summary counts what happened: an object counts as created once, by the write that
created its row, however many partitions (or other writers) carry it at the same time."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connections

from djstripe.sync import engine, registry
from djstripe.sync.report import Report
from djstripe.sync.resolve import Resolver
from djstripe.sync.source import Source

from .conftest import Accounts

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def busy(stripe_double: Any, key: str) -> Accounts:
    """An account whose balance transactions come on the charges' pages and on their own:
    with one worker per partition, two partitions write each of them at the same time."""
    stripe_double.generate_account(customers=150, seed=1)
    stripe_double.reset_counts()
    return Accounts(stripe_double, stripe_double.platform_id)


def _created(report: Report) -> dict[str, int]:
    created: dict[str, int] = {}
    for (model, _account), row in report.rows.items():
        created[model] = created.get(model, 0) + row.created
    return created


def test_created_equals_rows_with_many_workers(busy: Accounts, run: Callable[..., Report]) -> None:
    report = run(workers=12)
    assert report.status == "completed", report.errors
    counted = {}
    for name, created in _created(report).items():
        model = registry.model_by_name(name)
        if model is not None:
            counted[name] = (created, model._base_manager.count())
    assert counted["BalanceTransaction"][1] > 100
    assert {name: c for name, c in counted.items() if c[0] != c[1]} == {}


def _transactions(count: int) -> list[dict[str, Any]]:
    return [
        {
            "id": f"txn_race{i:04d}",
            "object": "balance_transaction",
            "amount": 100 + i,
            "currency": "usd",
            "created": 1_700_000_000 + i,
            "livemode": False,
            "type": "charge",
            "status": "available",
        }
        for i in range(count)
    ]


def test_two_writers_creating_the_same_rows_count_them_once(
    monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    """Both writers look the rows up before either writes (the window of the race); the
    one whose upsert finds the rows already there counts them as updated. (The writes
    themselves take turns, as SQLite needs: the race is in the lookup before them.)"""
    model = registry.model_by_name("BalanceTransaction")
    both_looked_up = threading.Barrier(2, timeout=20)
    one_writer = threading.Lock()
    look_up, write_plan = Resolver.run, engine.write

    def look_up_then_wait(self: Resolver) -> None:
        look_up(self)
        both_looked_up.wait()

    def write_in_turn(*args: Any, **kwargs: Any) -> Any:
        with one_writer:
            return write_plan(*args, **kwargs)

    monkeypatch.setattr(Resolver, "run", look_up_then_wait)
    monkeypatch.setattr(engine, "write", write_in_turn)
    objects = _transactions(30)
    outcomes: list[Any] = []
    failures: list[BaseException] = []

    def write(stamp: int) -> None:
        try:
            source = Source.api(stamp, owner_account=None, fetch_missing=False, api_key=key)
            result = engine.sync_page(model, objects, source=source, after_sync=False)
            outcomes.append(result.outcome)
        except BaseException as error:  # noqa: BLE001 - reported by the test thread
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(1_800_000_000,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    created = sum(o.created.get("BalanceTransaction", 0) for o in outcomes)
    updated = sum(o.updated.get("BalanceTransaction", 0) for o in outcomes)
    assert model._base_manager.count() == 30
    assert (created, updated) == (30, 30)
