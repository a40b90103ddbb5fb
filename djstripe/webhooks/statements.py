"""The few statements event processing runs for every event, each built once per database.

Processing an event costs a handful of statements; compiling them through the ORM each
time cost more CPU than running them. Each is written here once per database vendor,
with quoted identifiers, and run with plain parameters.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, router
from django.utils import timezone

from .. import sync
from ..models import Account, Event, WebhookEventTrigger
from ..models.events import OPEN
from ..sync import selects

_SQL: dict[tuple[str, str, int], str] = {}


def claim(event_id: str, status: str, *, tombstones_of: Sequence[str] = ()) -> tuple[bool, bool]:
    """Move a stored, open event to ``status`` (one UPDATE); return whether it was
    claimed, and whether none of ``tombstones_of`` has a tombstone.

    The tombstones are looked up by the same statement on SQLite only, where the UPDATE
    holds the database's write lock until the transaction ends, so the answer stays true
    for the rest of it (see :func:`djstripe.sync.tombstone_candidates`)."""
    connection = connections[_db()]
    ids = list(tombstones_of) if connection.vendor == "sqlite" else []
    sql = _sql(connection, "claim", len(ids), _claim_sql)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [str(status), now, now, event_id, *map(str, OPEN), *ids])
        if not ids:
            return cursor.rowcount > 0, False
        row = cursor.fetchone()
    return row is not None, row is not None and row[0] == 0


def mark_deliveries(event_id: str) -> None:
    """Mark the event's delivery records processed (one UPDATE)."""
    connection = connections[router.db_for_write(WebhookEventTrigger)]
    sql = _sql(connection, "deliveries", 0, _deliveries_sql)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [True, now, event_id, False])


def load(event_id: str) -> Event | None:
    """The stored event ``event_id`` with, as ``djstripe_platform``, the platform account
    its owner is connected to (NULL for a platform's own event): one SELECT.

    The row becomes an ``Event`` as a queryset makes one (each column's converters, then
    ``Model.from_db``), without a ``RawQuerySet``, which maps its columns to fields again
    for every query: that cost a task worker more than the statement itself."""
    db = _db()
    connection = connections[db]
    sql = _sql(connection, "load", 0, _load_sql)
    with connection.cursor() as cursor:
        cursor.execute(sql, [event_id])
        row = cursor.fetchone()
    if row is None:
        return None
    (values,) = selects.converted(connection, Event, _event_attnames(), [row[:-1]])
    event = Event.from_db(db, _event_attnames(), values)
    event.djstripe_platform = row[-1]  # type: ignore[attr-defined]
    return event


@functools.cache
def _event_attnames() -> tuple[str, ...]:
    return tuple(field.attname for field in Event._meta.concrete_fields)


def _sql(connection: Any, name: str, count: int, build: Callable[..., str]) -> str:
    key = (connection.vendor, name, count)
    sql = _SQL.get(key)
    if sql is None:
        sql = _SQL[key] = build(connection.ops.quote_name, count)
    return sql


def _claim_sql(q: Any, tombstones: int) -> str:
    sql = (
        f"UPDATE {q(Event._meta.db_table)} SET {q('djstripe_status')} = %s, "  # noqa: S608 - quoted identifiers
        f"{q('djstripe_attempts')} = {q('djstripe_attempts')} + 1, "
        f"{q('djstripe_processed_at')} = %s, {q('djstripe_error')} = '', "
        f"{q('djstripe_updated')} = %s WHERE {q('id')} = %s "
        f"AND {q('djstripe_status')} IN ({', '.join(['%s'] * len(OPEN))})"
    )
    if tombstones:
        sql += f" RETURNING {sync.tombstone_sql(q, tombstones)}"
    return sql


def _deliveries_sql(q: Any, _: int) -> str:
    def c(name: str) -> str:
        field: Any = WebhookEventTrigger._meta.get_field(name)
        return q(field.column)

    return (
        f"UPDATE {q(WebhookEventTrigger._meta.db_table)} SET {c('processed')} = %s, "  # noqa: S608 - quoted identifiers
        f"{c('exception')} = '', {c('traceback')} = '', {c('updated')} = %s "
        f"WHERE {c('event')} = %s AND {c('processed')} = %s"
    )


def _load_sql(q: Any, _: int) -> str:
    table, accounts = q(Event._meta.db_table), q(Account._meta.db_table)
    columns = ", ".join(f"e.{q(f.column)}" for f in Event._meta.concrete_fields)
    owner = q("djstripe_owner_account_id")
    return (
        f"SELECT {columns}, (SELECT a.{owner} FROM {accounts} a WHERE a.{q('id')} = "  # noqa: S608 - quoted identifiers
        f"e.{owner}) AS {q('djstripe_platform')} FROM {table} e WHERE e.{q('id')} = %s"
    )


def _db() -> str:
    return router.db_for_write(Event)
