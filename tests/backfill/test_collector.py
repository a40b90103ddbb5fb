"""A run leaves the heap that was there before it out of full collections, then puts it
back: the collector works as before once the run ends."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from djstripe.sync import collector
from djstripe.sync.partitions import Partition
from djstripe.sync.progress import Progress
from djstripe.sync.report import Report

from .conftest import Accounts

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def nothing_frozen() -> Iterator[None]:
    if gc.get_freeze_count():
        pytest.skip("this process froze objects before the tests")
    thresholds = gc.get_threshold()
    yield
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == thresholds


def test_the_heap_is_frozen_inside_and_back_after() -> None:
    before = gc.get_threshold()
    with collector.batch_collection() as frozen:
        assert frozen is True
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before


def test_the_heap_is_back_after_an_error() -> None:
    with pytest.raises(RuntimeError), collector.batch_collection():
        raise RuntimeError("the run failed")
    assert gc.get_freeze_count() == 0


def test_nothing_is_done_with_the_collector_off() -> None:
    gc.disable()
    try:
        with collector.batch_collection() as frozen:
            assert frozen is False
            assert gc.get_freeze_count() == 0
    finally:
        gc.enable()


def test_nothing_is_done_with_automatic_collection_off_by_threshold() -> None:
    before = gc.get_threshold()
    gc.set_threshold(0)
    try:
        with collector.batch_collection() as frozen:
            assert frozen is False
            assert gc.get_threshold()[0] == 0  # not turned back on
    finally:
        gc.set_threshold(*before)


def test_objects_the_process_froze_stay_frozen() -> None:
    """A pre-forking server freezes its heap so that its children share the pages: a run
    must not unfreeze that."""
    gc.freeze()
    try:
        with collector.batch_collection() as frozen:
            assert frozen is False
        assert gc.get_freeze_count() > 0  # still frozen (less what was freed meanwhile)
    finally:
        gc.unfreeze()


class Frozen(Progress):
    """Records how many objects are frozen as each partition starts."""

    def __init__(self) -> None:
        self.counts: list[int] = []

    def partition_started(self, part: Partition) -> None:
        self.counts.append(gc.get_freeze_count())


def test_a_backfill_runs_with_the_startup_heap_frozen(
    small: Accounts, run: Callable[..., Report], stripe_double: Any
) -> None:
    watch = Frozen()
    report = run(progress=watch)
    assert report.status == "completed", report.errors
    assert watch.counts and min(watch.counts) > 0
    assert gc.get_freeze_count() == 0
