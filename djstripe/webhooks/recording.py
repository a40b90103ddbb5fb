"""Requests and events into rows: the delivery record and the event, stored once.

The event is written with one ``INSERT ... ON CONFLICT DO NOTHING``: a second
copy of an event (a retry, a duplicate delivery, ``djstripe_process_events``)
never raises, whichever process gets there first.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Sequence
from typing import Any

from django.db import connections, router
from django.http import HttpRequest
from django.utils import timezone

from .. import settings as djstripe_settings
from .. import sync
from ..fields import epoch_to_datetime
from ..json_text import encode_sorted
from ..models import Account, Event, WebhookEventTrigger, delegates
from ..models.events import EventStatus
from ..sync.params import EncodedJSON, database_params
from . import endpoints, thin

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
    trigger = WebhookEventTrigger(
        remote_ip=remote_ip(request),
        headers=stored_headers(request),
        body=body.decode("utf-8", errors="replace"),
        webhook_endpoint_id=endpoint.id,
        stripe_trigger_account_id=endpoint.djstripe_owner_account_id,
    )
    trigger._djstripe_check = endpoints.check_of(endpoint)  # type: ignore[attr-defined]
    return trigger


def insert_trigger(trigger: WebhookEventTrigger, *, tombstones_of: Sequence[str] = ()) -> bool:
    """Store a new delivery record (one INSERT, no ORM compilation), first thing in the
    delivery's transaction; with an endpoint read earlier by this process, the same
    statement confirms the endpoint's row still matches (:mod:`.endpoints`) and raises
    :class:`~.endpoints.StaleEndpointError` otherwise, before anything else happens.

    On SQLite the statement also looks up the tombstones of ``tombstones_of`` (the
    objects the event will write) and returns True when there are none: the insert took
    the database's write lock, so none can appear before the transaction ends and the
    engine need not look again (:func:`djstripe.sync.tombstone_candidates`)."""
    using = router.db_for_write(WebhookEventTrigger)
    connection = connections[using]
    check = getattr(trigger, "_djstripe_check", None)
    if connection.vendor not in endpoints.CACHING_VENDORS:  # no RETURNING: the ORM's way
        trigger.save(using=using)
        return False
    ids = list(tombstones_of) if connection.vendor == "sqlite" else []
    now = timezone.now()
    trigger.created = trigger.created or now
    trigger.updated = now
    fields = _trigger_fields()
    params = database_params(connection, fields, [[getattr(trigger, f.attname) for f in fields]])
    sql = _trigger_sql(connection.vendor, connection.ops.quote_name, check is not None, len(ids))
    if check is not None:
        params += endpoints.check_params(check)
    params += ids
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if check is not None:
        endpoints.confirm(check, row[1])
    trigger.pk = row[0]
    trigger._state.adding = False
    trigger._state.db = using
    return bool(ids) and row[-1] == 0


_TRIGGER_SQL: dict[tuple[str, bool, int], str] = {}


@functools.cache
def _trigger_fields() -> tuple[Any, ...]:
    return tuple(f for f in WebhookEventTrigger._meta.concrete_fields if not f.primary_key)


def _trigger_sql(vendor: str, quote: Any, checked: bool, tombstones: int) -> str:
    key = (vendor, checked, tombstones)
    sql = _TRIGGER_SQL.get(key)
    if sql is None:
        fields = _trigger_fields()
        columns = ", ".join(quote(f.column) for f in fields)
        returning = quote(WebhookEventTrigger._meta.pk.column)
        if checked:
            returning += ", " + endpoints.check_sql(quote)
        if tombstones:
            returning += ", " + sync.tombstone_sql(quote, tombstones)
        sql = _TRIGGER_SQL[key] = (
            f"INSERT INTO {quote(WebhookEventTrigger._meta.db_table)} ({columns}) "  # noqa: S608 - quoted identifiers
            f"VALUES ({', '.join(['%s'] * len(fields))}) RETURNING {returning}"
        )
    return sql


def event_values(data: dict[str, Any], *, status: str, now: Any) -> dict[str, Any]:
    """Column values of the Event row for event ``data``."""
    values = sync.column_values(Event, data, references=False)
    values.update(
        id=data["id"],
        stripe_data=data,
        djstripe_created=now,
        djstripe_updated=now,
        djstripe_stamp=thin.stamp(data) if thin.is_thin(data) else int(data.get("created") or 0),
        djstripe_stamp_source="",
        djstripe_hash="",
        djstripe_status=status,
        djstripe_attempts=1 if status != EventStatus.pending else 0,
        djstripe_processed_at=now if status != EventStatus.pending else None,
        djstripe_error="",
    )
    if thin.is_thin(data):
        values.update(thin.column_values(data))
    elif values.get("created") is None:
        values["created"] = epoch_to_datetime(data.get("created"))
    return values


def insert_event(
    data: dict[str, Any],
    *,
    status: str,
    owner_account: str | None,
    values: dict[str, Any] | None = None,
) -> int | None:
    """Store event ``data`` unless an event with its id is stored; return the new
    row's primary key, or None when it was already there (one statement).

    ``owner_account`` is written only if that account is mirrored (a connected
    account may not be yet), checked inside the same statement. ``values``: the
    :func:`event_values` of ``data``, when the caller has them already.
    """
    using = router.db_for_write(Event)
    connection = connections[using]
    if values is None:
        values = event_values(data, status=status, now=timezone.now())
    fields = _event_fields()
    # a default only where a value is missing (a callable default makes a new object)
    row = [values[f.attname] if f.attname in values else f.get_default() for f in fields]
    for index in _encoded_indexes():
        row[index] = _encoded(row[index])
    if connection.vendor not in endpoints.CACHING_VENDORS:
        return _upsert_event(fields, row, owner_account, using)
    params = database_params(connection, fields, [row])
    params.append(owner_account)
    with connection.cursor() as cursor:
        cursor.execute(_event_sql(connection.vendor, connection.ops.quote_name), params)
        found = cursor.fetchone()
    return found[0] if found else None


def _upsert_event(
    fields: tuple[Any, ...], row: list[Any], owner_account: str | None, using: str
) -> int | None:
    """:func:`insert_event` through the engine's upsert builder (MySQL: no ``RETURNING``)."""
    q = connections[using].ops.quote_name
    # Through the upsert builder, not bulk_create(ignore_conflicts=True): that returns no
    # primary key, so it could not tell a first copy of the event from a duplicate.
    inserted = sync.upsert_rows(
        Event,
        [*fields, _OWNER],
        [[*row, owner_account]],
        conflict_field=Event._meta.get_field("id"),
        keep_on_update=[f.attname for f in (*fields, _OWNER)],  # DO NOTHING
        returning=Event._meta.pk,
        expressions={_OWNER.attname: _account_sql(q)},
        using=using,
    )
    return inserted[0] if inserted else None


_OWNER = Event._meta.get_field("djstripe_owner_account")
_EVENT_SQL: dict[str, str] = {}
#: The event's JSON columns written from their encoding: the whole event and its
#: ``data`` (the object again), the largest values of a delivery.
_ENCODED_COLUMNS = ("stripe_data", "data")


@functools.cache
def _encoded_indexes() -> tuple[int, ...]:
    names = [f.attname for f in _event_fields()]
    return tuple(names.index(name) for name in _ENCODED_COLUMNS if name in names)


def _encoded(value: Any) -> Any:
    """A dict or list as :class:`~djstripe.sync.params.EncodedJSON`: the text the
    mirror stores for an object's ``stripe_data`` (``json_text.encode_sorted``,
    orjson), about a fifth of the CPU of ``json.dumps`` that Django's JSONField would
    run. The same JSON value; the model instance keeps the plain data."""
    if value.__class__ is dict or value.__class__ is list:
        return EncodedJSON(value, encode_sorted(value))
    return value


@functools.cache
def _event_fields() -> tuple[Any, ...]:
    return tuple(f for f in Event._meta.concrete_fields if not f.primary_key and f is not _OWNER)


def _account_sql(q: Any) -> str:
    """Only an account that is mirrored, checked in the same statement."""
    return f"(SELECT {q('id')} FROM {q(Account._meta.db_table)} WHERE {q('id')} = %s)"  # noqa: S608 - quoted identifiers


def _event_sql(vendor: str, q: Any) -> str:
    """``INSERT ... ON CONFLICT (id) DO NOTHING RETURNING`` the new primary key, built
    once per database vendor."""
    sql = _EVENT_SQL.get(vendor)
    if sql is None:
        fields = _event_fields()
        columns = ", ".join(q(f.column) for f in (*fields, _OWNER))
        marks = ", ".join(["%s"] * len(fields) + [_account_sql(q)])
        sql = _EVENT_SQL[vendor] = (
            f"INSERT INTO {q(Event._meta.db_table)} ({columns}) VALUES ({marks}) "  # noqa: S608 - quoted identifiers
            f"ON CONFLICT ({q('id')}) DO NOTHING RETURNING {q(Event._meta.pk.column)}"
        )
    return sql


def event_instance(
    data: dict[str, Any], *, pk: int | None, status: str, values: dict[str, Any] | None = None
) -> Event:
    """An Event model instance for ``data`` without reading it back from the database."""
    if values is None:
        values = event_values(data, status=status, now=timezone.now())
    event = Event(**{k: v for k, v in values.items() if k in _EVENT_ATTNAMES})
    if pk is not None and pk >= 0:
        event.pk = pk
    event._state.adding = False
    event._state.db = router.db_for_write(Event)
    return event


_EVENT_ATTNAMES = frozenset(f.attname for f in Event._meta.concrete_fields)


delegates.provide(delegates.REMOTE_IP, remote_ip)  # djstripe.models.webhooks.get_remote_ip
