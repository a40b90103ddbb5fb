"""Thin events: the shape of Stripe's ``v2.core.event`` notifications.

An event destination with ``event_payload: "thin"`` delivers, signed like any
webhook, a small event: ``id``, ``type`` (``v1.customer.updated``,
``v2.core.account.updated``), ``created`` as an RFC 3339 string, ``livemode``,
``context`` (the connected account it happened in, if any) and ``related_object``
(``id``, ``type`` and the ``url`` to read it at). stripe-python parses the same
notification with ``StripeClient.parse_event_notification`` (15.6 and 16; earlier
releases call it ``parse_thin_event``), which verifies the ``Stripe-Signature``
exactly as for a snapshot event: so does :mod:`.verification`, for both kinds.

A thin event is stored as an :class:`~djstripe.models.Event` like any other (its
``type`` is the thin type, ``stripe_data`` the notification as received) and goes
through the same admission (mode, Connect ``context``), tolerance and exactly-once
processing; its handler reads the related object (:mod:`.thin_handlers`).
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import unquote

from django.utils.dateparse import parse_datetime

from ..stripe_api import check_path

THIN_OBJECT = "v2.core.event"
#: Largest epoch accepted in ``created`` (as for snapshot events).
MAX_EPOCH = 2**40


def is_thin(data: Any) -> bool:
    """Whether ``data`` is a thin event (``"object": "v2.core.event"``)."""
    return isinstance(data, dict) and data.get("object") == THIN_OBJECT


def account_of(data: dict[str, Any]) -> str | None:
    """The connected account an event happened in: a snapshot event's ``account``, a thin
    event's ``context``; None for the platform's own events."""
    value = data.get("context") if is_thin(data) else data.get("account")
    return value or None


def created_at(value: Any) -> datetime.datetime | None:
    """An RFC 3339 ``created`` as an aware datetime (None when it is not one)."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        moment = parse_datetime(value)
    except ValueError:
        return None
    if moment is None or moment.tzinfo is None:
        return None
    return moment


def stamp(data: dict[str, Any]) -> int:
    """The event's ``created`` in epoch seconds (0 when unreadable)."""
    moment = created_at(data.get("created"))
    return int(moment.timestamp()) if moment is not None else 0


def related(data: dict[str, Any]) -> dict[str, Any] | None:
    """The ``related_object`` of a thin event (None when it names none)."""
    value = data.get("related_object")
    return value if isinstance(value, dict) else None


def object_id(data: dict[str, Any]) -> str:
    found = related(data)
    value = found.get("id") if found else None
    return value if isinstance(value, str) else ""


def problem(data: dict[str, Any]) -> str | None:
    """Why ``data`` is not a usable thin event, or None when it is."""
    event_id, event_type = data.get("id"), data.get("type")
    if not isinstance(event_id, str) or not event_id or len(event_id) > 255:
        return "The event has no usable id."
    if not isinstance(event_type, str) or not event_type or len(event_type) > 250:
        return "The event has no usable type."
    moment = created_at(data.get("created"))
    if moment is None or not 0 <= moment.timestamp() < MAX_EPOCH:
        return "The event has no usable created time."
    context = data.get("context")
    if context is not None and (not isinstance(context, str) or len(context) > 255):
        return "The event's context is not an account id."
    if data.get("related_object") is not None:
        return _related_problem(data["related_object"])
    return None


def _related_problem(value: Any) -> str | None:
    """The related object must name an id, a type and a Stripe API path to that id."""
    if not isinstance(value, dict):
        return "The event's related object is not an object."
    object_id_, object_type, url = value.get("id"), value.get("type"), value.get("url")
    if not (
        isinstance(object_id_, str)
        and object_id_
        and isinstance(object_type, str)
        and object_type
        and isinstance(url, str)
        and url
    ):
        return "The event's related object has no id, type or url."
    if len(object_id_) > 255 or len(object_type) > 100 or len(url) > 1024:
        return "The event's related object is too long."
    if not url.startswith(("/v1/", "/v2/")):
        return "The event's related object is not at a Stripe API path."
    try:
        check_path(url)
    except ValueError:
        return "The event's related object is not at a Stripe API path."
    last = url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    if unquote(last) != object_id_:
        return "The event's related object URL does not name its id."
    return None


def column_values(data: dict[str, Any]) -> dict[str, Any]:
    """Event columns a thin event fills differently from a snapshot event."""
    request = (data.get("reason") or {}).get("request") if isinstance(data, dict) else None
    request = request if isinstance(request, dict) else {}
    request_id, key = request.get("id"), request.get("idempotency_key")
    payload = data.get("data")
    return {
        "created": created_at(data.get("created")),
        "data": payload if isinstance(payload, dict) else {},
        "request_id": request_id[:50] if isinstance(request_id, str) else "",
        "idempotency_key": key if isinstance(key, str) else "",
    }
