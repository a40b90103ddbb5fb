"""Thin events (``v2.core.event``) and the event destinations they are delivered to.

Stripe's event destinations (``POST /v2/core/event_destinations``) with
``event_payload: "thin"`` receive a small signed notification per event: its id,
``type``, ``created`` (RFC 3339), ``livemode``, the ``related_object`` (id, type, URL)
and, for an event of a connected account, ``context`` (the account). The receiver
reads the full event at ``GET /v2/core/events/{id}`` and the object at its URL.

The double makes one for every change it makes, as Stripe does for the destinations
that enable them: ``v1.<type>`` for each v1 event (``v1.customer.updated``, with the
snapshot event's id in ``snapshot_event``), and the ``v2.core.account.*`` events of v2
accounts (:mod:`.v2_objects`). Events are recorded only while the platform has an
enabled thin destination, so tests that use none pay nothing.
"""

from __future__ import annotations

import datetime
import fnmatch
from typing import Any

from . import objects
from .context import Context
from .resources import BY_OBJECT
from .router import Router
from .store import Space, Store
from .webhooks import Target, WebhookDispatcher

THIN_EVENT = "v2.core.event"
DESTINATION = "v2.core.event_destination"
#: Fields of the stored event that the delivered notification leaves out.
FULL_ONLY = ("data", "changes")


def rfc3339(epoch: int | float) -> str:
    """``1767225600`` -> ``"2026-01-01T00:00:00.000Z"`` (how the v2 API writes times)."""
    moment = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def related_object(obj: dict[str, Any]) -> dict[str, Any] | None:
    """``{"id", "type", "url"}`` of a v1 object the double serves (None otherwise)."""
    resource = BY_OBJECT.get(obj.get("object") or "")
    object_id = obj.get("id")
    if resource is None or not isinstance(object_id, str) or not object_id:
        return None
    return {"id": object_id, "type": obj["object"], "url": f"/v1/{resource.path}/{object_id}"}


def notification(event: dict[str, Any]) -> dict[str, Any]:
    """What a destination receives: the event without its data."""
    return {key: value for key, value in event.items() if key not in FULL_ONLY}


class ThinEvents:
    """Record thin events and find the destinations that receive them."""

    def __init__(self, store: Store, ids: Any, clock: Any, dispatcher: WebhookDispatcher) -> None:
        self.store = store
        self.ids = ids
        self.clock = clock
        dispatcher.more_jobs = self.jobs

    # ---------------------------------------------------------------- events

    def record(
        self,
        space: Space,
        event_type: str,
        related: dict[str, Any] | None,
        *,
        created: int | None = None,
        snapshot_event: str | None = None,
        request: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Store and return a thin event of ``space`` (its account and mode)."""
        event: dict[str, Any] = {
            "id": self.ids.new("evt"),
            "object": THIN_EVENT,
            "type": event_type,
            "created": rfc3339(self.clock.now() if created is None else created),
            "livemode": space.livemode,
            "data": None,
            "reason": {"type": "request", "request": request} if request else None,
        }
        if related is not None:
            event["related_object"] = related
        if snapshot_event:
            event["snapshot_event"] = snapshot_event
        if self._platform_of(space.account) != space.account:
            event["context"] = space.account
        with self.store.lock:
            objects.save(self.store, space, event)
        return event

    def jobs(self, events: list[tuple[str, dict[str, Any]]]) -> list[tuple[Target, Any]]:
        """Thin deliveries of a request's events: its v2 events, and the ``v1.`` twin of
        each snapshot event when a destination wants it."""
        found: list[tuple[Target, Any]] = []
        for account, event in events:
            if event.get("object") == THIN_EVENT:
                targets = self.targets_for(account, event["livemode"], event["type"])
                found += [(target, notification(event)) for target in targets]
                continue
            thin_type = f"v1.{event['type']}"
            targets = self.targets_for(account, event["livemode"], thin_type)
            if not targets:
                continue
            request = event.get("request") or {}
            thin = self.record(
                self.store.space(account, event["livemode"]),
                thin_type,
                related_object((event.get("data") or {}).get("object") or {}),
                created=event.get("created"),
                snapshot_event=event["id"],
                request=request if request.get("id") else None,
            )
            found += [(target, notification(thin)) for target in targets]
        return found

    # ---------------------------------------------------------- destinations

    def targets_for(self, account: str, livemode: bool, event_type: str) -> list[Target]:
        """The enabled thin webhook destinations of the account's platform that receive
        ``event_type`` from ``account`` (``@self``: the platform's own events;
        ``@accounts``: those of its connected accounts)."""
        platform = self._platform_of(account)
        scope = "@self" if platform == account else "@accounts"
        with self.store.lock:
            space = self.store.spaces.get((platform, livemode))
            records = list(space.records(DESTINATION)) if space else []
            private = dict(self.store.endpoint_private)
        found = []
        for record in records:
            destination = record.obj
            if not _receives(destination, scope, event_type):
                continue
            found.append(
                Target(
                    id=destination["id"],
                    secret=private.get(destination["id"], {}).get("secret", ""),
                    url=private.get(destination["id"], {}).get("url"),
                    enabled_events=list(destination.get("enabled_events") or []),
                    connect=scope == "@accounts",
                    livemode=livemode,
                    account=platform,
                )
            )
        return found

    def _platform_of(self, account: str) -> str:
        entry = self.store.accounts.get(account)
        return entry.platform if entry is not None and entry.platform else account


def _receives(destination: dict[str, Any], scope: str, event_type: str) -> bool:
    if destination.get("status") != "enabled" or destination.get("event_payload") != "thin":
        return False
    if destination.get("type") != "webhook_endpoint":
        return False
    if scope not in (destination.get("events_from") or ["@self"]):
        return False
    patterns = destination.get("enabled_events") or []
    return any(fnmatch.fnmatchcase(event_type, pattern) for pattern in patterns)


# ------------------------------------------------------------------ routes


def retrieve_event(ctx: Context, event_id: str) -> dict[str, Any]:
    """``GET /v2/core/events/{id}`` (in the account of ``Stripe-Context``)."""
    return ctx.get(event_id, THIN_EVENT).copy()


def list_events(ctx: Context) -> dict[str, Any]:
    """``GET /v2/core/events``: newest first, one page (``limit``, default 20)."""
    limit = int(ctx.params.get("limit") or 20)
    with ctx.store.lock:
        found = [record.copy() for record in ctx.space.records(THIN_EVENT)]
    wanted = ctx.params.get("object_id")
    if wanted:
        found = [e for e in found if (e.get("related_object") or {}).get("id") == wanted]
    return {"data": found[:limit], "next_page_url": None, "previous_page_url": None}


def register(router: Router) -> None:
    router.add("GET", "/v2/core/events/{id}", retrieve_event)
    router.add("GET", "/v2/core/events", list_events)
