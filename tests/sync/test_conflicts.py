"""A transaction the database failed to break a deadlock is run again, whole; nothing
else is (see djstripe.sync.conflicts)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import DatabaseError, IntegrityError, OperationalError, connection, transaction

from djstripe.sync import conflicts
from djstripe.sync.checkpoints import DeferredFinishes
from djstripe.sync.state import PendingReread

from ..conftest import database_error


def test_deadlock_and_serialization_failures_are_transient() -> None:
    assert conflicts.is_transient(database_error("40P01"))
    assert conflicts.is_transient(database_error("40001"))
    assert not conflicts.is_transient(database_error("23505"))  # a unique violation is not
    assert not conflicts.is_transient(OperationalError("database is locked"))


def test_the_back_off_grows_and_is_capped() -> None:
    assert conflicts.delay(0, rng=lambda: 1.0) == conflicts.BASE_DELAY
    assert conflicts.delay(3, rng=lambda: 1.0) == conflicts.BASE_DELAY * 8
    assert conflicts.delay(30, rng=lambda: 1.0) == conflicts.MAX_DELAY
    assert conflicts.delay(5, rng=lambda: 0.0) == 0.0


@pytest.mark.django_db
def test_inside_a_callers_transaction_nothing_is_retried() -> None:
    calls: list[int] = []

    def run() -> None:
        calls.append(1)
        raise database_error("40P01")

    with transaction.atomic(), pytest.raises(OperationalError):
        conflicts.retrying(run, using="default", sleep=lambda _: None)
    assert calls == [1]


@pytest.mark.django_db(transaction=True)
def test_a_transient_failure_is_run_again_and_undone_in_memory_first() -> None:
    attempts: list[int] = []
    undone: list[int] = []
    slept: list[float] = []

    def run() -> str:
        attempts.append(1)
        if len(attempts) < 3:
            raise database_error("40P01")
        return "written"

    result = conflicts.retrying(
        run,
        using="default",
        before_retry=lambda: undone.append(1),
        sleep=slept.append,
        rng=lambda: 0.5,
    )
    assert (result, len(attempts), len(undone)) == ("written", 3, 2)
    assert slept == [conflicts.delay(0, rng=lambda: 0.5), conflicts.delay(1, rng=lambda: 0.5)]


@pytest.mark.django_db(transaction=True)
def test_other_errors_and_the_last_attempt_are_raised() -> None:
    def refused() -> None:
        raise IntegrityError("duplicate key")

    with pytest.raises(IntegrityError):
        conflicts.retrying(refused, using="default", sleep=lambda _: None)

    calls: list[int] = []

    def always() -> None:
        calls.append(1)
        raise database_error("40001")

    with pytest.raises(OperationalError):
        conflicts.retrying(always, using="default", attempts=3, sleep=lambda _: None)
    assert len(calls) == 3


def test_endings_of_a_rolled_back_page_are_queued_again() -> None:
    finishes = DeferredFinishes()
    first: Any = object()
    later: Any = object()
    finishes.pending = [(first, "done", {})]
    taken = list(finishes.pending)
    finishes.pending = [(later, "done", {})]  # queued while the page was written
    finishes.requeue(taken)
    assert [checkpoint for checkpoint, _, _ in finishes.pending] == [first, later]


@pytest.mark.django_db(transaction=True)
def test_a_real_deadlock_is_detected_and_both_writers_finish() -> None:
    """Two transactions lock two rows in opposite orders: the database fails one of
    them, and run again it succeeds."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite has one writer: no deadlocks")
    rows = [
        PendingReread.objects.create(model_name="Price", stripe_id=f"price_{n}") for n in (1, 2)
    ]
    barrier = threading.Barrier(2, timeout=20)
    failures: list[BaseException] = []
    transient: list[bool] = []

    def writer(first: PendingReread, second: PendingReread) -> None:
        attempt = [0]

        def run() -> None:
            attempt[0] += 1
            with transaction.atomic():
                PendingReread.objects.select_for_update().get(pk=first.pk)
                if attempt[0] == 1:
                    barrier.wait()  # both hold their first row: the cycle is certain
                PendingReread.objects.filter(pk=second.pk).update(reason="written")

        def noting() -> None:
            try:
                run()
            except DatabaseError as error:
                transient.append(conflicts.is_transient(error))
                raise

        try:
            conflicts.retrying(noting, using="default", rng=lambda: 0.0)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            failures.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=writer, args=(rows[0], rows[1])),
        threading.Thread(target=writer, args=(rows[1], rows[0])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
    assert transient == [True]  # exactly one was failed by the database, and recognised
    assert set(PendingReread.objects.values_list("reason", flat=True)) == {"written"}
