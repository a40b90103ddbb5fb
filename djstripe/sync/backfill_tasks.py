"""A backfill shared by the workers of a Django tasks backend: one task per partition.

:func:`enqueue_backfill` plans a run as :func:`~djstripe.sync.backfill.backfill`
does (accounts synced, checkpoints created), then queues :data:`sync_partition`
for each (model, account) partition. A worker lists its partition from its
checkpoint; a partition's nested lists are queued once it is done; the task that
finishes the last partition completes the run (events, links, re-reads).

Task arguments name the partition, never an API key: a worker finds the key of the
partition's platform among its own keys (database and settings). Each worker
process spends its own request budget (``rate``, requests per second).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from .. import stripe_api
from ..api_keys import livemode_of_key
from ..exceptions import ImproperlyConfiguredError
from ..task_framework import task
from . import checkpoints, partitions, run_options, scopes
from .backfill import Planned, complete_run, ended_on_error, plan_run, resolve_models
from .listing import Context, run_partition
from .partitions import LIST, NESTED, Partition, Scope
from .progress import Progress
from .report import Report
from .state import SyncCheckpoint, SyncRun

ACTIVE = (SyncCheckpoint.Status.PENDING, SyncCheckpoint.Status.RUNNING)
ENDED = (SyncCheckpoint.Status.DONE, SyncCheckpoint.Status.FAILED, SyncCheckpoint.Status.SKIPPED)


def sync_partition(
    run_id: int, kind: str, model_name: str, account: str, livemode: bool, rate: float = 0
) -> dict[str, Any]:
    """List one partition of run ``run_id`` from its checkpoint to its end (a task)."""
    run = SyncRun.objects.using(checkpoints.db_alias()).get(pk=run_id)
    checkpoint = SyncCheckpoint.objects.using(checkpoints.db_alias()).get(
        run=run, kind=kind, model_name=model_name, account=account, livemode=livemode
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
    with stripe_api.limit(rate or stripe_api.default_rate(livemode)):
        run_partition(part, checkpoint, ctx)
        with transaction.atomic(using=checkpoints.db_alias()):
            ctx.finishes.flush()
        if kind == LIST and checkpoint.status in ENDED:
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
    rate: float = 0,
    account: str | None = None,
) -> SyncRun:
    """Plan a run and queue a task per partition; return the run (follow its checkpoints).

    ``rate``: requests per second for each worker (default: half of Stripe's limit for
    the key's mode; with several workers, divide what you want in total by their number).
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
        rate=rate or None,
        account=account,
    )
    report = Report()
    run, options = run_options.open_run(requested, api_keys, resume=resume, notes=report.notes)
    ctx = Context(report, Progress(), required=options.selection().required)
    with ended_on_error(run):
        planned = plan_run(run, options, ctx)
    for part in planned.parts:
        checkpoint = planned.found[part.key]
        if part.kind == LIST and checkpoint.status in ACTIVE:
            _enqueue(planned.run, checkpoint, rate)
    _queue_nested_of_done(planned, rate)
    _complete_if_last(planned.run, rate)
    planned.run.refresh_from_db()
    return planned.run


def _enqueue(run: SyncRun, checkpoint: SyncCheckpoint, rate: float) -> None:
    sync_partition.enqueue(  # type: ignore[attr-defined]
        run.pk,
        checkpoint.kind,
        checkpoint.model_name,
        checkpoint.account,
        checkpoint.livemode,
        rate,
    )


def _queue_nested(run: SyncRun, parent: SyncCheckpoint, rate: float) -> None:
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


def _queue_nested_of_done(planned: Planned, rate: float) -> None:
    for part in planned.parts:
        checkpoint = planned.found[part.key]
        if part.kind == LIST and checkpoint.status in ENDED:
            _queue_nested(planned.run, checkpoint, rate)


def _complete_if_last(run: SyncRun, rate: float) -> None:
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
        (c.kind, c.model_name, c.account, c.livemode): c
        for c in SyncCheckpoint.objects.using(alias).filter(run=run)
    }
    options = run_options.restored(run, run_options.RunOptions(), None, [])
    reached = _scopes_of(options, found.values())
    planned = Planned(run, reached, [], found)
    ctx = Context(Report(run_id=run.pk), Progress(), required=options.selection().required)
    livemode = any(scope.livemode for scope in reached)
    with stripe_api.limit(rate or stripe_api.default_rate(livemode)):
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
    return Partition(checkpoint.kind, model, scope, checkpoint.account, nested)
