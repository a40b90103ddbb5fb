"""Runs and checkpoints in the database: where each partition got, and what to list next.

A partition's checkpoint is updated in the transaction that writes each page, so
after a crash its cursor names the last page that is in the database: a resumed
run re-reads at most the page that was in flight.

A later run lists only what was created since the last complete listing of the
same partition (its *baseline*); the Events API supplies what changed meanwhile,
so that shortcut is only taken while Stripe still keeps those events (30 days).
"""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import router
from django.db.models import Exists, F, Max, OuterRef
from django.utils import timezone

from .. import settings as djstripe_settings
from .partitions import EVENTS, Partition
from .state import SyncCheckpoint, SyncRun

#: Stripe keeps events for 30 days; an incremental run needs all of them since its baseline.
EVENTS_RETENTION = 30 * 86400
#: Safety margin on that window (clocks, a run that takes long).
RETENTION_MARGIN = 86400

Key = tuple[str, str, str, bool, str]
"""(kind, model name, account, livemode, window): one checkpoint of a run."""


@dataclass(frozen=True)
class Since:
    """How a run chooses what to list: everything, or objects created after a time."""

    full: bool = False
    """List everything (``--full``)."""
    explicit: int | None = None
    """List objects created after this epoch second (``--since``)."""


def db_alias() -> str:
    return router.db_for_write(SyncCheckpoint)


def resumable_run() -> SyncRun | None:
    """The latest run that did not complete, if any."""
    return (
        SyncRun.objects.using(db_alias())
        .exclude(status=SyncRun.Status.COMPLETED)
        .order_by("-pk")
        .first()
    )


def start_run(model_names: Sequence[str], options: dict[str, Any]) -> SyncRun:
    """A new run; its options record the API version it syncs at (``djstripe.W012``
    compares it with the version in use)."""
    options = {**options, "api_version": djstripe_settings.api_version()}
    return SyncRun.objects.using(db_alias()).create(
        model_names=list(model_names), options=options, status=SyncRun.Status.RUNNING
    )


def reopen(run: SyncRun) -> None:
    """Mark a resumed run as running again; failed partitions are retried."""
    alias = db_alias()
    SyncRun.objects.using(alias).filter(pk=run.pk).update(
        status=SyncRun.Status.RUNNING, finished=None
    )
    SyncCheckpoint.objects.using(alias).filter(run=run).exclude(
        status=SyncCheckpoint.Status.DONE
    ).update(status=SyncCheckpoint.Status.PENDING, error="")
    run.status = SyncRun.Status.RUNNING


def finish_run(run: SyncRun, status: str) -> None:
    SyncRun.objects.using(db_alias()).filter(pk=run.pk).update(
        status=status, finished=timezone.now()
    )
    run.status = status
    forget_old_runs()


def forget_old_runs() -> int:
    """Delete runs (and their checkpoints) older than Stripe keeps events: their listings
    can no longer be a baseline, so nothing reads them. Returns how many runs went."""
    cutoff = timezone.now() - datetime.timedelta(seconds=EVENTS_RETENTION + RETENTION_MARGIN)
    old = SyncRun.objects.using(db_alias()).filter(started__lt=cutoff)
    SyncCheckpoint.objects.using(db_alias()).filter(run__in=old.values("pk")).delete()
    return old.delete()[1].get(SyncRun._meta.label, 0)


def checkpoints_for(
    run: SyncRun, parts: Sequence[Partition], since: Since, notes: list[str]
) -> dict[Key, SyncCheckpoint]:
    """The run's checkpoint of every partition, creating the missing ones (one query each way)."""
    alias = db_alias()
    existing = {_key(cp): cp for cp in SyncCheckpoint.objects.using(alias).filter(run=run)}
    baselines = _baselines()
    no_events = events_unreadable()
    stale_before = int(time.time()) - EVENTS_RETENTION + RETENTION_MARGIN
    new = []
    for part in parts:
        if part.key in existing:
            continue
        previous = baselines.get(part.group)
        if previous is not None and (part.account, part.livemode) in no_events:
            _note_once(
                notes,
                f"Events of {part.account} could not be read by the last run: listing "
                "everything (only events bring the changes to objects listed before).",
            )
            previous = None
        start, baseline = _choose(part, since, previous, stale_before, notes)
        if part.window is not None and part.window.end is not None:
            baseline = False  # the open-ended last window is the listing's baseline
        new.append(
            SyncCheckpoint(
                run=run,
                kind=part.kind,
                model_name=part.model_name,
                account=part.account,
                platform=part.platform,
                livemode=part.livemode,
                position=part.position,
                window=part.window.stored if part.window else "",
                since=start,
                baseline=baseline,
            )
        )
    if new:
        SyncCheckpoint.objects.using(alias).bulk_create(new)
        existing = {_key(cp): cp for cp in SyncCheckpoint.objects.using(alias).filter(run=run)}
    return existing


def _choose(
    part: Partition, since: Since, previous: int | None, stale_before: int, notes: list[str]
) -> tuple[int | None, bool]:
    """(created[gt] bound or None, whether completing the listing makes a new baseline)."""
    if since.full or not getattr(part.model, "list_created_filter", True):
        return None, True
    if since.explicit is not None:
        return since.explicit, previous is not None and since.explicit <= previous
    if previous is None:
        return None, True
    if previous < stale_before:
        notes.append(
            f"{part}: the last complete listing is older than Stripe keeps events; "
            "listing everything again."
        )
        return None, True
    return previous, True


def events_unreadable() -> set[tuple[str, bool]]:
    """(account, livemode) whose latest events catch-up was refused (a restricted key
    without the permission): no later run can rely on events for what changed."""
    latest: dict[tuple[str, bool], str] = {}
    rows = (
        SyncCheckpoint.objects.using(db_alias())
        .filter(kind=EVENTS)
        .exclude(status__in=(SyncCheckpoint.Status.PENDING, SyncCheckpoint.Status.RUNNING))
        .order_by("run_id")
        .values_list("account", "livemode", "status")
    )
    for account, livemode, status in rows:
        latest[(account, livemode)] = status
    return {key for key, status in latest.items() if status == SyncCheckpoint.Status.SKIPPED}


def _note_once(notes: list[str], note: str) -> None:
    if note not in notes:
        notes.append(note)


def _baselines() -> dict[tuple[str, str, str, bool], int]:
    """Stripe time of the latest complete baseline listing of every partition (a listing
    split into creation-time windows is complete once every window of its run is done)."""
    unfinished_window = SyncCheckpoint.objects.filter(
        run=OuterRef("run"),
        kind=OuterRef("kind"),
        model_name=OuterRef("model_name"),
        account=OuterRef("account"),
        livemode=OuterRef("livemode"),
    ).exclude(status=SyncCheckpoint.Status.DONE)
    rows = (
        SyncCheckpoint.objects.using(db_alias())
        .filter(status=SyncCheckpoint.Status.DONE, baseline=True, started_stamp__isnull=False)
        .exclude(kind=EVENTS)
        .exclude(Exists(unfinished_window))
        .values("kind", "model_name", "account", "livemode")
        .annotate(stamp=Max("started_stamp"))
    )
    return {
        (row["kind"], row["model_name"], row["account"], row["livemode"]): row["stamp"]
        for row in rows
    }


def _key(cp: SyncCheckpoint) -> Key:
    return (cp.kind, cp.model_name, cp.account, cp.livemode, cp.window)


def record_page(
    checkpoint: SyncCheckpoint,
    *,
    cursor: str,
    listed: int,
    created: int,
    updated: int,
    unchanged: int,
    failed: int,
    requests: int,
    started_stamp: int | None = None,
) -> None:
    """Advance the checkpoint past one page (call inside the page's write transaction)."""
    values: dict[str, Any] = {
        "cursor": cursor,
        "pages": F("pages") + 1,
        "listed": F("listed") + listed,
        "created": F("created") + created,
        "updated": F("updated") + updated,
        "unchanged": F("unchanged") + unchanged,
        "failed": F("failed") + failed,
        "requests": F("requests") + requests,
        "status": SyncCheckpoint.Status.RUNNING,
    }
    if started_stamp is not None and checkpoint.started_stamp is None:
        values["started_stamp"] = started_stamp
        checkpoint.started_stamp = started_stamp
    SyncCheckpoint.objects.using(db_alias()).filter(pk=checkpoint.pk).update(**values)
    checkpoint.cursor = cursor


def finish(
    checkpoint: SyncCheckpoint,
    status: str,
    *,
    seconds: float,
    requests: int = 0,
    error: str = "",
    started_stamp: int | None = None,
) -> None:
    """Mark a partition done or failed (its counts were added page by page)."""
    values: dict[str, Any] = {
        "status": status,
        "seconds": F("seconds") + seconds,
        "requests": F("requests") + requests,
        "error": error[:2000],
    }
    if started_stamp is not None and checkpoint.started_stamp is None:
        values["started_stamp"] = started_stamp
        checkpoint.started_stamp = started_stamp
    SyncCheckpoint.objects.using(db_alias()).filter(pk=checkpoint.pk).update(**values)
    checkpoint.status = status


class DeferredFinishes:
    """Partition endings written with the next page's transaction (or at the end of the
    partitions), not in transactions of their own: every commit to a file database waits
    for the disk. Until one is written, a resumed run lists that partition's last page
    (an empty one, past the cursor) once more.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pending: list[tuple[SyncCheckpoint, str, dict[str, Any]]] = []

    def add(self, checkpoint: SyncCheckpoint, status: str, **values: Any) -> None:
        checkpoint.status = status
        with self.lock:
            self.pending.append((checkpoint, status, values))

    def flush(self) -> list[tuple[SyncCheckpoint, str, dict[str, Any]]]:
        """Write the queued endings (inside the caller's transaction); return them, for
        :meth:`requeue` should that transaction roll back."""
        with self.lock:
            pending, self.pending = self.pending, []
        for checkpoint, status, values in pending:
            finish(checkpoint, status, **values)
        return pending

    def requeue(self, endings: list[tuple[SyncCheckpoint, str, dict[str, Any]]]) -> None:
        """Queue again endings whose transaction rolled back."""
        if endings:
            with self.lock:
                self.pending[:0] = endings


def event_windows(run: SyncRun) -> dict[tuple[str, bool], dict[str, int]]:
    """Per (account, livemode): model name -> the Stripe time from which events apply.

    An incremental listing's window starts at its ``since`` (what the last run saw);
    a complete listing's at its own first page (what changed while it ran).
    """
    windows: dict[tuple[str, bool], dict[str, int]] = {}
    rows = (
        SyncCheckpoint.objects.using(db_alias())
        .filter(run=run)
        .exclude(kind=EVENTS)
        .values_list("model_name", "account", "livemode", "since", "started_stamp")
    )
    for model_name, account, livemode, since, started in rows:
        start = since if since is not None else started
        if start is None:
            continue
        models = windows.setdefault((account, livemode), {})
        models[model_name] = min(start, models.get(model_name, start))
    return windows


def done(run: SyncRun, kind: str, account: str, livemode: bool) -> bool:
    return (
        SyncCheckpoint.objects.using(db_alias())
        .filter(
            run=run,
            kind=kind,
            account=account,
            livemode=livemode,
            status=SyncCheckpoint.Status.DONE,
        )
        .exists()
    )
