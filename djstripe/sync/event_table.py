"""The event table: what the mirror does with each type of Stripe event.

Read by webhook processing (:mod:`djstripe.webhooks.processing`, which runs the
handler of each action) and by the backfill's catch-up (:mod:`.catchup`, which
applies the events whose action is to sync or delete their object). It is data,
so both read one table and neither imports the other.
"""

from __future__ import annotations

import fnmatch
from enum import StrEnum

from ..event_types import EVENT_TYPES


class Action(StrEnum):
    """What processing an event does to the mirror."""

    SYNC = "sync"
    """Mirror the event's object from its payload."""
    DELETE = "delete"
    """Mirror the deletion of the event's object, as its model's deletion mode says."""
    IGNORE = "ignore"
    """Nothing to mirror (``invoice.upcoming``: a preview without an id)."""
    ENTITLEMENT_SUMMARY = "entitlement_summary"
    """Re-read the active entitlements of the event's customer."""


#: The action of each event type: the first pattern that matches wins. Every event
#: whose object is mirrored is synced from its payload; ``*.deleted`` mirrors the deletion.
EVENT_TABLE: list[tuple[str, Action]] = [
    ("invoice.upcoming", Action.IGNORE),
    ("entitlements.active_entitlement_summary.updated", Action.ENTITLEMENT_SUMMARY),
    ("*.deleted", Action.DELETE),
    ("*", Action.SYNC),
]

_KNOWN_TYPES = frozenset(EVENT_TYPES)


def is_known_type(event_type: str) -> bool:
    """Whether ``event_type`` is one of Stripe's event types djstripe knows."""
    return event_type in _KNOWN_TYPES


def action_for(event_type: str) -> Action | None:
    """The action for a known event type; None for a type djstripe does not know
    (stored, acknowledged, signalled and marked ``unhandled``)."""
    if not is_known_type(event_type):
        return None
    for pattern, action in EVENT_TABLE:
        if fnmatch.fnmatchcase(event_type, pattern):
            return action
    return None
