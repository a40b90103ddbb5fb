"""Built-in handlers: mirror the object an event carries through the sync engine.

A handler *prepares* (:func:`djstripe.sync.prepare_event`: plan and resolve, every
Stripe request made) with no transaction open; webhook processing then writes the
prepared change with :func:`djstripe.sync.apply` inside the transaction that marks the
event processed, so the mirror and the event's status commit together.
"""

from __future__ import annotations

from typing import Any

from .. import sync


def sync_object(event: dict[str, Any], *, api_key: str | None) -> sync.Prepared | None:
    """Mirror the event's object from its payload."""
    return sync.prepare_event(event, api_key=api_key)


def delete_object(event: dict[str, Any], *, api_key: str | None) -> sync.Prepared | None:
    """Mirror the deletion of the event's object, with its model's ``deletion`` semantics:
    ``hard`` (row removed, tombstone kept), ``soft`` (row kept, marked deleted) or
    ``state`` (the payload is the final state, e.g. a canceled subscription)."""
    return sync.prepare_event(event, api_key=api_key, deleted=True)


def ignore(event: dict[str, Any], *, api_key: str | None) -> None:
    """Nothing to mirror (``invoice.upcoming`` carries a preview without an id)."""
    return None


def entitlement_summary(event: dict[str, Any], *, api_key: str | None) -> sync.Prepared | None:
    """A customer's entitlements changed: their complete list, read again from Stripe."""
    # Lazy: the models import the webhook package (event_handlers), which imports this.
    from ..models.entitlements import prepare_entitlement_summary

    return prepare_entitlement_summary(event, api_key=api_key)


#: The built-in handler of each event type: the first pattern that matches wins.
#: Every event whose object is mirrored is synced from its payload; ``*.deleted``
#: mirrors the deletion with the model's ``deletion`` semantics.
BUILTIN_HANDLERS: list[tuple[str, Any]] = [
    ("invoice.upcoming", ignore),  # a preview without an id: nothing to mirror
    ("entitlements.active_entitlement_summary.updated", entitlement_summary),
    ("*.deleted", delete_object),
    ("*", sync_object),
]
