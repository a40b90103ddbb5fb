"""Stripe objects -> rows: the sync engine's public API.

Everything a caller outside ``djstripe.sync`` needs is imported from here (see
``docs/sync-api.md``):

* :func:`sync_object` syncs one object and returns its row; :func:`sync_read` does the
  same for data just read from the API, stamped with that read's time, and
  :func:`sync_deleted` for an object Stripe answered a ``DELETE`` for;
* :func:`sync_page` syncs a page of one model in one plan and one transaction
  (:func:`sync_read_page`: a page just listed from the API); :func:`sync_entries`
  objects of several models, each with its own source (:class:`Entry`);
* :func:`sync_children` syncs parents' complete child lists (pruned as declared);
* :func:`prepare` / :func:`prepare_children` / :func:`prepare_event` plan and resolve a
  change with no transaction open, and :func:`apply` writes it inside the caller's;
  :data:`EVENT_ACTIONS` is the event table (:func:`event_action`: an event type's
  :class:`EventAction`);
* :class:`Source` says where data comes from (its freshness), :class:`Outcome` and
  :class:`Decision` what a sync did, and the declarations (:class:`ChildList`,
  :class:`DeletionMode`, :class:`SoftDelete`, :class:`DerivedLinks`, :class:`LinkSet`)
  are what a model states for the engine to carry out; :func:`column_values` gives the
  column values a sync would write for some data (an unsaved preview, an event row),
  and :func:`upsert_rows` is the one ``INSERT ... ON CONFLICT`` builder (the event row);
* :func:`stripe_models`, :func:`model_for_object` and :func:`model_for_reference` look
  the mirrored models up (every one, by Stripe ``object``, by a reference's id);
* :func:`retry_on_conflict` runs a transaction of the caller's again when the database
  failed it to break a deadlock with a concurrent writer.

The modules under ``djstripe.sync`` (plan, resolve, write, rows, mapping, ...) are
private: their names may change in any release. The backfill keeps its documented entry
points (``djstripe.sync.backfill.backfill``, ``djstripe.sync.backfill_tasks``).
"""

from .conflicts import retrying as retry_on_conflict
from .declarations import ChildList, DeletionMode, DerivedLinks, LinkSet, SoftDelete
from .engine import (
    BatchResult,
    Entry,
    Prepared,
    apply,
    prepare,
    prepare_children,
    sync_children,
    sync_deleted,
    sync_entries,
    sync_object,
    sync_page,
    sync_read,
    sync_read_page,
    tombstone_candidates,
    tombstone_sql,
)
from .events import EVENT_ACTIONS, EventAction, event_action, prepare_event
from .mapping import column_values
from .outcome import Decision, Outcome
from .registry import model_for_object, model_for_reference, stripe_models
from .rows import upsert as upsert_rows
from .source import Source

__all__ = [
    "EVENT_ACTIONS",
    "BatchResult",
    "ChildList",
    "Decision",
    "DeletionMode",
    "DerivedLinks",
    "Entry",
    "EventAction",
    "LinkSet",
    "Outcome",
    "Prepared",
    "SoftDelete",
    "Source",
    "apply",
    "column_values",
    "event_action",
    "model_for_object",
    "model_for_reference",
    "prepare",
    "prepare_children",
    "prepare_event",
    "retry_on_conflict",
    "stripe_models",
    "sync_children",
    "sync_deleted",
    "sync_entries",
    "sync_object",
    "sync_page",
    "sync_read",
    "sync_read_page",
    "sync_subscriber",
    "tombstone_candidates",
    "tombstone_sql",
    "upsert_rows",
]


def sync_subscriber(subscriber, **options):  # type: ignore[no-untyped-def]
    """dj-stripe's ``djstripe.sync.sync_subscriber``: see :mod:`djstripe.helpers.subscribers`."""
    # Lazy: helpers sit above the engine (they call it), so the engine cannot import them.
    from ..helpers.subscribers import sync_subscriber as sync

    return sync(subscriber, **options)
