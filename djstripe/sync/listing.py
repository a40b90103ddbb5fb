"""Run one partition: list pages of 100, write each page with its checkpoint, count.

Each page is one call into the engine (one plan, one transaction): the page's
objects, the children and expanded objects it carries, the references it left
unlinked and the partition's checkpoint commit together. A page the database
refuses is retried object by object so one bad object is reported, not the page.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import stripe
from django.db import router, transaction
from django.db.models import Q

from .. import stripe_api
from ..exceptions import SyncError
from . import checkpoints, conflicts, engine, links, prefetch, pruning, refusals, statements
from .partitions import LIST, Partition
from .progress import Progress
from .report import Report, Row, Skipped
from .source import Source
from .state import SyncCheckpoint

logger = logging.getLogger(__name__)

PAGE_SIZE = stripe_api.MAX_PAGE_SIZE

T = TypeVar("T")


class Stopped(Exception):  # noqa: N818 - a signal, not an error
    """The run was asked to stop; the partition's checkpoint is where it stopped."""


@dataclass
class Context:
    """What every partition of a run shares."""

    report: Report
    progress: Progress
    stop: threading.Event = field(default_factory=threading.Event)
    db_lock: Any = field(default_factory=contextlib.nullcontext)
    """Held around database work when the database allows one writer (SQLite)."""
    finishes: checkpoints.DeferredFinishes = field(default_factory=checkpoints.DeferredFinishes)
    required: frozenset[str] = frozenset()
    """Models the user asked for: Stripe refusing their listing fails the run, where
    other refusals (not permitted, not enabled) are skipped."""
    prune: str = pruning.PruneMode.PRUNE
    """What complete listings do with the rows they did not return (:mod:`.pruning`)."""


def run_partition(part: Partition, checkpoint: SyncCheckpoint, ctx: Context) -> None:
    """List one partition to its end (or until stopped), checkpoint after every page."""
    if checkpoint.status == SyncCheckpoint.Status.DONE:
        return
    ctx.progress.partition_started(part)
    started = time.monotonic()
    row = Row()
    error = skipped = ""
    status = SyncCheckpoint.Status.DONE
    with stripe_api.counting() as counter:
        runner = _Runner(part, checkpoint, ctx, counter, row)
        try:
            runner.run()
        except Stopped:
            status = SyncCheckpoint.Status.RUNNING
        except stripe.StripeError as failure:
            refused = refusals.refusal(failure)
            if refused is not None and part.model_name not in ctx.required:
                status = SyncCheckpoint.Status.SKIPPED
                skipped = error = refused.reason
                skip = Skipped(part.model_name, part.account, refused.reason, refused.message)
                ctx.report.skip(skip)
            else:
                status = SyncCheckpoint.Status.FAILED
                error = _failed(part, failure, refused, counter, ctx)
        unrecorded = counter.total - runner.recorded_requests
    if status == SyncCheckpoint.Status.DONE:
        pruning.after_listing(part, checkpoint, runner.seen, runner.first_stamp, ctx)
    row.seconds = time.monotonic() - started
    row.requests = counter.total
    ctx.finishes.add(
        checkpoint,
        status,
        seconds=row.seconds,
        requests=unrecorded,
        error=error,
        started_stamp=runner.first_stamp,
    )
    ctx.report.add(part.model_name, part.account, Row(requests=row.requests, seconds=row.seconds))
    if status != SyncCheckpoint.Status.RUNNING:
        ctx.progress.partition_finished(part, row, "" if skipped else error, skipped=skipped)


def _failed(
    part: Partition,
    failure: stripe.StripeError,
    refused: refusals.Refusal | None,
    counter: stripe_api.RequestCounter,
    ctx: Context,
) -> str:
    """Report a listing that failed; return the error as stored on its checkpoint."""
    what = f"{refused.reason}: {refused.message}" if refused else refusals.describe(failure)
    sync_error = SyncError(
        f"Listing {part.model_name} failed: {what}",
        model=part.model_name,
        account=part.account,
        request_id=getattr(failure, "request_id", None) or counter.last_request_id,
    )
    ctx.report.fail(sync_error)
    if isinstance(failure, stripe.APIConnectionError):
        # Stripe out of reach (after the retries): every other listing would wait for
        # the same, so the run stops here and can be resumed.
        ctx.stop.set()
    return str(sync_error)


class _Runner:
    def __init__(
        self,
        part: Partition,
        checkpoint: SyncCheckpoint,
        ctx: Context,
        counter: stripe_api.RequestCounter,
        row: Row,
    ) -> None:
        self.part = part
        self.checkpoint = checkpoint
        self.ctx = ctx
        self.counter = counter
        self.row = row
        self.recorded_requests = 0
        self.flushed: list[Any] = []
        """Partition endings the open page transaction wrote (put back on a rollback)."""
        self.first_stamp: int | None = None
        self.seen = pruning.tracker(part, checkpoint, ctx.prune)
        """Ids the listing returned (None: it cannot prune), see :mod:`.pruning`."""
        self.using = router.db_for_write(part.model)

    def run(self) -> None:
        if self.part.kind == LIST:
            self._list()
        else:
            self._nested()

    # ---- a model's own list ----
    def _list(self) -> None:
        part = self.part
        # One page at a time: the next page is requested once this one is written, so
        # after any interruption (a crash too) at most this page is read again.
        for page in self._pages():
            if self.first_stamp is None:
                self.first_stamp = page.stamp - 1  # overlap a second: Stripe's clock is coarse
            if self.seen is not None:
                self.seen.update(obj["id"] for obj in page.objects if obj.get("id"))
            if page.objects:
                source = self._source(page.stamp)

                def sync(objs: list[Any], within: Any, source: Source = source) -> Any:
                    return engine.sync_page(
                        part.model, objs, source=source, within=within, after_sync=False
                    )

                self._write(page.objects, page.last_id or "", page.request_id, sync)
            if self.ctx.stop.is_set() and page.has_more:
                raise Stopped

    def _pages(self) -> Iterator[stripe_api.Page]:
        part = self.part
        params: dict[str, Any] = dict(part.model.list_params)
        expand = list(part.model.list_expand or ())
        if expand:
            params["expand"] = expand
        if self.checkpoint.since is not None:
            params["created"] = {"gt": self.checkpoint.since}
        if part.window is not None:  # one creation-time range of a split listing
            params["created"] = {**params.get("created", {}), **part.window.params()}
        pages = stripe_api.pages(
            part.model.api_list_path(),
            params,
            api_key=part.api_key,
            stripe_account=part.stripe_account,
            starting_after=self.checkpoint.cursor or None,
            page_size=PAGE_SIZE,
        )
        try:
            first = next(pages)
        except stripe.InvalidRequestError as error:
            if "created" not in params or getattr(error, "param", None) != "created":
                raise
            if part.window is not None:
                raise  # listing everything in every window would read it many times
            # An endpoint without a ``created`` filter: list everything instead.
            logger.info("%s cannot filter on created; listing everything", part)
            self._drop_since()
            params.pop("created")
            yield from stripe_api.pages(
                part.model.api_list_path(),
                params,
                api_key=part.api_key,
                stripe_account=part.stripe_account,
                starting_after=self.checkpoint.cursor or None,
                page_size=PAGE_SIZE,
            )
            return
        yield first
        yield from pages

    def _drop_since(self) -> None:
        self.checkpoint.since = None
        with self.ctx.db_lock:
            SyncCheckpoint.objects.using(self.using).filter(pk=self.checkpoint.pk).update(
                since=None
            )

    # ---- a list under each parent ----
    def _nested(self) -> None:
        nested = self.part.nested
        assert nested is not None
        batch: dict[str, list[dict[str, Any]]] = {}
        size = 0
        stamp = 0
        for parent_ids in self._parent_chunks():
            for found in prefetch.fetch_lists(parent_ids, self._read_list, self.counter):
                if found.gone:
                    continue  # the parent is gone on Stripe
                stamp = max(stamp, found.stamp)
                if self.first_stamp is None and found.stamp:
                    self.first_stamp = found.stamp - 1
                batch[found.parent_id] = found.objects
                size += len(found.objects)
                if size >= PAGE_SIZE:
                    self._write_children(batch, found.parent_id, stamp)
                    batch, size = {}, 0
            if batch:
                self._write_children(batch, parent_ids[-1], stamp)
                batch, size = {}, 0
            elif parent_ids:
                self._advance(parent_ids[-1])
            if self.ctx.stop.is_set():
                raise Stopped

    def _read_list(self, parent_id: str) -> Iterator[stripe_api.Page]:
        """Every page of one parent's list (runs on a helper thread: requests only)."""
        nested = self.part.nested
        assert nested is not None and nested.spec.nested_path is not None  # a nested partition
        return stripe_api.pages(
            stripe_api.path(nested.spec.nested_path, id=parent_id),
            api_key=self.part.api_key,
            stripe_account=self.part.stripe_account,
        )

    def _parent_chunks(self) -> Iterator[list[str]]:
        nested = self.part.nested
        assert nested is not None
        # The owner key points at Account.id (a string); django-stubs assumes the pk.
        rows = nested.parent._base_manager.using(self.using).filter(  # type: ignore[misc]
            Q(livemode=self.part.livemode) | Q(livemode__isnull=True),
            djstripe_owner_account_id=self.part.account,
        )
        if self.checkpoint.since is not None:
            since = datetime.datetime.fromtimestamp(self.checkpoint.since, tz=datetime.UTC)
            rows = rows.filter(created__gt=since)
        if any(f.name == "deleted" for f in nested.parent._meta.concrete_fields):
            rows = rows.exclude(deleted=True)  # type: ignore[misc]  # checked just above
        cursor = self.checkpoint.cursor
        while True:
            query = rows.filter(id__gt=cursor) if cursor else rows
            with self.ctx.db_lock:
                ids = list(query.order_by("id").values_list("id", flat=True)[:PAGE_SIZE])
            if not ids:
                return
            yield ids
            cursor = ids[-1]

    def _write_children(self, batch: dict[str, list[Any]], cursor: str, stamp: int) -> None:
        nested = self.part.nested
        assert nested is not None
        parent_of = {id(child): parent for parent, kids in batch.items() for child in kids}
        objects = [child for children in batch.values() for child in children]
        source = self._source(stamp or int(time.time()))

        def sync(objs: list[Any], within: Any) -> Any:
            lists: dict[str, list[Any]] = {}
            if len(objs) == len(objects):
                lists = batch  # the whole batch: every parent's complete list
            else:
                for child in objs:
                    lists.setdefault(parent_of[id(child)], []).append(child)
            return engine.sync_children(
                nested.parent,
                lists,
                nested.spec,
                source=source,
                complete=lists is batch,
                within=within,
                after_sync=False,
            )

        self._write(objects, cursor, None, sync)

    def _advance(self, cursor: str) -> None:
        """Move the cursor past parents that had no children (nothing to write)."""
        self._transaction(lambda: self._record_alone(cursor, Row()))

    # ---- writing ----
    def _source(self, stamp: int) -> Source:
        return Source.api(
            stamp,
            api_key=self.part.api_key,
            stripe_account=self.part.stripe_account,
            owner_account=self.part.account,
            fetch_missing=False,
        )

    def _write(self, objects: list[Any], cursor: str, request_id: str | None, sync: Any) -> None:
        """Write ``objects`` with ``sync(objects, within)`` and advance the checkpoint."""
        part = self.part

        def within(result: engine.BatchResult) -> None:
            links.record(result.dangling, livemode=part.livemode, using=self.using)
            outcome = result.outcome
            row = Row(
                listed=len(objects),
                created=outcome.created.get(part.model_name, 0),
                updated=outcome.updated.get(part.model_name, 0),
                unchanged=outcome.unchanged.get(part.model_name, 0),
            )
            self._record(cursor, row)

        try:
            result = self._transaction(lambda: sync(objects, within))
        except stripe.StripeError:
            raise
        except Exception as error:  # noqa: BLE001 - isolate the object the database refuses
            logger.warning("Page of %s refused (%s); retrying object by object", part, error)
            result = self._one_by_one(objects, cursor, request_id, sync)
        self.ctx.report.add_outcome(result.outcome, part.account, listed_model=part.model_name)
        self.ctx.report.add(part.model_name, part.account, Row(listed=len(objects)))
        self.row.listed += len(objects)
        self.row.created += result.outcome.created.get(part.model_name, 0)
        self.row.updated += result.outcome.updated.get(part.model_name, 0)
        self.row.unchanged += result.outcome.unchanged.get(part.model_name, 0)
        self.ctx.progress.page(part, len(objects))
        with self.ctx.db_lock:
            statements.trim(self.using)

    def _one_by_one(
        self, objects: list[Any], cursor: str, request_id: str | None, sync: Any
    ) -> engine.BatchResult:
        part = self.part
        total = engine.BatchResult(engine.Outcome(), [])
        failed = 0

        def within(result: engine.BatchResult) -> None:
            links.record(result.dangling, livemode=part.livemode, using=self.using)

        for obj in objects:
            try:
                result = self._transaction(functools.partial(sync, [obj], within))
            except Exception as error:  # noqa: BLE001 - reported with the object's id
                failed += 1
                stripe_id = obj.get("id") if isinstance(obj, dict) else None
                self.ctx.report.fail(
                    SyncError(
                        f"Could not sync {part.model_name} {stripe_id}: {error!r}",
                        model=part.model_name,
                        stripe_id=stripe_id,
                        account=part.account,
                        request_id=request_id,
                    )
                )
                continue
            total.outcome.merge(result.outcome)
        self.row.failed += failed
        outcome = total.outcome
        row = Row(
            listed=len(objects),
            created=outcome.created.get(part.model_name, 0),
            updated=outcome.updated.get(part.model_name, 0),
            unchanged=outcome.unchanged.get(part.model_name, 0),
            failed=failed,
        )
        self._transaction(lambda: self._record_alone(cursor, row))
        return total

    def _record_alone(self, cursor: str, row: Row) -> None:
        with transaction.atomic(using=self.using):
            self._record(cursor, row)

    def _transaction(self, write: Callable[[], T]) -> T:
        """Run ``write`` (a transaction of its own) under the run's database lock, again
        when a concurrent partition's transaction made the database fail it
        (:mod:`.conflicts`); what it recorded in memory is undone before each retry."""
        recorded, started = self.recorded_requests, self.checkpoint.started_stamp
        flushed: list[Any] = []
        self.flushed = flushed

        def undo() -> None:
            self.recorded_requests, self.checkpoint.started_stamp = recorded, started
            self.ctx.finishes.requeue(flushed)
            flushed.clear()

        def locked() -> T:
            with self.ctx.db_lock:
                return write()

        try:
            return conflicts.retrying(locked, using=self.using, before_retry=undo)
        except BaseException:
            undo()
            raise

    def _record(self, cursor: str, row: Row) -> None:
        requests = self.counter.total - self.recorded_requests
        checkpoints.record_page(
            self.checkpoint,
            cursor=cursor,
            listed=row.listed,
            created=row.created,
            updated=row.updated,
            unchanged=row.unchanged,
            failed=row.failed,
            requests=requests,
            started_stamp=self.first_stamp,
        )
        self.recorded_requests += requests
        # other partitions' endings ride on this commit (put back if it rolls back)
        self.flushed.extend(self.ctx.finishes.flush())
