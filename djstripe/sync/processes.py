"""Run partitions in N worker processes: one interpreter and one database connection each.

Threads share one interpreter, so past a few workers the run is bound by one core
(mapping, hashing and encoding are Python work). Processes are not: on a database
with many writers (PostgreSQL, MySQL/MariaDB) throughput grows with cores.

The parent plans the run and keeps the order (a nested list waits for its parents'
partitions); it hands one partition at a time to an idle child, which lists it from
its checkpoint exactly as a thread would (same pages, checkpoints, pruning and
errors) and sends back its counts. Progress flows back as messages, so the bar and
the final report are the parent's. The end-of-run passes run once, in the parent.

* Children are forked after the parent closed its database connections, so each
  opens its own; HTTP clients are not inherited either (``stripe_api`` drops them in a
  forked child).
* Each child spends ``rate / workers`` requests per second (:func:`budget.share`).
* Ctrl-C: children ignore SIGINT; the parent tells them to stop after the page in
  flight (the checkpoint is where they stopped), or terminates them on a second
  Ctrl-C (the page in flight is rolled back). A rerun with ``resume`` continues.
* A child that dies (killed, out of memory) fails its partition with a message naming
  its exit code; a new child takes its place for the partitions left.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import signal
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections, transaction

from .. import stripe_api
from ..exceptions import SyncError
from ..stripe_api import budget
from . import checkpoints
from .listing import Context, run_partition
from .partitions import Partition
from .progress import Progress
from .report import Report, Row
from .state import SyncCheckpoint
from .workers import Scheduler, failed

logger = logging.getLogger(__name__)

#: Seconds the parent waits for a message before it looks at its children again.
POLL = 0.2
#: Seconds a child gets to end after the parent asked every child to stop.
GRACE = 30.0


def run_all(
    parts: Sequence[Partition],
    found: dict[checkpoints.Key, SyncCheckpoint],
    ctx: Context,
    *,
    workers: int,
    rate: float | None,
) -> None:
    """Run every partition in ``workers`` processes; return when all are done, failed,
    or the run was stopped."""
    pool = _Pool(list(parts), found, ctx, workers, budget.share(rate, workers))
    pool.run(Scheduler(parts, ctx.stop))


@dataclass
class _Child:
    number: int
    process: Any
    inbox: Any
    """Indexes of the partitions to run, ``None`` to exit."""
    index: int | None = None
    """The partition it runs now."""


class _Pool:
    def __init__(
        self,
        parts: list[Partition],
        found: dict[checkpoints.Key, SyncCheckpoint],
        ctx: Context,
        workers: int,
        rate: float | None,
    ) -> None:
        self.mp = multiprocessing.get_context("fork")
        self.parts = parts
        self.found = found
        self.ctx = ctx
        self.workers = workers
        self.rate = rate
        self.results = self.mp.Queue()
        self.stop = self.mp.Event()
        self.children: list[_Child] = []
        self.started = 0
        self.index_of = {part.key: index for index, part in enumerate(parts)}

    def run(self, scheduler: Scheduler) -> None:
        try:
            self.children = [self._start() for _ in range(self.workers)]
            while self._dispatch(scheduler):
                self._receive(scheduler)
                self._reap(scheduler)
        except BaseException:
            self.stop.set()
            self.ctx.stop.set()
            for child in self.children:
                child.process.terminate()
            raise
        finally:
            self._close()

    def _start(self) -> _Child:
        """Fork a child. The parent's connections are closed first: a child must never
        talk on a socket it shares with its parent (the parent reconnects when needed)."""
        connections.close_all()
        self.started += 1
        inbox = self.mp.SimpleQueue()
        process = self.mp.Process(
            target=_child_main,
            args=(self.started, inbox, self.results, self.parts, self.found, self.stop),
            kwargs={"rate": self.rate, "required": self.ctx.required, "prune": self.ctx.prune},
            name=f"djstripe-backfill-{self.started}",
            daemon=True,
        )
        process.start()
        return _Child(self.started, process, inbox)

    def _dispatch(self, scheduler: Scheduler) -> bool:
        """Give idle children the partitions that may start; False once all work ended."""
        if self.ctx.stop.is_set() or self.stop.is_set():
            self.stop.set()  # a Ctrl-C here, or Stripe out of reach in a child
            self.ctx.stop.set()
        for child in self.children:
            if child.index is not None:
                continue
            part = scheduler.ready()
            if part is None:
                break
            child.index = self.index_of[part.key]
            child.inbox.put(child.index)
        return any(child.index is not None for child in self.children)

    def _receive(self, scheduler: Scheduler) -> None:
        try:
            message = self.results.get(timeout=POLL)
        except queue.Empty:
            return
        while True:
            self._handle(message, scheduler)
            try:
                message = self.results.get_nowait()
            except queue.Empty:
                return

    def _handle(self, message: tuple[Any, ...], scheduler: Scheduler) -> None:
        kind, number, *rest = message
        progress = self.ctx.progress
        if kind == "started":
            progress.partition_started(self.parts[rest[0]])
        elif kind == "page":
            progress.page(self.parts[rest[0]], rest[1])
        elif kind == "finished":
            index, row, error, skipped = rest
            progress.partition_finished(self.parts[index], row, error, skipped=skipped)
        elif kind == "note":
            progress.note(rest[0])
        elif kind == "done":
            index, status, payload = rest
            part = self.parts[index]
            self.found[part.key].status = status
            _merge(self.ctx.report, payload)
            scheduler.done(part)
            for child in self.children:
                if child.number == number:
                    child.index = None

    def _reap(self, scheduler: Scheduler) -> None:
        """Fail the partition of a child that died, and start another child (unless the
        run is stopping)."""
        alive = []
        for child in self.children:
            if child.process.is_alive():
                alive.append(child)
                continue
            self._drain(scheduler)  # its last messages may still be in the queue
            if child.index is not None:
                part = self.parts[child.index]
                child.index = None
                code = child.process.exitcode
                error = ChildProcessError(f"worker process exited with code {code}")
                failed(part, self.found[part.key], self.ctx, error)
                scheduler.done(part)
            if not self.stop.is_set():
                alive.append(self._start())
        self.children = alive

    def _drain(self, scheduler: Scheduler) -> None:
        while True:
            try:
                self._handle(self.results.get_nowait(), scheduler)
            except queue.Empty:
                return

    def _close(self) -> None:
        for child in self.children:
            if child.process.is_alive():
                child.inbox.put(None)
        for child in self.children:
            child.process.join(GRACE)
            if child.process.is_alive():
                child.process.terminate()
                child.process.join()
        self.results.close()


# ---- in the child -----------------------------------------------------------------------


def _child_main(
    number: int,
    inbox: Any,
    results: Any,
    parts: list[Partition],
    found: dict[checkpoints.Key, SyncCheckpoint],
    stop: Any,
    *,
    rate: float | None,
    required: frozenset[str],
    prune: str,
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        with stripe_api.limit(rate):
            while (index := inbox.get()) is not None:
                _run_one(number, index, results, parts[index], found, stop, required, prune)
    finally:
        connections.close_all()


def _run_one(
    number: int,
    index: int,
    results: Any,
    part: Partition,
    found: dict[checkpoints.Key, SyncCheckpoint],
    stop: Any,
    required: frozenset[str],
    prune: str,
) -> None:
    report = Report()
    ctx = Context(report, _Forward(results, number, index), stop, required=required, prune=prune)
    checkpoint = found[part.key]
    try:
        run_partition(part, checkpoint, ctx)
    except Exception as error:  # noqa: BLE001 - one broken partition never stops the others
        logger.exception("Partition %s failed", part)
        failed(part, checkpoint, ctx, error)
    try:
        with transaction.atomic(using=checkpoints.db_alias()):
            ctx.finishes.flush()
    except Exception as error:  # noqa: BLE001 - reported; a rerun lists the last page again
        logger.exception("Could not record the end of %s", part)
        report.fail(SyncError(f"Recording the end of {part} failed: {error!r}"))
    results.put(("done", number, index, checkpoint.status, _payload(report)))


class _Forward(Progress):
    """The child's progress, sent to the parent (which shows it)."""

    def __init__(self, results: Any, number: int, index: int) -> None:
        self.results = results
        self.number = number
        self.index = index

    def partition_started(self, part: Partition) -> None:
        self.results.put(("started", self.number, self.index))

    def page(self, part: Partition, objects: int) -> None:
        self.results.put(("page", self.number, self.index, objects))

    def partition_finished(
        self, part: Partition, row: Row, error: str = "", *, skipped: str = ""
    ) -> None:
        self.results.put(("finished", self.number, self.index, row, error, skipped))

    def note(self, message: str) -> None:
        self.results.put(("note", self.number, message))


# ---- a child's report, across the process boundary ---------------------------------------


def _payload(report: Report) -> dict[str, Any]:
    """What the parent needs of a child's report, in picklable pieces (a ``SyncError``
    takes keyword arguments, which pickling an exception loses)."""
    return {
        "rows": report.rows,
        "errors": [(str(e), e.model, e.stripe_id, e.account, e.request_id) for e in report.errors],
        "skipped": report.skipped,
        "pruned": report.pruned,
        "notes": report.notes,
    }


def _merge(report: Report, payload: dict[str, Any]) -> None:
    for (model, account), row in payload["rows"].items():
        report.add(model, account, row)
    for text, model, stripe_id, account, request_id in payload["errors"]:
        error = SyncError.__new__(SyncError)
        Exception.__init__(error, text)  # the text already names model, id and account
        error.model, error.stripe_id, error.account = model, stripe_id, account
        error.request_id = request_id
        with report._lock:
            report.errors.append(error)
    for skipped in payload["skipped"]:
        report.skip(skipped)
    for pruned in payload["pruned"]:
        report.prune(pruned)
    report.notes.extend(n for n in payload["notes"] if n not in report.notes)
