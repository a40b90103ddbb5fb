"""A run freezes the heap after its first full collection and unfreezes it at the end:
the collector works as before once the run ends, and a short run is not touched."""

from __future__ import annotations

import contextlib
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
        pytest.skip("objects are frozen already (Python 3.12.1 starts with some)")
    callbacks = list(gc.callbacks)
    thresholds = gc.get_threshold()
    yield
    assert gc.get_freeze_count() == 0
    assert gc.callbacks == callbacks
    assert gc.get_threshold() == thresholds


def test_the_heap_is_frozen_after_the_first_full_collection_and_back_after() -> None:
    with collector.batch_collection() as used:
        assert used is True
        gc.collect(1)  # not a full collection: nothing frozen
        assert gc.get_freeze_count() == 0
        gc.collect()
        frozen = gc.get_freeze_count()
        assert frozen > 0
        gc.collect()  # later full collections leave the frozen heap alone
        assert gc.get_freeze_count() >= frozen - 100
    assert gc.get_freeze_count() == 0


def test_a_run_without_a_full_collection_is_not_touched() -> None:
    with collector.batch_collection():
        pass
    assert gc.get_freeze_count() == 0


def test_the_heap_is_back_after_an_error() -> None:
    with pytest.raises(RuntimeError), collector.batch_collection():
        gc.collect()
        assert gc.get_freeze_count() > 0
        raise RuntimeError("the run failed")
    assert gc.get_freeze_count() == 0


@contextlib.contextmanager
def _disabled() -> Iterator[None]:
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@contextlib.contextmanager
def _threshold_zero() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(0)  # automatic collection off, the collector still "enabled"
    try:
        yield
    finally:
        gc.set_threshold(*before)


@pytest.mark.parametrize("off", [_disabled, _threshold_zero], ids=["disabled", "threshold-0"])
def test_nothing_is_done_with_the_collector_off(off: Callable[[], Any]) -> None:
    with off(), collector.batch_collection() as used:
        assert used is False
        gc.collect()
        assert gc.get_freeze_count() == 0


def test_objects_the_process_froze_stay_frozen() -> None:
    """A pre-forking server freezes its heap so that its children share the pages: a run
    must not unfreeze that."""
    gc.freeze()
    try:
        with collector.batch_collection() as used:
            assert used is False
        assert gc.get_freeze_count() > 0  # still frozen (less what was freed meanwhile)
    finally:
        gc.unfreeze()


class Frozen(Progress):
    """Forces a full collection as the first partition starts; records how many objects
    are frozen as each partition starts."""

    def __init__(self) -> None:
        self.counts: list[int] = []

    def partition_started(self, part: Partition) -> None:
        if not self.counts:
            gc.collect()
        self.counts.append(gc.get_freeze_count())


def test_a_backfill_freezes_after_a_full_collection_and_ends_unfrozen(
    small: Accounts, run: Callable[..., Report], stripe_double: Any
) -> None:
    watch = Frozen()
    report = run(progress=watch)
    assert report.status == "completed", report.errors
    assert len(watch.counts) > 1 and min(watch.counts) > 0
