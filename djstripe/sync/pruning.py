"""Pruning: rows that a complete listing did not return are gone upstream.

Stripe keeps events for 30 days, so an object deleted while nothing listened (no
webhook, no run within those days) leaves no trace but its absence. A *complete*
listing of a partition (one model, one account, one mode: every page from the first,
without a ``created`` bound, ended without error) proves that absence: each row of
that partition the listing did not return is deleted as its model declares
(``deletion``: removed with a tombstone, or marked deleted; a model whose deletion is
its final state, such as a subscription, has no final state to write and is removed
with a tombstone), through the engine, so every rule of :mod:`.source` holds.

What is never pruned:

* rows written after the listing began (``djstripe_stamp``: a webhook during the run),
  and objects created after it began (``created``): the listing could not see them;
* a listing that failed, was stopped, resumed from a cursor (its earlier pages were
  read by another process), or bounded by ``created`` (an incremental run); one
  creation-time window of a split listing prunes only the rows created in it;
* rows of another account or mode, rows whose owner account is unknown, and rows
  already marked deleted;
* models whose listing does not return every object (``list_holds_all = False``:
  open reviews only, active prices only) and lists read per parent (those prune
  their own children per parent, see :class:`~djstripe.sync.declarations.ChildList`).

Children embedded in a pruned parent (an invoice's lines) go with it.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Container, Iterator
from enum import StrEnum
from typing import Any

from django.db import router
from django.db.models import Q, QuerySet

from ..exceptions import SyncError
from . import engine
from .declarations import DeletionMode, SoftDelete
from .outcome import Decision
from .partitions import LIST, Partition, Window
from .report import Pruned
from .seen import SeenIds
from .source import Source

logger = logging.getLogger(__name__)

#: Stored ids read per query while looking for rows the listing did not return.
CHUNK = 2000
#: Rows deleted per engine call (one transaction).
DELETE_BATCH = 500


class PruneMode(StrEnum):
    """What a backfill does with rows a complete listing did not return."""

    PRUNE = "prune"
    """Delete them as their model declares."""
    DRY_RUN = "dry-run"
    """Report them, delete nothing."""
    OFF = "off"
    """Neither look for them nor delete them."""


def tracker(part: Partition, checkpoint: Any, mode: str) -> SeenIds | None:
    """A set to collect the ids the listing returns, or None when it cannot prune.

    Decided when the partition starts: a listing resumed from a cursor read its earlier
    pages in another process, so its set would be incomplete."""
    if mode == PruneMode.OFF or part.kind != LIST or checkpoint.cursor:
        return None
    if not getattr(part.model, "list_holds_all", True):
        return None
    return SeenIds()


def mirrored(model: Any, account: str, livemode: bool, *, using: str) -> QuerySet:
    """The rows of one partition: the model's rows owned by ``account`` in that mode
    (rows of unknown mode whose ``livemode`` says it too), not marked deleted."""
    rows = model._base_manager.using(using).filter(djstripe_owner_account_id=account)
    if model.mode_scoped:
        rows = rows.filter(
            Q(djstripe_livemode=livemode) | Q(djstripe_livemode__isnull=True, livemode=livemode)
        )
    if model.deletion == DeletionMode.SOFT:
        rows = rows.exclude(**{(model.soft_delete or SoftDelete()).flag: True})
    return rows


def unlisted(
    model: Any,
    account: str,
    livemode: bool,
    seen: Container[str],
    started: int,
    window: Window | None = None,
) -> Iterator[list[str]]:
    """Ids of the partition's rows older than ``started`` that are not in ``seen``, in
    chunks (one query per :data:`CHUNK` stored rows; the ids never leave the database
    in one piece). A creation-time ``window`` answers for the rows created in it (and
    the first window, open before, for rows of unknown creation)."""
    using = router.db_for_write(model)
    moment = datetime.datetime.fromtimestamp(started, tz=datetime.UTC)
    rows = mirrored(model, account, livemode, using=using).filter(
        Q(created__lte=moment) | Q(created__isnull=True), djstripe_stamp__lt=started
    )
    if window is not None and window.start is not None:
        rows = rows.filter(created__gte=_moment(window.start))
    if window is not None and window.end is not None:
        rows = rows.filter(created__lt=_moment(window.end))
    last = ""
    while True:
        ids = list(rows.filter(id__gt=last).order_by("id").values_list("id", flat=True)[:CHUNK])
        if not ids:
            return
        missing = [stripe_id for stripe_id in ids if stripe_id not in seen]
        if missing:
            yield missing
        last = ids[-1]


def _moment(epoch: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)


def after_listing(
    part: Partition, checkpoint: Any, seen: Container[str] | None, started: int | None, ctx: Any
) -> None:
    """Prune the partition if its listing was complete (call once it ended well)."""
    if seen is None or started is None or checkpoint.since is not None:
        return
    try:
        _prune(part, seen, started, ctx)
    except Exception as error:  # noqa: BLE001 - reported like a failed page; the run goes on
        logger.exception("Pruning %s failed", part)
        ctx.report.fail(
            SyncError(
                f"Pruning {part.model_name} failed: {error!r}",
                model=part.model_name,
                account=part.account,
            )
        )


def _prune(part: Partition, seen: Container[str], started: int, ctx: Any) -> None:
    dry_run = ctx.prune == PruneMode.DRY_RUN
    with ctx.db_lock:  # reads too: SQLite locks a table another thread is writing
        candidates = [
            stripe_id
            for chunk in unlisted(
                part.model, part.account, part.livemode, seen, started, part.window
            )
            for stripe_id in chunk
        ]
    removed: list[str] = []
    for start in range(0, len(candidates), DELETE_BATCH):
        chunk = candidates[start : start + DELETE_BATCH]
        removed.extend(chunk if dry_run else _delete(part, chunk, started, ctx))
    if not removed:
        return
    pruned = Pruned(part.model_name, part.account, part.livemode, tuple(removed), dry_run)
    ctx.report.prune(pruned)
    logger.info("%s", pruned)


def _delete(part: Partition, ids: list[str], started: int, ctx: Any) -> list[str]:
    """Delete ``ids`` through the engine, as of the listing's start: a row written since
    (a webhook that raced the candidates' query) is fresher and is left alone."""
    source = Source.api(
        started,
        api_key=part.api_key,
        stripe_account=part.stripe_account,
        owner_account=part.account,
        fetch_missing=False,
    )
    stubs = [{"id": i, "object": part.model.stripe_object, "deleted": True} for i in ids]
    with ctx.db_lock:
        result = engine.sync_page(part.model, stubs, source=source, after_sync=False)
    ctx.report.add_outcome(result.outcome, part.account, count_listed=False)
    return [item.stripe_id for item in result.items if item.decision == Decision.DELETE]
