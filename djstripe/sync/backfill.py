"""Backfill: mirror whole Stripe accounts (and their Connect accounts), fast and resumable.

:func:`backfill` is what ``manage.py djstripe_sync_models`` runs; call it from code
the same way::

    from djstripe.sync.backfill import backfill

    report = backfill(["Customer", "Invoice"], api_keys=["sk_live_..."], workers=4)
    print(report.table())

One run: the accounts of every key (``GET /v1/account``, then ``GET /v1/accounts``
once), then every (model, account) partition, pages of 100, each page written with
its checkpoint; then the Events API catch-up, the references no page could link,
and the re-reads the engine queued. A later run lists only what was created since
the previous complete listing; ``resume=True`` continues an interrupted run where
its checkpoints stopped.
"""

from __future__ import annotations

import datetime
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from typing import Any

from django.db import connections
from django.db.models import Max

from .. import settings as djstripe_settings
from .. import stripe_api
from ..api_keys import livemode_of_key
from ..stripe_api import budget
from . import (
    checkpoints,
    collector,
    finishing,
    partitions,
    processes,
    pruning,
    scopes,
    timeline,
)
from .listing import Context
from .partitions import Partition, Scope
from .progress import Progress
from .report import Report
from .run_options import RunOptions, open_run, resolve_api_keys
from .state import SyncCheckpoint, SyncRun
from .workers import db_lock_for, one_writer, run_all

__all__ = ["Report", "backfill", "resolve_api_keys", "resolve_models"]

logger = logging.getLogger(__name__)


def backfill(
    models: Sequence[str | type] | None = None,
    api_keys: Sequence[str] | None = None,
    *,
    resume: bool = False,
    since: int | datetime.datetime | None = None,
    full: bool = False,
    rate: float | None = None,
    workers: int = 1,
    ranges: int | None = None,
    nested_lists: bool = False,
    account: str | None = None,
    prune: bool = True,
    dry_run: bool = False,
    progress: Progress | None = None,
    stop: threading.Event | None = None,
    retry_policy: stripe_api.RetryPolicy | None = None,
    sleep: Callable[[float], None] | None = None,
) -> Report:
    """Mirror ``models`` (names or classes; default: every listable model) for every key.

    * ``api_keys``: default, every secret key in the database and in settings.
    * ``resume``: continue the last run that did not complete, with exactly its models,
      keys and options (naming others is refused; ``rate`` may change).
    * ``since``: list only objects created after this time; default, after the
      previous complete listing of each partition. ``full``: list everything.
    * ``rate``: requests per second shared by all workers; default half of Stripe's
      limit for the keys' mode (50 live, 12 test); ``0``: no limit.
    * ``workers``: partitions listed at the same time: in as many processes on
      PostgreSQL and MySQL/MariaDB, in threads of this process on SQLite (one writer
      at a time, see :mod:`.processes`).
    * ``ranges``: split each large model's listing (``list_split``) into this many
      creation-time windows, so that workers share it; default ``2 * workers`` with
      worker processes, else none. A resumed run keeps its own.
    * ``nested_lists``: also read lists Stripe serves only per parent that the parent
      does not declare (a customer's payment methods: one request per customer).
    * ``account``: the platform account of restricted keys that may not read it
      (``GET /v1/account``), when Stripe's refusal does not name it.
    * ``prune``: complete listings delete the rows they did not return (objects deleted
      upstream while nothing listened, see :mod:`.pruning`); ``dry_run``: only report
      them (``report.pruned``).
    * ``stop``: set it to stop after the pages in flight (resume later).
    * ``retry_policy``/``sleep``: how failed requests are retried (tests inject ``sleep``).

    Returns the :class:`Report`; failures are in ``report.errors``, never raised
    (except bad arguments: unknown models, malformed keys, no keys, a resume that
    cannot continue its run; and stripe-python's errors when no key can reach Stripe).
    """
    requested = RunOptions(
        models=tuple(resolve_models(models)),
        since=_epoch(since),
        full=full,
        nested_lists=nested_lists,
        rate=rate,
        account=account,
    )
    if connections[checkpoints.db_alias()].in_atomic_block:
        workers = 1  # other threads' connections could not see the caller's transaction
    in_processes = workers > 1 and not one_writer(checkpoints.db_alias())
    requested = replace(requested, ranges=_ranges(ranges, workers if in_processes else 1))
    report = Report()
    if workers > 1 and one_writer(checkpoints.db_alias()):
        report.notes.append(
            f"SQLite has one writer at a time: the {workers} workers are threads that "
            "overlap Stripe requests, not database work (PostgreSQL and MySQL run them "
            "as processes)."
        )
    progress = progress or Progress()
    stop = stop or threading.Event()
    started = time.monotonic()
    run, options = open_run(requested, api_keys, resume=resume, notes=report.notes)
    report.run_id = run.pk
    with ended_on_error(run), ExitStack() as stack:
        stack.enter_context(collector.batch_collection())
        rate_limit = _rate(options.rate, options.api_keys)
        stack.enter_context(stripe_api.limit(rate_limit))
        if retry_policy is not None or sleep is not None:
            stack.enter_context(
                stripe_api.retrying(
                    retry_policy or stripe_api.DEFAULT_POLICY, sleep=sleep or time.sleep
                )
            )
        counter = stack.enter_context(stripe_api.counting())
        selection = options.selection()
        ctx = Context(
            report,
            progress,
            stop,
            db_lock_for(checkpoints.db_alias(), workers),
            required=selection.required,
            prune=_prune_mode(prune, dry_run),
        )
        planned = plan_run(run, options, ctx)
        progress.start(planned.parts, _expected(planned.parts, planned.found))
        if in_processes:
            processes.run_all(planned.parts, planned.found, ctx, workers=workers, rate=rate_limit)
        else:
            run_all(planned.parts, planned.found, ctx, workers=workers)
        status = complete_run(planned, ctx)
    report.status = status
    report.seconds = time.monotonic() - started
    # Partitions, accounts and events count their own requests (in their rows).
    report.requests = counter.total + sum(row.requests for row in report.rows.values())
    progress.finish(report)
    return report


@contextmanager
def ended_on_error(run: SyncRun) -> Iterator[None]:
    """A run that stops on an exception (Stripe unreachable, a second Ctrl-C) is marked
    so, not left ``running``; ``resume`` continues it."""
    try:
        yield
    except BaseException as error:
        interrupted = isinstance(error, KeyboardInterrupt)
        status = SyncRun.Status.INTERRUPTED if interrupted else SyncRun.Status.FAILED
        try:
            checkpoints.finish_run(run, status)
        except Exception:  # noqa: BLE001 - the database itself may be what failed
            logger.exception("Could not record the end of sync run %s", run.pk)
        raise


@dataclass
class Planned:
    """A run ready to execute: its accounts, partitions and their checkpoints."""

    run: SyncRun
    scopes: list[Scope]
    parts: list[Partition]
    found: dict[checkpoints.Key, SyncCheckpoint]


def plan_run(run: SyncRun, options: RunOptions, ctx: Context) -> Planned:
    """Sync every key's accounts, then create the checkpoints of the run's partitions."""
    reached = scopes.scopes(options.api_keys, ctx, account=options.account)
    parts = partitions.partitions(options.selection(), reached)
    parts = partitions.split_by_created(
        parts,
        options.ranges,
        now=int(run.started.timestamp()),
        starts=timeline.starts(run, parts, options.ranges),
    )
    since = checkpoints.Since(full=options.full, explicit=options.since)
    found = checkpoints.checkpoints_for(run, parts, since, ctx.report.notes)
    for note in ctx.report.notes:
        ctx.progress.note(note)
    return Planned(run, reached, parts, found)


def complete_run(planned: Planned, ctx: Context) -> str:
    """After the partitions: events, links and re-reads (unless stopped); the run's status."""
    if not ctx.stop.is_set() and not _unfinished(planned.found):
        finishing.finish_run(planned.run, planned.scopes, ctx)
    status = _status(planned.found, ctx.report, ctx.stop)
    checkpoints.finish_run(planned.run, status)
    return status


# ---- arguments ------------------------------------------------------------------------


def resolve_models(models: Sequence[str | type] | None) -> list[Any]:
    """Model classes for names (any case); ``LookupError`` lists the valid names."""
    return [partitions.model_named(m) if isinstance(m, str) else m for m in models or ()]


def _ranges(ranges: int | None, workers: int) -> int:
    """Creation-time windows per large listing: given, or two per worker process (each
    window costs at least one request; more windows than workers even out their sizes)."""
    if ranges is not None:
        return ranges
    return 2 * workers if workers > 1 else 0


def _prune_mode(prune: bool, dry_run: bool) -> pruning.PruneMode:
    if not prune:
        return pruning.PruneMode.OFF
    return pruning.PruneMode.DRY_RUN if dry_run else pruning.PruneMode.PRUNE


def _rate(rate: float | None, keys: Sequence[str]) -> float | None:
    """:func:`run_rate` for the modes of ``keys``."""
    return run_rate(rate, [livemode_of_key(key) is True for key in keys])


def run_rate(rate: float | None, livemodes: Iterable[bool]) -> float | None:
    """Requests per second for the whole run, all workers together (None: no limit).

    The default protects Stripe's rate limits, so it applies to Stripe: against an API
    on this machine (the bundled double, stripe-mock) there is none unless asked.
    """
    if rate is not None:
        return rate or None
    if budget.is_local_api(djstripe_settings.api_base()):
        return None
    return min(stripe_api.default_rate(livemode) for livemode in livemodes)


# ---- the run --------------------------------------------------------------------------


def _epoch(value: int | datetime.datetime | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.UTC)
        return int(value.timestamp())
    return int(value)


def _expected(parts: Sequence[Partition], found: dict[Any, SyncCheckpoint]) -> dict[Any, int]:
    """Sizes of complete listings from earlier runs, for the progress bar's ETA."""
    wanted = [p for p in parts if found[p.key].since is None and p.window is None]
    if not wanted:
        return {}
    rows = (
        SyncCheckpoint.objects.using(checkpoints.db_alias())
        .filter(status=SyncCheckpoint.Status.DONE, since__isnull=True)
        .exclude(run=found[wanted[0].key].run_id)
        .values("kind", "model_name", "account", "livemode")
        .annotate(size=Max("listed"))
    )
    sizes = {(r["kind"], r["model_name"], r["account"], r["livemode"]): r["size"] for r in rows}
    return {p.key: sizes[p.group] for p in wanted if p.group in sizes}


def _unfinished(found: dict[Any, SyncCheckpoint]) -> bool:
    return any(cp.status == SyncCheckpoint.Status.RUNNING for cp in found.values())


#: Partitions that ended well: listed to their end, or skipped (see :mod:`.refusals`).
ENDED_WELL = (SyncCheckpoint.Status.DONE, SyncCheckpoint.Status.SKIPPED)


def _status(found: dict[Any, SyncCheckpoint], report: Report, stop: threading.Event) -> str:
    unfinished = any(cp.status not in ENDED_WELL for cp in found.values())
    if stop.is_set() and unfinished:
        return SyncRun.Status.INTERRUPTED
    if report.errors or unfinished:
        return SyncRun.Status.FAILED
    return SyncRun.Status.COMPLETED


def failure_summary(report: Report) -> str:
    """One line per failure: what, where, and Stripe's request id."""
    return "\n".join(str(error) for error in report.errors)
