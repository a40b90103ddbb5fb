"""Record Stripe events for writes and hand them to the webhook dispatcher.

An event is stored in the space of the account it happened in, so
``GET /v1/events`` (with ``Stripe-Account`` for a connected account) lists it;
events of a connected account carry ``"account": "acct_..."`` as Stripe's do.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from .clock import Clock
from .ids import IdFactory
from .store import Space, Store
from .webhooks import WebhookDispatcher

DEFAULT_EVENT_VERSION = "2026-10-28.endive"


@dataclass(frozen=True)
class RequestInfo:
    """The ``request`` block of an event: which API call caused it (None: automatic)."""

    id: str | None = None
    idempotency_key: str | None = None


class EventLog:
    """Create and store events."""

    def __init__(
        self, store: Store, clock: Clock, ids: IdFactory, dispatcher: WebhookDispatcher
    ) -> None:
        self.store = store
        self.clock = clock
        self.ids = ids
        self.dispatcher = dispatcher

    def record(
        self,
        space: Space,
        event_type: str,
        obj: dict[str, Any],
        previous_attributes: dict[str, Any] | None = None,
        request: RequestInfo | None = None,
        api_version: str | None = None,
    ) -> dict[str, Any]:
        """Store and return a new event about ``obj`` (a copy is taken)."""
        data: dict[str, Any] = {"object": copy.deepcopy(obj)}
        if previous_attributes:
            data["previous_attributes"] = previous_attributes
        request = request or RequestInfo()
        event: dict[str, Any] = {
            "id": self.ids.new("evt"),
            "object": "event",
            "api_version": api_version or DEFAULT_EVENT_VERSION,
            "created": self.clock.now(),
            "data": data,
            "livemode": space.livemode,
            "pending_webhooks": 0,
            "request": {"id": request.id, "idempotency_key": request.idempotency_key},
            "type": event_type,
        }
        entry = self.store.accounts.get(space.account)
        if entry is not None and entry.platform:
            event["account"] = space.account
        event["pending_webhooks"] = len(
            self.dispatcher.targets_for(space.account, space.livemode, event_type)
        )
        self.store.put(space, event)
        return event

    def create(
        self,
        ctx: Any,
        event_type: str,
        obj: dict[str, Any],
        previous_attributes: dict[str, Any] | None = None,
        space: Space | None = None,
    ) -> dict[str, Any]:
        """Record an event caused by the API request of ``ctx`` (a Context)."""
        request = ctx.request
        return self.record(
            space or ctx.space,
            event_type,
            obj,
            previous_attributes,
            RequestInfo(request.request_id, request.idempotency_key),
            request.version,
        )
