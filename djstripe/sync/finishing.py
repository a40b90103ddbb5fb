"""After the partitions: catch up from events, link what pages left unlinked, re-read
what the engine could not settle.

Each step is idempotent, so a resumed run simply repeats the ones that did not
complete.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import Any

import stripe
from django.apps import apps
from django.db import transaction
from django.db.models import Exists, OuterRef

from .. import settings as djstripe_settings
from .. import stripe_api
from ..exceptions import SyncError
from . import (
    catchup,
    checkpoints,
    derived,
    engine,
    links,
    refusals,
    registry,
    statements,
    statistics,
)
from .listing import Context
from .partitions import EVENTS, LIST, Scope
from .report import Row, Skipped
from .rows import root_model
from .source import Source
from .state import PendingReread, SyncCheckpoint, SyncPendingLink, SyncRun

logger = logging.getLogger(__name__)

#: Re-reads queued by the engine that one run works through (the rest wait for the next).
MAX_REREADS = 1000


def finish_run(run: SyncRun, scopes: Sequence[Scope], ctx: Context) -> None:
    using = checkpoints.db_alias()
    created = {name for (name, _account), row in ctx.report.rows.items() if row.created}
    if created:
        with ctx.db_lock:
            statistics.refresh(created, using=using)
    for scope in scopes:
        for account in scope.accounts:
            if ctx.stop.is_set():
                return
            _events(run, scope, account, ctx)
    forget_stale_links(using)
    listed = set(
        SyncCheckpoint.objects.using(using)
        .filter(run=run, kind=LIST, status=SyncCheckpoint.Status.DONE)
        .values_list("model_name", "account")
    )
    with stripe_api.counting() as counter, ctx.db_lock:
        result = links.fill(
            reach=reacher(scopes),
            using=using,
            listed=listed,
            fetch=djstripe_settings.fetch_missing_references(),
        )
    for account, outcome in result.outcomes:
        ctx.report.add_outcome(outcome, account)
    ctx.report.add("(references)", "", Row(requests=counter.total))
    if result.fetched or result.linked or result.listed:
        ctx.progress.note(
            f"Linked {result.linked:,} references after the listings; "
            f"{result.listed:,} objects read from other lists and {result.fetched:,} "
            "retrieved one by one to supply the rest."
        )
    if result.errors:
        ctx.report.notes.append(
            f"{result.errors} referenced objects could not be fetched; the next run retries."
        )
    _rereads(scopes, ctx)
    refresh_derived(run, ctx)


#: Rows per call of a model's ``after_sync`` at the end of a run.
DERIVED_CHUNK = 1000


def refresh_derived(run: SyncRun, ctx: Context) -> None:
    """Refresh the models' derived links (such as an invoice's charge from its payments)
    once over every row the run wrote, now that every table is filled, instead of once
    per page while some of the tables they read were still empty."""
    using = checkpoints.db_alias()
    for model in registry.stripe_models():
        owner = registry.derived_links_owner(model)
        if not derived.refreshes(owner or model):
            continue
        if owner is not None and not _older_rows(owner, run.started, ctx, using):
            continue  # the owner's own pass reaches every subject (a first run)
        for ids in _written_since(model, run.started, ctx, using):
            with ctx.db_lock:
                with transaction.atomic(using=using):
                    _refresh_chunk(model, owner, ids, run, using)
                # The chunk's statements (long IN lists) are not run again: drop them.
                statements.trim(using, keep=0)


def _refresh_chunk(model: Any, owner: Any, ids: list[str], run: SyncRun, using: str) -> None:
    if owner is None:
        derived.refresh(model, ids, using=using)
        return
    # A model feeding another's refresh (charges and invoice payments feed the
    # invoices') refreshes only the subjects that pass does not reach: those not
    # written in this run. Memory stays one chunk.
    subjects = model.derived_subjects(ids, using=using)
    rest = list(
        owner._base_manager.using(using)
        .filter(id__in=subjects, djstripe_updated__lt=run.started)
        .values_list("id", flat=True)
    )
    if rest:
        derived.refresh(owner, rest, using=using)


def _older_rows(model: Any, started: Any, ctx: Context, using: str) -> bool:
    """Whether any of the model's rows was last written before the run started (rows
    are never written with an older time, so none can appear later)."""
    with ctx.db_lock:
        return bool(model._base_manager.using(using).filter(djstripe_updated__lt=started).exists())


def _written_since(model: Any, started: Any, ctx: Context, using: str) -> Iterator[list[str]]:
    """Ids of the model's rows written since ``started``, in chunks."""
    rows = model._base_manager.using(using).filter(djstripe_updated__gte=started)
    last = ""
    while True:
        with ctx.db_lock:
            ids = list(
                rows.filter(id__gt=last).order_by("id").values_list("id", flat=True)[:DERIVED_CHUNK]
            )
        if not ids:
            return
        yield ids
        last = ids[-1]


def reacher(scopes: Sequence[Scope]) -> links.Reach:
    """(api key, Stripe-Account) that reaches the objects of an owner account."""
    routes: dict[tuple[str, bool], tuple[str, str | None]] = {}
    for scope in scopes:
        routes.setdefault((scope.platform, scope.livemode), (scope.api_key, None))
        for account in scope.connected:
            routes.setdefault((account, scope.livemode), (scope.api_key, account))

    def reach(account: str, livemode: bool | None) -> tuple[str, str | None] | None:
        for mode in (livemode,) if livemode is not None else (False, True):
            if (account, mode) in routes:
                return routes[(account, mode)]
        return None

    return reach


def _events(run: SyncRun, scope: Scope, account: str, ctx: Context) -> None:
    if checkpoints.done(run, EVENTS, account, scope.livemode):
        return
    windows = checkpoints.event_windows(run).get((account, scope.livemode), {})
    if not windows:
        return
    checkpoint, _ = SyncCheckpoint.objects.using(checkpoints.db_alias()).get_or_create(
        run=run,
        kind=EVENTS,
        model_name="Event",
        account=account,
        livemode=scope.livemode,
        defaults={"platform": scope.platform, "position": 10**6},
    )
    with stripe_api.counting() as counter:
        try:
            with ctx.db_lock:
                result = catchup.catch_up(
                    api_key=scope.api_key,
                    stripe_account=None if account == scope.platform else account,
                    owner=account,
                    windows=windows,
                    within=links.recorder(scope.livemode, checkpoints.db_alias()),
                )
        except stripe.StripeError as error:
            request_id = getattr(error, "request_id", None) or counter.last_request_id
            _events_failed(run, scope, account, checkpoint, error, request_id, ctx)
            return
    if result.outcome is not None:
        ctx.report.add_outcome(result.outcome, account, count_listed=False)
    ctx.report.add("Event", account, Row(listed=result.events, requests=counter.total))
    checkpoints.finish(checkpoint, SyncCheckpoint.Status.DONE, seconds=0.0, requests=counter.total)
    SyncCheckpoint.objects.using(checkpoints.db_alias()).filter(pk=checkpoint.pk).update(
        listed=result.events, updated=result.applied
    )
    if result.applied:
        ctx.progress.note(
            f"Applied {result.applied:,} changed objects from {result.events:,} events "
            f"on {account}."
        )


def _events_failed(
    run: SyncRun,
    scope: Scope,
    account: str,
    checkpoint: SyncCheckpoint,
    error: stripe.StripeError,
    request_id: str | None,
    ctx: Context,
) -> None:
    """Events that could not be read. A key that may not read them (a restricted key)
    only loses the changes made while the run listed, if every listing of the account
    was complete: skipped, and the next run lists everything again (see
    :func:`.checkpoints.events_unreadable`). After an incremental listing they were the
    only source of what changed since the previous run: a failure."""
    refused = refusals.refusal(error)
    incremental = (
        SyncCheckpoint.objects.using(checkpoints.db_alias())
        .filter(run=run, account=account, livemode=scope.livemode, since__isnull=False)
        .exclude(kind=EVENTS)
        .exists()
    )
    if refused is not None and not incremental:
        ctx.report.skip(Skipped("Event", account, refused.reason, refused.message))
        ctx.report.notes.append(
            f"Events of {account} {refused.reason}: changes made while the run listed are "
            "not applied; the next run lists everything again."
        )
        checkpoints.finish(
            checkpoint, SyncCheckpoint.Status.SKIPPED, seconds=0.0, error=refused.reason
        )
        return
    what = f"{refused.reason}: {refused.message}" if refused else refusals.describe(error)
    failure = SyncError(
        f"Catching up from events failed: {what}",
        model="Event",
        account=account,
        request_id=request_id,
    )
    ctx.report.fail(failure)
    checkpoints.finish(checkpoint, SyncCheckpoint.Status.FAILED, seconds=0.0, error=str(failure))


def forget_stale_links(using: str) -> None:
    """Drop pending links of rows rewritten since (their new data was linked when written)."""
    for model_label in (
        SyncPendingLink.objects.using(using).values_list("model_label", flat=True).distinct()
    ):
        try:
            model = apps.get_model(model_label)
        except LookupError:
            continue
        current = (
            root_model(model)
            ._base_manager.using(using)
            .filter(id=OuterRef("stripe_id"), djstripe_hash=OuterRef("data_hash"))
        )
        SyncPendingLink.objects.using(using).filter(model_label=model_label).exclude(
            Exists(current)
        ).delete()


def _rereads(scopes: Sequence[Scope], ctx: Context) -> None:
    """Re-read objects whose state the engine could not settle (a failed fetch, a tie)."""
    using = checkpoints.db_alias()
    queued = list(PendingReread.objects.using(using).order_by("pk")[:MAX_REREADS])
    if not queued:
        return
    reach = reacher(scopes)
    done = []
    for entry in queued:
        model = registry.model_by_name(entry.model_name)
        route = _route_for(entry, scopes, reach)
        if model is None or not model.api_path or route is None:
            continue
        api_key, stripe_account = route
        try:
            data, stamp = model.fetch_for_reference(
                entry.stripe_id, api_key=api_key, stripe_account=stripe_account
            )
        except stripe.InvalidRequestError as error:
            if getattr(error, "http_status", None) == 404:
                data = {"id": entry.stripe_id, "object": model.stripe_object, "deleted": True}
                stamp = 0
            else:
                continue
        except stripe.StripeError:
            continue
        source = Source.api(stamp or None, api_key=api_key, stripe_account=stripe_account)
        with ctx.db_lock:
            engine.sync_entries([engine.Entry(model, data, source)], after_sync=False)
        done.append(entry.pk)
    PendingReread.objects.using(using).filter(pk__in=done).delete()


def _route_for(
    entry: PendingReread, scopes: Sequence[Scope], reach: links.Reach
) -> tuple[str, str | None] | None:
    if entry.stripe_account:
        return reach(entry.stripe_account, entry.livemode)
    for scope in scopes:
        if entry.livemode in (None, scope.livemode):
            return scope.api_key, None
    return None
