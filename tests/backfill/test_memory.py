"""Memory a backfill holds between pages: SQLite's prepared statements stay bounded."""

from __future__ import annotations

import platform
import sys
import tracemalloc
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection

from djstripe.sync import pruning, statements
from djstripe.sync.partitions import LIST, Partition
from djstripe.sync.progress import Progress
from djstripe.sync.report import Report
from djstripe.sync.seen import SeenIds

from .conftest import Accounts

pytestmark = pytest.mark.django_db(transaction=True)

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="prepared statements are SQLite's (client side)"
)


def _prepared() -> int:
    connection.ensure_connection()
    cache = statements.statement_cache(connection.connection)
    assert cache is not None, "the sqlite3 connection's statement cache was not found"
    return int(cache.cache_info().currsize)


class Watch(Progress):
    """Records how many statements the connection holds prepared at each page."""

    def __init__(self) -> None:
        self.seen: list[int] = []

    def page(self, part: Partition, objects: int) -> None:
        self.seen.append(_prepared())


@sqlite_only
def test_trim_drops_prepared_statements_past_the_limit() -> None:
    with connection.cursor() as cursor:
        for number in range(statements.KEPT + 5):
            cursor.execute(f"SELECT {number}")  # noqa: S608 - distinct texts on purpose
    assert _prepared() > statements.KEPT
    assert statements.trim(connection.alias) is True
    assert _prepared() == 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert statements.trim(connection.alias) is False  # few: kept for reuse
    assert _prepared() == 1


@pytest.mark.skipif(
    sys.platform != "linux" or platform.libc_ver()[0] != "glibc", reason="glibc's call"
)
def test_trim_can_hand_freed_memory_back_on_glibc() -> None:
    """The freed statements' pages go back to the system: glibc's call is found (a name
    mistyped would silently keep them)."""
    release = statements._malloc_trim()
    assert release is not None
    assert release(0) in (0, 1)


@pytest.mark.skipif(connection.vendor == "sqlite", reason="the other databases")
def test_trim_leaves_other_databases_alone() -> None:
    assert statements.trim(connection.alias) is False


@pytest.fixture
def busy(stripe_double: Any, key: str) -> Accounts:
    stripe_double.generate_account(customers=150, seed=1)
    return Accounts(stripe_double, stripe_double.platform_id)


@sqlite_only
def test_backfill_keeps_few_statements_prepared(busy: Accounts, run: Callable[..., Report]) -> None:
    """Pages of children give a new statement text almost every page; without trimming,
    the connection kept 128 of them prepared (35-50 MB in the 2,000-customer benchmark)."""
    watch = Watch()
    report = run(progress=watch)
    assert report.status == "completed", report.errors
    assert len(watch.seen) > 20
    # Counted before each page's trim (the first page's count holds what the test's setup
    # prepared): at most a page's own statements over the limit.
    assert max(watch.seen[1:]) <= statements.KEPT + 30, watch.seen


def _listed_ids(count: int) -> list[str]:
    return [f"in_1{number:023x}" for number in range(count)]


def test_ids_a_listing_returned_cost_bytes_not_a_set() -> None:
    """Pruning's record of the listed ids held about 100 bytes per id (a set of strings):
    6 MB for 60,000 invoices, 100 MB per million."""
    part = SimpleNamespace(kind=LIST, model=SimpleNamespace(list_holds_all=True))
    checkpoint = SimpleNamespace(cursor="")
    ids = _listed_ids(100_000)
    tracemalloc.start()
    try:
        seen = pruning.tracker(part, checkpoint, pruning.PruneMode.PRUNE)  # type: ignore[arg-type]
        assert seen is not None
        for start in range(0, len(ids), 100):  # a page at a time, as a listing adds them
            seen.update(ids[start : start + 100])
        assert ids[0] in seen  # merged: what pruning reads
        held, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert held < 2_000_000, held


def test_seen_ids_answer_membership() -> None:
    seen = SeenIds()
    ids = _listed_ids(20_000)
    for start in range(0, len(ids), 77):
        seen.update(ids[start : start + 77])
        assert ids[start] in seen
    assert all(stripe_id in seen for stripe_id in ids)
    assert not any(f"in_2{number:023x}" in seen for number in range(20_000))
    assert "" not in seen and None not in seen
    assert len(seen) == 20_000


def test_seen_ids_merge_without_a_list_per_id() -> None:
    """Merging hashes into the sorted runs never holds a Python int per id (about 40
    bytes each): the peak stays near 16 bytes per id, the runs' own 8 and one copy."""
    import tracemalloc

    ids = _listed_ids(60_000)
    tracemalloc.start()
    try:
        seen = SeenIds()
        for start in range(0, len(ids), 100):
            seen.update(ids[start : start + 100])
        assert ids[-1] in seen and ids[0] in seen
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert current < 12 * len(ids)
    assert peak < 20 * len(ids), f"{peak / len(ids):.0f} bytes per id at the peak"
    assert all(stripe_id in seen for stripe_id in ids)
    assert len(seen) == len(ids)


def test_seen_ids_take_one_large_batch_in_bounded_pieces() -> None:
    """A batch far larger than a page is sorted piece by piece, not as one list."""
    import tracemalloc

    ids = _listed_ids(60_000)
    tracemalloc.start()
    try:
        seen = SeenIds()
        seen.update(ids)
        assert ids[12_345] in seen
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * len(ids), f"{peak / len(ids):.0f} bytes per id at the peak"
    assert all(stripe_id in seen for stripe_id in ids[::97])
    assert f"in_2{1:023x}" not in seen
