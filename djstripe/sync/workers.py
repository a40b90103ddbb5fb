"""Run partitions on N worker threads, in order, each thread with its own database connection.

Workers take partitions in the order given (dependency order); a nested list waits
for its parents' partitions. Requests share the process-wide budget
(:mod:`djstripe.stripe_api.budget`). Threads share one interpreter, so they overlap
requests, not Python work: on PostgreSQL and MySQL a run with several workers uses
processes instead (:mod:`.processes`). On SQLite, which has one writer at a time,
threads are kept and database work is serialised by a lock so threads never meet a
locked database.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import threading
from collections import Counter
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any

from django.db import connections, transaction

from ..exceptions import SyncError
from . import checkpoints
from .listing import Context, run_partition
from .partitions import Partition
from .state import SyncCheckpoint

logger = logging.getLogger(__name__)


class Scheduler:
    """Hands out partitions in order; a nested list waits until every part of its parents'
    listing (every creation-time window) is done."""

    def __init__(self, parts: Sequence[Partition], stop: Any) -> None:
        self.pending = list(parts)
        self.remaining = Counter(part.group for part in parts)
        """Parts of each listing not done yet."""
        self.stop = stop
        self.condition = threading.Condition()

    def ready(self) -> Partition | None:
        """The next partition that may start now, without waiting (None: none may)."""
        with self.condition:
            return self._ready()

    def _ready(self) -> Partition | None:
        if self.stop.is_set():
            return None
        for part in self.pending:
            needed = part.depends_on()
            if needed is None or not self.remaining.get(needed):
                self.pending.remove(part)
                return part
        return None

    def take(self) -> Partition | None:
        """The next partition, waiting for its parents if needed (None: nothing left)."""
        with self.condition:
            while True:
                if self.stop.is_set() or not self.pending:
                    return None
                part = self._ready()
                if part is not None:
                    return part
                self.condition.wait(0.5)

    def done(self, part: Partition) -> None:
        with self.condition:
            self.remaining[part.group] -= 1
            self.condition.notify_all()


def run_all(
    parts: Sequence[Partition],
    found: dict[checkpoints.Key, SyncCheckpoint],
    ctx: Context,
    *,
    workers: int = 1,
) -> None:
    """Run every partition; return when all are done, failed, or the run was stopped."""
    try:
        _run(parts, found, ctx, workers)
    finally:
        with ctx.db_lock, transaction.atomic(using=checkpoints.db_alias()):
            ctx.finishes.flush()


def _run(
    parts: Sequence[Partition],
    found: dict[checkpoints.Key, SyncCheckpoint],
    ctx: Context,
    workers: int,
) -> None:
    scheduler = Scheduler(parts, ctx.stop)
    if workers <= 1:
        _work(scheduler, found, ctx)
        return
    threads = []
    for number in range(workers):
        context = contextvars.copy_context()  # the caller's retry settings, per thread
        thread = threading.Thread(
            target=context.run,
            args=(_thread_main, scheduler, found, ctx),
            name=f"djstripe-backfill-{number + 1}",
            daemon=True,
        )
        threads.append(thread)
        thread.start()
    try:
        for thread in threads:
            while thread.is_alive():
                thread.join(0.2)  # wake up for KeyboardInterrupt
    except BaseException:
        ctx.stop.set()  # let workers finish their page, then stop
        for thread in threads:
            thread.join()
        raise


def _thread_main(
    scheduler: Scheduler, found: dict[checkpoints.Key, SyncCheckpoint], ctx: Context
) -> None:
    try:
        _work(scheduler, found, ctx)
    finally:
        connections.close_all()  # this thread's connections only


def _work(scheduler: Scheduler, found: dict[checkpoints.Key, SyncCheckpoint], ctx: Context) -> None:
    while (part := scheduler.take()) is not None:
        try:
            run_partition(part, found[part.key], ctx)
        except Exception as error:  # noqa: BLE001 - one broken partition never stops the others
            logger.exception("Partition %s failed", part)
            failed(part, found[part.key], ctx, error)
        finally:
            scheduler.done(part)


def failed(part: Partition, checkpoint: SyncCheckpoint, ctx: Context, error: Exception) -> None:
    """Report a partition that raised (or whose worker process died) and mark it failed."""
    failure = SyncError(
        f"Syncing {part} failed: {error!r}", model=part.model_name, account=part.account
    )
    ctx.report.fail(failure)
    ctx.progress.partition_finished(part, ctx.report.row(part.model_name, part.account), str(error))
    try:
        with ctx.db_lock:
            checkpoints.finish(
                checkpoint, SyncCheckpoint.Status.FAILED, seconds=0.0, error=str(failure)
            )
    except Exception:  # noqa: BLE001 - the database itself may be the problem
        logger.exception("Could not record the failure of %s", part)


def one_writer(alias: str) -> bool:
    """Whether the database has one writer at a time (SQLite): a run then defaults to one
    worker, and several workers share a lock around database work (the one place that
    knows it)."""
    return connections[alias].vendor == "sqlite"


def db_lock_for(alias: str, workers: int) -> AbstractContextManager[Any]:
    """A lock around database work when several threads write to a one-writer database."""
    if workers > 1 and one_writer(alias):
        return threading.RLock()
    return contextlib.nullcontext()
