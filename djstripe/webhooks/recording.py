"""Requests and events into rows: the delivery record and the event, stored once.

The event is written with one ``INSERT ... ON CONFLICT DO NOTHING``: a second
copy of an event (a retry, a duplicate delivery, ``djstripe_process_events``)
never raises, whichever process gets there first.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.db import connections, router
from django.http import HttpRequest
from django.utils import timezone

from .. import settings as djstripe_settings
from ..fields import epoch_to_datetime
from ..models import Account, Event, WebhookEventTrigger
from ..models.events import EventStatus
from ..sync import dialects, mapping

#: Request headers never stored with a delivery (credentials of other systems).
DROPPED_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})
#: Stored when the client address is missing or not an IP address.
UNKNOWN_IP = "0.0.0.0"  # noqa: S104 - a placeholder value, not a bind address


def stored_headers(request: HttpRequest) -> dict[str, str]:
    """The request's headers, without credentials (``Authorization``, ``Cookie``)."""
    return {
        name: value
        for name, value in request.headers.items()
        if name.lower() not in DROPPED_HEADERS
    }


def remote_ip(request: HttpRequest) -> str:
    """The client address: ``REMOTE_ADDR``, or, behind a proxy declared trusted with
    ``DJSTRIPE_WEBHOOK_TRUST_X_FORWARDED_FOR``, the last address of ``X-Forwarded-For``
    (the one that proxy appended; earlier entries are whatever the client sent)."""
    if djstripe_settings.webhook_trust_forwarded_for():
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        candidates = [part.strip() for part in forwarded.split(",") if part.strip()]
        if candidates:
            address = _ip(candidates[-1])
            if address:
                return address
    return _ip(request.META.get("REMOTE_ADDR", "")) or UNKNOWN_IP


def _ip(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 1.2.3.4:443
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def new_trigger(request: HttpRequest, endpoint: Any, body: bytes) -> WebhookEventTrigger:
    """An unsaved delivery record (saved once the delivery is verified)."""
    return WebhookEventTrigger(
        remote_ip=remote_ip(request),
        headers=stored_headers(request),
        body=body.decode("utf-8", errors="replace"),
        webhook_endpoint_id=endpoint.id,
        stripe_trigger_account_id=endpoint.djstripe_owner_account_id,
    )


def event_values(data: dict[str, Any], *, status: str, now: Any) -> dict[str, Any]:
    """Column values of the Event row for event ``data``."""
    values = {
        column.attname: column.value(data)
        for column in mapping.columns(Event)
        if column.reference is None
    }
    values.update(
        id=data["id"],
        stripe_data=data,
        djstripe_created=now,
        djstripe_updated=now,
        djstripe_stamp=int(data.get("created") or 0),
        djstripe_stamp_source="",
        djstripe_hash="",
        djstripe_status=status,
        djstripe_attempts=1 if status != EventStatus.pending else 0,
        djstripe_processed_at=now if status != EventStatus.pending else None,
        djstripe_error="",
    )
    if values.get("created") is None:
        values["created"] = epoch_to_datetime(data.get("created"))
    return values


def insert_event(data: dict[str, Any], *, status: str, owner_account: str | None) -> int | None:
    """Store event ``data`` unless an event with its id is stored; return the new
    row's primary key, or None when it was already there (one statement).

    ``owner_account`` is written only if that account is mirrored (a connected
    account may not be yet), checked inside the same statement.
    """
    using = router.db_for_write(Event)
    connection = connections[using]
    q = connection.ops.quote_name
    values = event_values(data, status=status, now=timezone.now())
    fields = [
        f
        for f in Event._meta.concrete_fields
        if not f.primary_key and f.attname != "djstripe_owner_account_id"
    ]
    params = [
        f.get_db_prep_save(values.get(f.attname, f.get_default()), connection) for f in fields
    ]
    account_table = q(Account._meta.db_table)
    columns = ", ".join(q(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    returning = connection.features.can_return_columns_from_insert
    sql = (
        f"INSERT INTO {q(Event._meta.db_table)} ({columns}, {q('djstripe_owner_account_id')}) "  # noqa: S608 - quoted identifiers; values are parameters
        f"VALUES ({placeholders}, (SELECT {q('id')} FROM {account_table} WHERE {q('id')} = %s))"
    )
    if connection.vendor == "mysql":  # no ON CONFLICT (see the dialect)
        return dialects.insert_unless_stored(connection, sql, [*params, owner_account])
    sql += f" ON CONFLICT ({q('id')}) DO NOTHING" + (
        f" RETURNING {q('djstripe_id')}" if returning else ""
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, owner_account])
        if returning:
            row = cursor.fetchone()
            return row[0] if row else None
        return -1 if cursor.rowcount == 1 else None


def event_instance(data: dict[str, Any], *, pk: int | None, status: str) -> Event:
    """An Event model instance for ``data`` without reading it back from the database."""
    values = event_values(data, status=status, now=timezone.now())
    event = Event(**{k: v for k, v in values.items() if k in _EVENT_ATTNAMES})
    if pk is not None and pk >= 0:
        event.pk = pk
    event._state.adding = False
    event._state.db = router.db_for_write(Event)
    return event


_EVENT_ATTNAMES = frozenset(f.attname for f in Event._meta.concrete_fields)
