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


#: The handler of each action of the engine's event table (:data:`djstripe.sync.EVENT_ACTIONS`).
HANDLERS: dict[sync.EventAction, Any] = {
    sync.EventAction.SYNC: sync_object,
    sync.EventAction.DELETE: delete_object,
    sync.EventAction.IGNORE: ignore,
    sync.EventAction.ENTITLEMENTS: entitlement_summary,
}
#: The built-in handler of each event type: the first pattern that matches wins.
BUILTIN_HANDLERS: list[tuple[str, Any]] = [
    (pattern, HANDLERS[action]) for pattern, action in sync.EVENT_ACTIONS
]
