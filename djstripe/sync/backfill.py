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
import ipaddress
import threading
import time
import urllib.parse
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import stripe
from django.db import connections
from django.db.models import Max

from .. import settings as djstripe_settings
from .. import stripe_api
from ..api_keys import all_api_keys, livemode_of_key, mask_key, validate_secret_key
from ..exceptions import ImproperlyConfiguredError
from ..models.sync_state import SyncCheckpoint, SyncRun
from . import checkpoints, engine, finishing, partitions
from .listing import Context
from .partitions import LIST, Partition, Scope, Selection
from .progress import Progress
from .report import Report, Row
from .source import Source
from .workers import db_lock_for, run_all

__all__ = ["Report", "backfill", "resolve_api_keys", "resolve_models"]


def backfill(
    models: Sequence[str | type] | None = None,
    api_keys: Sequence[str] | None = None,
    *,
    resume: bool = False,
    since: int | datetime.datetime | None = None,
    full: bool = False,
    rate: float | None = None,
    workers: int = 1,
    nested_lists: bool = False,
    progress: Progress | None = None,
    stop: threading.Event | None = None,
    retry_policy: stripe_api.RetryPolicy | None = None,
    sleep: Callable[[float], None] | None = None,
) -> Report:
    """Mirror ``models`` (names or classes; default: every listable model) for every key.

    * ``api_keys``: default, every secret key in the database and in settings.
    * ``resume``: continue the last run that did not complete (its models and options).
    * ``since``: list only objects created after this time; default, after the
      previous complete listing of each partition. ``full``: list everything.
    * ``rate``: requests per second shared by all workers; default half of Stripe's
      limit for the keys' mode (50 live, 12 test); ``0``: no limit.
    * ``workers``: (model, account) partitions listed at the same time.
    * ``nested_lists``: also read lists Stripe serves only per parent that the parent
      does not declare (a customer's payment methods: one request per customer).
    * ``stop``: set it to stop after the pages in flight (resume later).
    * ``retry_policy``/``sleep``: how failed requests are retried (tests inject ``sleep``).

    Returns the :class:`Report`; failures are in ``report.errors``, never raised
    (except bad arguments: unknown models, malformed keys, no keys).
    """
    keys = resolve_api_keys(api_keys)
    chosen = resolve_models(models)
    if connections[checkpoints.db_alias()].in_atomic_block:
        workers = 1  # other threads' connections could not see the caller's transaction
    report = Report()
    progress = progress or Progress()
    stop = stop or threading.Event()
    started = time.monotonic()
    with ExitStack() as stack:
        stack.enter_context(stripe_api.limit(_rate(rate, keys)))
        if retry_policy is not None or sleep is not None:
            stack.enter_context(
                stripe_api.retrying(
                    retry_policy or stripe_api.DEFAULT_POLICY, sleep=sleep or time.sleep
                )
            )
        counter = stack.enter_context(stripe_api.counting())
        ctx = Context(report, progress, stop, db_lock_for(checkpoints.db_alias(), workers))
        planned = plan_run(
            keys, chosen, ctx, resume=resume, since=since, full=full, nested_lists=nested_lists
        )
        progress.start(planned.parts, _expected(planned.parts, planned.found))
        run_all(planned.parts, planned.found, ctx, workers=workers)
        status = complete_run(planned, ctx)
    report.status = status
    report.seconds = time.monotonic() - started
    # Partitions, accounts and events count their own requests (in their rows).
    report.requests = counter.total + sum(row.requests for row in report.rows.values())
    progress.finish(report)
    return report


@dataclass
class Planned:
    """A run ready to execute: its accounts, partitions and their checkpoints."""

    run: SyncRun
    scopes: list[Scope]
    parts: list[Partition]
    found: dict[checkpoints.Key, SyncCheckpoint]


def plan_run(
    keys: Sequence[str],
    chosen: list[Any],
    ctx: Context,
    *,
    resume: bool = False,
    since: int | datetime.datetime | None = None,
    full: bool = False,
    nested_lists: bool = False,
) -> Planned:
    """Open (or reopen) a run, sync every key's accounts, create the checkpoints."""
    run, selection, since_option = _open_run(chosen, resume, since, full, nested_lists, ctx.report)
    ctx.report.run_id = run.pk
    scopes = _scopes(keys, ctx)
    parts = partitions.partitions(selection, scopes)
    found = checkpoints.checkpoints_for(run, parts, since_option, ctx.report.notes)
    for note in ctx.report.notes:
        ctx.progress.note(note)
    return Planned(run, scopes, parts, found)


def complete_run(planned: Planned, ctx: Context) -> str:
    """After the partitions: events, links and re-reads (unless stopped); the run's status."""
    if not ctx.stop.is_set() and not _unfinished(planned.found):
        finishing.finish_run(planned.run, planned.scopes, ctx)
    status = _status(planned.found, ctx.report, ctx.stop)
    checkpoints.finish_run(planned.run, status)
    return status


# ---- arguments ------------------------------------------------------------------------


def resolve_api_keys(api_keys: Sequence[str] | None = None) -> list[str]:
    """The keys to sync, validated and de-duplicated (default: database, then settings)."""
    given = list(api_keys or []) or all_api_keys()
    keys: list[str] = []
    for key in given:
        validate_secret_key(key)  # InvalidAPIKeyError names the key masked
        if key not in keys:
            keys.append(key)
    if not keys:
        raise ImproperlyConfiguredError(
            "No Stripe secret key to sync with: add an APIKey in the admin, set "
            "STRIPE_TEST_SECRET_KEY / STRIPE_LIVE_SECRET_KEY, or pass api_keys."
        )
    return keys


def resolve_models(models: Sequence[str | type] | None) -> list[Any]:
    """Model classes for names (any case); ``LookupError`` lists the valid names."""
    return [partitions.model_named(m) if isinstance(m, str) else m for m in models or ()]


def _rate(rate: float | None, keys: Sequence[str]) -> float | None:
    """Requests per second for the run (None: no limit).

    The default protects Stripe's rate limits, so it applies to Stripe: against an API
    on this machine (the bundled double, stripe-mock) there is none unless asked.
    """
    if rate is not None:
        return rate or None
    if _local_api():
        return None
    return min(stripe_api.default_rate(livemode_of_key(key) is True) for key in keys)


def _local_api() -> bool:
    host = urllib.parse.urlsplit(djstripe_settings.api_base()).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# ---- the run --------------------------------------------------------------------------


def _open_run(
    chosen: list[Any],
    resume: bool,
    since: int | datetime.datetime | None,
    full: bool,
    nested_lists: bool,
    report: Report,
) -> tuple[SyncRun, Selection, checkpoints.Since]:
    run = checkpoints.resumable_run() if resume else None
    if resume and run is None:
        report.notes.append("No interrupted run to resume: starting a new one.")
    if run is not None:
        checkpoints.reopen(run)
        options = run.options or {}
        chosen = resolve_models(run.model_names)
        nested_lists = bool(options.get("nested_lists"))
        since_option = checkpoints.Since(
            full=bool(options.get("full")), explicit=options.get("since")
        )
        report.notes.append(f"Resuming run {run.pk} (started {run.started:%Y-%m-%d %H:%M}).")
    else:
        explicit = _epoch(since)
        since_option = checkpoints.Since(full=full, explicit=explicit)
        options = {"since": explicit, "full": full, "nested_lists": nested_lists}
        run = checkpoints.start_run([m.__name__ for m in chosen], options)
    return run, partitions.select(chosen, nested_lists=nested_lists), since_option


def _epoch(value: int | datetime.datetime | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.UTC)
        return int(value.timestamp())
    return int(value)


def _scopes(keys: Sequence[str], ctx: Context) -> list[Scope]:
    """Each key's platform account and its connected accounts, synced (listed once)."""
    account_model = partitions.account_model()
    scopes: dict[tuple[str, bool], Scope] = {}
    for key in keys:
        livemode = livemode_of_key(key) is True
        started = time.monotonic()
        with stripe_api.counting() as counter:
            data, stamp = stripe_api.retrieve("/v1/account", api_key=key)
            platform = data["id"]
            stripe_api.remember_platform_account(key, platform)
            scope = Scope(key, platform, livemode)
            announce = Partition(LIST, account_model, scope, platform)
            ctx.progress.partition_started(announce)
            row = Row(listed=1)
            with ctx.db_lock:
                _write_accounts([data], stamp, key, platform, ctx)
            connected = []
            try:
                for page in stripe_api.pages("/v1/accounts", api_key=key):
                    connected.extend(obj["id"] for obj in page.objects)
                    row.listed += len(page.objects)
                    with ctx.db_lock:
                        _write_accounts(page.objects, page.stamp, key, platform, ctx)
            except (stripe.PermissionError, stripe.InvalidRequestError) as error:
                ctx.report.notes.append(
                    f"Connected accounts of {mask_key(key)} not listed ({error.user_message}); "
                    "syncing the platform account only."
                )
        row.requests = counter.total
        row.seconds = time.monotonic() - started
        ctx.report.add(
            account_model.__name__, platform, Row(requests=row.requests, seconds=row.seconds)
        )
        ctx.progress.partition_finished(announce, ctx.report.row(account_model.__name__, platform))
        scopes.setdefault((platform, livemode), Scope(key, platform, livemode, tuple(connected)))
    return list(scopes.values())


def _write_accounts(
    objects: list[dict[str, Any]], stamp: int, key: str, platform: str, ctx: Context
) -> None:
    model = partitions.account_model()
    source = Source.api(stamp, api_key=key, owner_account=platform, fetch_missing=False)
    result = engine.sync_batch(model, objects, source=source, after_sync=False)
    ctx.report.add_outcome(result.outcome, platform, listed_model=model.__name__)
    ctx.report.add(model.__name__, platform, Row(listed=len(objects)))


def _expected(parts: Sequence[Partition], found: dict[Any, SyncCheckpoint]) -> dict[Any, int]:
    """Sizes of complete listings from earlier runs, for the progress bar's ETA."""
    wanted = [p for p in parts if found[p.key].since is None]
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
    return {p.key: sizes[p.key] for p in wanted if p.key in sizes}


def _unfinished(found: dict[Any, SyncCheckpoint]) -> bool:
    return any(cp.status == SyncCheckpoint.Status.RUNNING for cp in found.values())


def _status(found: dict[Any, SyncCheckpoint], report: Report, stop: threading.Event) -> str:
    unfinished = any(cp.status != SyncCheckpoint.Status.DONE for cp in found.values())
    if stop.is_set() and unfinished:
        return SyncRun.Status.INTERRUPTED
    if report.errors or any(cp.status != SyncCheckpoint.Status.DONE for cp in found.values()):
        return SyncRun.Status.FAILED
    return SyncRun.Status.COMPLETED


def failure_summary(report: Report) -> str:
    """One line per failure: what, where, and Stripe's request id."""
    return "\n".join(str(error) for error in report.errors)
