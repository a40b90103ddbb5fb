"""An event's object, prepared for the write in the event's transaction.

Freshness is the engine's (:mod:`.source`): the event's data is stamped with the
event's ``created`` and id, never overwrites newer data, and a same-second tie is
settled by re-reading the object (or, when Stripe cannot be reached,
deterministically, with the object queued in ``PendingReread``).
"""

from __future__ import annotations

import fnmatch
import logging
from enum import StrEnum
from typing import Any

import stripe

from ..event_types import EVENT_TYPES
from . import registry
from .declarations import DeletionMode
from .engine import Prepared, prepare
from .source import Source
from .types import Model

logger = logging.getLogger(__name__)


class EventAction(StrEnum):
    """What the mirror does with an event's object."""

    SYNC = "sync"
    """Sync the object from the payload."""
    DELETE = "delete"
    """Mirror its deletion, as the model's ``deletion`` declares."""
    IGNORE = "ignore"
    """Nothing (``invoice.upcoming`` carries a preview without an id)."""
    ENTITLEMENTS = "entitlements"
    """Read the customer's active entitlements again (a per-customer child list)."""


#: The event table: the action of each event type, the first matching pattern wins.
#: Read by webhook processing (through its handlers) and by the backfill's catch-up.
EVENT_ACTIONS: tuple[tuple[str, EventAction], ...] = (
    ("invoice.upcoming", EventAction.IGNORE),
    ("entitlements.active_entitlement_summary.updated", EventAction.ENTITLEMENTS),
    ("*.deleted", EventAction.DELETE),
    ("*", EventAction.SYNC),
)
_KNOWN_TYPES = frozenset(EVENT_TYPES)


def is_known_type(event_type: str) -> bool:
    """Whether ``event_type`` is one of Stripe's event types djstripe knows."""
    return event_type in _KNOWN_TYPES


def event_action(event_type: str) -> EventAction | None:
    """The action for a type djstripe knows; None for a type it does not know (such an
    event is stored, acknowledged, signalled and marked ``unhandled``)."""
    if not is_known_type(event_type):
        return None
    for pattern, action in EVENT_ACTIONS:
        if fnmatch.fnmatchcase(event_type, pattern):
            return action
    return None


#: The oldest API version whose shapes the models' version mappings cover
#: (``djstripe/sync/versions/``); data of older events is re-read at the pinned version.
OLDEST_MAPPED_API_VERSION = "2017-01-01"


def prepare_event(
    event: dict[str, Any], *, api_key: str | None, deleted: bool = False
) -> Prepared | None:
    """Plan and resolve the mirror of the object an event carries (its deletion with
    ``deleted``, carried out as the model's ``deletion`` declares), with no transaction
    open; None when the object is not mirrored. :func:`~.engine.apply` writes it."""
    model = mirrored_model(event)
    if model is None:
        return None
    obj = event["data"]["object"]
    if deleted and model.deletion == DeletionMode.STATE:
        deleted = False  # the payload is the object's final state (a canceled subscription)
    source = event_source(event, api_key=api_key)
    if not deleted and _needs_reread(event, model):
        reread = _reread(model, obj["id"], source)
        if reread is not None:
            data, stamp = reread
            if data is None:
                deleted = True
            else:
                obj, source = data, source.read_at(stamp)
    return prepare(model, obj, source=source, deleted=deleted)


def event_source(event: dict[str, Any], *, api_key: str | None) -> Source:
    """Where an event's data comes from: the event (its id and ``created``)."""
    livemode = event.get("livemode")
    return Source.event(
        event["id"],
        event["created"],
        api_key=api_key,
        stripe_account=event.get("account") or None,
        livemode=livemode if isinstance(livemode, bool) else None,
    )


def mirrored_model(event: dict[str, Any]) -> Any | None:
    """The model of the event's object, when it is mirrored and has an id."""
    obj = (event.get("data") or {}).get("object")
    if not isinstance(obj, dict) or not isinstance(obj.get("id"), str) or not obj["id"]:
        return None
    name = obj.get("object")
    return registry.model_for_object(name) if isinstance(name, str) else None


def _needs_reread(event: dict[str, Any], model: Model) -> bool:
    """Whether the payload is too old a shape for the version mappings."""
    version = event.get("api_version")
    return (
        isinstance(version, str)
        and bool(version)
        and version < OLDEST_MAPPED_API_VERSION
        and bool(model.api_path)
    )


def _reread(model: Model, stripe_id: str, source: Source) -> tuple[Any, int] | None:
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
