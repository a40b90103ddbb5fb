"""The progress bar's figures (objects, rate, ETA) with a clock the test moves."""

from __future__ import annotations

import io
from typing import Any

from djstripe.sync.partitions import LIST, Partition, Scope
from djstripe.sync.progress import BarProgress, LineProgress
from djstripe.sync.report import Row


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _parts(count: int) -> list[Partition]:
    from djstripe.models import Customer, Invoice

    scope = Scope("sk_test_a1b2c3d4e5f6", "acct_1", False)
    models: list[Any] = [Customer, Invoice]
    return [Partition(LIST, models[i % 2], scope, f"acct_{i}") for i in range(count)]


def test_eta_from_the_sizes_of_earlier_runs() -> None:
    clock = Clock()
    bar = BarProgress(io.StringIO(), clock=clock)
    parts = _parts(2)
    bar.start(parts, {parts[0].key: 300, parts[1].key: 100})
    bar.partition_started(parts[0])
    clock.now += 10
    bar.page(parts[0], 100)
    line = bar.line()
    assert "25%" in line and "100 objects" in line and "10/s" in line
    assert "ETA 00:30" in line  # a quarter done in 10 s: 30 s to go
    assert "(0/2) Customer on acct_0" in line


def test_eta_from_partitions_when_sizes_are_unknown() -> None:
    clock = Clock()
    out = io.StringIO()
    bar = BarProgress(out, clock=clock)
    parts = _parts(4)
    bar.start(parts, {})
    clock.now += 60
    bar.partition_finished(parts[0], Row(listed=5))
    assert "ETA 03:00" in bar.line()  # a quarter of the partitions in a minute
    bar.finish(None)  # type: ignore[arg-type]
    assert out.getvalue().endswith("\r")  # the bar is wiped before the table


def test_plain_lines_follow_verbosity() -> None:
    out = io.StringIO()
    lines = LineProgress(out, verbosity=1)
    part = _parts(1)[0]
    lines.partition_started(part)
    lines.partition_started(part)  # the same model and key: announced once
    lines.page(part, 100)  # pages only at verbosity 3
    lines.partition_finished(part, Row(listed=3, created=2, unchanged=1, requests=1, seconds=0.2))
    assert out.getvalue().splitlines() == [
        "Syncing Customer for key sk_test_...e5f6:",
        "  Customer on acct_0: 3 listed, 2 created, 0 updated, 1 unchanged (1 requests, 0.2 s)",
    ]
    quiet = io.StringIO()
    LineProgress(quiet, verbosity=0).partition_started(part)
    assert quiet.getvalue() == ""
