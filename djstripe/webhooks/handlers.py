"""Built-in handlers: mirror the object an event carries through the sync engine.

A handler runs in two steps. :func:`sync_object` and :func:`delete_object`
*prepare*: they plan and resolve the sync (every Stripe request happens here)
with no transaction open. :func:`apply` *writes*, inside the transaction that
marks the event processed, so the mirror and the event's status commit together.

Freshness is the engine's (:mod:`djstripe.sync.source`): the event's data is
stamped with the event's ``created`` and id, never overwrites newer data, and a
same-second tie is settled by re-reading the object (or, when Stripe cannot be
reached, deterministically, with the object queued in ``PendingReread``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import stripe

from ..sync import engine, registry
from ..sync.outcome import WRITING
from ..sync.plan import Plan
from ..sync.resolve import Resolver
from ..sync.source import Source
from ..sync.write import write

logger = logging.getLogger(__name__)

#: The oldest API version whose shapes the models' version mappings cover
#: (``djstripe/sync/versions/``); data of older events is re-read at the pinned version.
OLDEST_MAPPED_API_VERSION = "2017-01-01"


@dataclass
class Prepared:
    """A resolved sync of one event's object, waiting for the event's transaction."""

    plan: Plan
    resolver: Resolver
    using: str

    @property
    def writes(self) -> bool:
        return any(item.decision in WRITING for item in self.plan)


def sync_object(event: dict[str, Any], *, api_key: str | None) -> Prepared | None:
    """Mirror the event's object from its payload."""
    return _prepare(event, api_key=api_key, deleted=False)


def delete_object(event: dict[str, Any], *, api_key: str | None) -> Prepared | None:
    """Mirror the deletion of the event's object, with its model's ``deletion`` semantics:
    ``hard`` (row removed, tombstone kept), ``soft`` (row kept, marked deleted) or
    ``state`` (the payload is the final state, e.g. a canceled subscription)."""
    return _prepare(event, api_key=api_key, deleted=True)


def ignore(event: dict[str, Any], *, api_key: str | None) -> None:
    """Nothing to mirror (``invoice.upcoming`` carries a preview without an id)."""
    return None


def apply(prepared: Prepared | None) -> None:
    """Write a prepared sync inside the caller's transaction (nothing when all is stale)."""
    if prepared is None:
        return
    if prepared.writes:
        # Inside the processing transaction: a failure fails the event as a whole, so the
        # engine's own savepoint (two statements per event) buys nothing.
        write(prepared.plan, prepared.resolver, using=prepared.using, savepoint=False)
    if prepared.resolver.rereads:
        engine._queue_rereads(prepared.resolver.rereads, prepared.using)  # noqa: SLF001


def mirrored_model(event: dict[str, Any]) -> Any | None:
    """The model of the event's object, when it is mirrored and has an id."""
    obj = (event.get("data") or {}).get("object")
    if not isinstance(obj, dict) or not isinstance(obj.get("id"), str) or not obj["id"]:
        return None
    name = obj.get("object")
    return registry.model_for_object(name) if isinstance(name, str) else None


def _prepare(event: dict[str, Any], *, api_key: str | None, deleted: bool) -> Prepared | None:
    model = mirrored_model(event)
    if model is None:
        return None
    obj = event["data"]["object"]
    account = event.get("account") or None
    if deleted and model.deletion == "state":
        deleted = False  # the payload is the object's final state (a canceled subscription)
    livemode = event.get("livemode")
    source = Source.event(
        event["id"],
        event["created"],
        api_key=api_key,
        stripe_account=account,
        livemode=livemode if isinstance(livemode, bool) else None,
    )
    if not deleted and _needs_reread(event, model):
        reread = _reread(model, obj["id"], source)
        if reread is not None:
            data, stamp = reread
            if data is None:
                deleted = True
            else:
                obj, source = data, source.read_at(stamp)
    return _resolve(model, obj, source, deleted=deleted)


def _needs_reread(event: dict[str, Any], model: Any) -> bool:
    """Whether the payload is too old a shape for the version mappings."""
    version = event.get("api_version")
    return (
        isinstance(version, str)
        and bool(version)
        and version < OLDEST_MAPPED_API_VERSION
        and bool(model.api_path)
    )


def _reread(model: Any, stripe_id: str, source: Source) -> tuple[Any, int] | None:
    """(data at the pinned API version, stamp), (None, stamp) when Stripe deleted the
    object, or None when Stripe cannot be asked (the payload is used instead)."""
    try:
        return model.fetch_for_reference(
            stripe_id, api_key=source.api_key, stripe_account=source.stripe_account
        )
    except stripe.InvalidRequestError as error:
        if getattr(error, "http_status", None) == 404:
            return None, source.stamp
        logger.warning("Re-reading %s for event %s failed: %s", stripe_id, source.event_id, error)
    except stripe.StripeError as error:
        logger.warning("Re-reading %s for event %s failed: %s", stripe_id, source.event_id, error)
    return None


def _resolve(model: Any, data: dict[str, Any], source: Source, *, deleted: bool) -> Prepared:
    source = engine.with_owner(source)
    plan = Plan(source)
    plan.add(model, data, top_level=True, strict=True, deleted=deleted)
    using = engine._db(model)  # noqa: SLF001
    resolver = Resolver(plan, using=using)
    resolver.run()
    return Prepared(plan, resolver, using)
