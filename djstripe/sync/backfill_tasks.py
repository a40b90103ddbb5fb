"""A backfill shared by the workers of a Django tasks backend: one task per partition.

:func:`enqueue_backfill` plans a run as :func:`~djstripe.sync.backfill.backfill`
does (accounts synced, checkpoints created), then queues :data:`sync_partition`
for each (model, account) partition. A worker lists its partition from its
checkpoint; a partition's nested lists are queued once it is done; the task that
finishes the last partition completes the run (events, links, re-reads).

Task arguments name the partition, never an API key: a worker finds the key of the
partition's platform among its own keys (database and settings). Each task spends
its share of the run's request budget: the run's rate divided by the number of
workers given when it was queued (a fixed share needs no shared counter; a task
worker cannot know how many others run). Against an API on this machine there is
no default budget.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from .. import stripe_api
from ..api_keys import livemode_of_key
from ..exceptions import ImproperlyConfiguredError
from ..stripe_api import budget
from ..task_framework import task
from . import checkpoints, collector, partitions, run_options, scopes
from .backfill import Planned, complete_run, ended_on_error, plan_run, resolve_models, run_rate
from .listing import Context, run_partition
from .partitions import LIST, NESTED, Partition, Scope
from .progress import Progress
from .report import Report
from .state import SyncCheckpoint, SyncRun

ACTIVE = (SyncCheckpoint.Status.PENDING, SyncCheckpoint.Status.RUNNING)
ENDED = (SyncCheckpoint.Status.DONE, SyncCheckpoint.Status.FAILED, SyncCheckpoint.Status.SKIPPED)


def sync_partition(
    run_id: int,
    kind: str,
    model_name: str,
    account: str,
    livemode: bool,
    rate: float | None = None,
    window: str = "",
) -> dict[str, Any]:
    """List one partition of run ``run_id`` from its checkpoint to its end (a task).

    ``rate``: this task's requests per second (``None``: Stripe's default share for the
    mode, none against a local API; ``0``: no limit). ``window``: the creation-time
    range of a split listing (``SyncCheckpoint.window``)."""
    run = SyncRun.objects.using(checkpoints.db_alias()).get(pk=run_id)
    checkpoint = SyncCheckpoint.objects.using(checkpoints.db_alias()).get(
        run=run,
        kind=kind,
        model_name=model_name,
        account=account,
        livemode=livemode,
        window=window,
    )
    claimed = (
        SyncCheckpoint.objects.using(checkpoints.db_alias())
        .filter(pk=checkpoint.pk, status=SyncCheckpoint.Status.PENDING)
        .update(status=SyncCheckpoint.Status.RUNNING)
    )
    if not claimed:  # queued twice, or done already: another worker has it
        return {"status": "skipped"}
    options = run_options.restored(run, run_options.RunOptions(), None, [])
    scope = Scope(_key_for(options, checkpoint.platform, livemode), checkpoint.platform, livemode)
    part = _partition(checkpoint, scope)
    ctx = Context(Report(run_id=run.pk), Progress(), required=options.selection().required)
    with collector.batch_collection(), stripe_api.limit(run_rate(rate, [livemode])):
        run_partition(part, checkpoint, ctx)
        with transaction.atomic(using=checkpoints.db_alias()):
            ctx.finishes.flush()
        if kind == LIST and checkpoint.status in ENDED and not _windows_left(checkpoint):
            _queue_nested(run, checkpoint, rate)
        _complete_if_last(run, rate)
    row = ctx.report.row(model_name, account)
    return {
        "status": checkpoint.status,
        "listed": row.listed,
        "created": row.created,
        "updated": row.updated,
        "unchanged": row.unchanged,
        "failed": row.failed,
        "requests": row.requests,
    }


if task is not None:
    #: The task (a plain function when no tasks framework is installed).
    sync_partition = task()(sync_partition)  # type: ignore[assignment]


def enqueue_backfill(
    models: Sequence[str | type] | None = None,
    api_keys: Sequence[str] | None = None,
    *,
    since: int | None = None,
    full: bool = False,
    nested_lists: bool = False,
    resume: bool = False,
    rate: float | None = None,
    account: str | None = None,
    workers: int = 1,
    ranges: int | None = None,
) -> SyncRun:
    """Plan a run and queue a task per partition; return the run (follow its checkpoints).

    ``rate``: requests per second for the whole run, shared by its ``workers`` (the
    task workers you run): each task takes ``rate / workers``. Default: half of Stripe's
    limit for the keys' mode (none against an API on this machine); ``0``: no limit.
    ``ranges``: creation-time windows per large listing (default ``2 * workers``
    with several workers), so that workers share a large model's listing.
    """
    if task is None:
        raise ImproperlyConfiguredError(
            "A backfill through tasks needs a tasks framework: Django 6, or the "
            "django-tasks package on Django 5.2."
        )
    requested = run_options.RunOptions(
        models=tuple(resolve_models(models)),
        since=since,
        full=full,
        nested_lists=nested_lists,
        rate=rate,
        account=account,
        ranges=ranges if ranges is not None else (2 * workers if workers > 1 else 0),
    )
    report = Report()
    run, options = run_options.open_run(requested, api_keys, resume=resume, notes=report.notes)
    ctx = Context(report, Progress(), required=options.selection().required)
    with ended_on_error(run):
        planned = plan_run(run, options, ctx)
    modes = [livemode_of_key(key) is True for key in options.api_keys]
    total = run_rate(options.rate, modes)
    rate = budget.share(total, workers) or 0  # 0: no limit (what a task understands)
    for part in planned.parts:
        checkpoint = planned.found[part.key]
        if part.kind == LIST and checkpoint.status in ACTIVE:
            _enqueue(planned.run, checkpoint, rate)
    _queue_nested_of_done(planned, rate)
    _complete_if_last(planned.run, rate)
    planned.run.refresh_from_db()
    return planned.run


def _enqueue(run: SyncRun, checkpoint: SyncCheckpoint, rate: float | None) -> None:
    sync_partition.enqueue(  # type: ignore[attr-defined]
        run.pk,
        checkpoint.kind,
        checkpoint.model_name,
        checkpoint.account,
        checkpoint.livemode,
        rate,
        checkpoint.window,
    )


def _windows_left(checkpoint: SyncCheckpoint) -> bool:
    """Whether other creation-time windows of this listing are still to be listed (the
    last one to end queues the nested lists that wait for the whole listing)."""
    return (
        SyncCheckpoint.objects.using(checkpoints.db_alias())
        .filter(
            run_id=checkpoint.run_id,
            kind=checkpoint.kind,
            model_name=checkpoint.model_name,
            account=checkpoint.account,
            livemode=checkpoint.livemode,
            status__in=ACTIVE,
        )
        .exclude(pk=checkpoint.pk)
        .exists()
    )


def _queue_nested(run: SyncRun, parent: SyncCheckpoint, rate: float | None) -> None:
    """Queue the nested lists that wait for this list partition (done, or failed: they
    read the parents that did arrive)."""
    for nested in partitions.nested_specs():
        if nested.parent.__name__ != parent.model_name:
            continue
        waiting = SyncCheckpoint.objects.using(checkpoints.db_alias()).filter(
            run=run,
            kind=NESTED,
            model_name=nested.child.__name__,
            account=parent.account,
            livemode=parent.livemode,
            status=SyncCheckpoint.Status.PENDING,
        )
        for checkpoint in waiting:
            _enqueue(run, checkpoint, rate)


def _queue_nested_of_done(planned: Planned, rate: float | None) -> None:
    for part in planned.parts:
        checkpoint = planned.found[part.key]
        if part.kind == LIST and checkpoint.status in ENDED and not _windows_left(checkpoint):
            _queue_nested(planned.run, checkpoint, rate)


def _complete_if_last(run: SyncRun, rate: float | None) -> None:
    """Complete the run once no partition is left; exactly one task does it."""
    alias = checkpoints.db_alias()
    if SyncCheckpoint.objects.using(alias).filter(run=run, status__in=ACTIVE).exists():
        return
    claimed = (
        SyncRun.objects.using(alias)
        .filter(pk=run.pk, status=SyncRun.Status.RUNNING, finished__isnull=True)
        .update(finished=timezone.now())
    )
    if not claimed:
        return
    found = {
        (c.kind, c.model_name, c.account, c.livemode, c.window): c
        for c in SyncCheckpoint.objects.using(alias).filter(run=run)
    }
    options = run_options.restored(run, run_options.RunOptions(), None, [])
    reached = _scopes_of(options, found.values())
    planned = Planned(run, reached, [], found)
    ctx = Context(Report(run_id=run.pk), Progress(), required=options.selection().required)
    with stripe_api.limit(run_rate(rate, [scope.livemode for scope in reached])):
        complete_run(planned, ctx)


def _scopes_of(options: run_options.RunOptions, found: Any) -> list[Scope]:
    accounts: dict[tuple[str, bool], set[str]] = {}
    for checkpoint in found:
        accounts.setdefault((checkpoint.platform, checkpoint.livemode), set()).add(
            checkpoint.account
        )
    return [
        Scope(
            _key_for(options, platform, livemode),
            platform,
            livemode,
            tuple(sorted(ids - {platform})),
        )
        for (platform, livemode), ids in sorted(accounts.items())
    ]


def _key_for(options: run_options.RunOptions, platform: str, livemode: bool) -> str:
    """This worker's key of ``platform`` in that mode, among the run's keys (keys are
    never task arguments: the run stores what identifies them)."""
    for key in options.api_keys:
        if (livemode_of_key(key) is True) != livemode:
            continue
        if scopes.platform_id(key, options.account) == platform:
            return key
    raise ImproperlyConfiguredError(
        f"No {'live' if livemode else 'test'} secret key of account {platform} in the "
        "database or settings of this worker."
    )


def _partition(checkpoint: SyncCheckpoint, scope: Scope) -> Partition:
    model = partitions.model_named(checkpoint.model_name)
    nested = None
    if checkpoint.kind == NESTED:
        nested = next(n for n in partitions.nested_specs() if n.child is model)
    window = partitions.Window.parse(checkpoint.window)
    return Partition(checkpoint.kind, model, scope, checkpoint.account, nested, window=window)
