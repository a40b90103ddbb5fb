"""Deletions that land between an event's preparation and its write stay final.

Webhook processing resolves an event's change before it opens its transaction (every
Stripe request happens outside it), so a deletion of the same object can commit in
between: the prepared upsert would then insert the deleted object again. Inside the
writing transaction, after the upserts, :func:`bury_again` looks up tombstones of the
objects that event data just wrote (one statement) and removes those rows again.

On SQLite the writing transaction holds the database's write lock, so no deletion can
commit between the upsert and that look-up. On PostgreSQL, two transactions could
still each miss the other's uncommitted work; webhook processing therefore takes a
transaction-scoped advisory lock on the event's object first (:func:`lock_object`),
which orders the two writes. MySQL and MariaDB take a row lock instead
(``dialects.lock_object``).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connections

from . import dialects
from .outcome import Decision
from .plan import Item, Plan
from .source import EVENT
from .state import Tombstone


def covers(
    object_created: int | None,
    data: dict[str, Any],
    *,
    deleted_mode: bool | None = None,
    mode: bool | None = None,
) -> bool:
    """Whether a tombstone of an object created at ``object_created`` covers ``data``:
    the same object, not a new one that reuses a user-chosen id (a coupon code), nor
    the object of the other mode with the same id (``deleted_mode`` against ``mode``)."""
    if deleted_mode is not None and mode is not None and deleted_mode != mode:
        return False
    created = data.get("created")
    reborn = (
        object_created is not None
        and isinstance(created, int)
        and not isinstance(created, bool)
        and created > object_created
    )
    return not reborn


#: Stripe ids that the current transaction, holding the database's write lock, already
#: found without a tombstone (see :func:`known_alive`).
_alive: ContextVar[frozenset[str]] = ContextVar("djstripe_alive", default=frozenset())


def candidates(plan: Plan) -> list[str]:
    """Stripe ids whose tombstones :func:`bury_again` would look up for ``plan`` now."""
    return sorted({i.stripe_id for i in plan if _event_write(i)})


def lookup_sql(quote: Any, count: int) -> str:
    """A scalar subquery: how many of ``count`` Stripe ids (the parameters) have a
    tombstone; for a caller that folds the look-up into a statement of its own."""
    marks = ", ".join(["%s"] * count)
    return (
        f"(SELECT COUNT(*) FROM {quote(Tombstone._meta.db_table)} "  # noqa: S608 - quoted identifiers
        f"WHERE {quote('stripe_id')} IN ({marks}))"
    )


@contextmanager
def known_alive(stripe_ids: frozenset[str]) -> Iterator[None]:
    """Within: ``stripe_ids`` need no look-up by :func:`bury_again`, because the caller
    looked up their tombstones (none) inside this transaction after it took the
    database's write lock (SQLite: one writer at a time, so no deletion can commit
    before this transaction ends)."""
    token = _alive.set(stripe_ids)
    try:
        yield
    finally:
        _alive.reset(token)


def bury_again(plan: Plan, *, using: str) -> list[tuple[Item, Decision]]:
    """Remove rows that event data just wrote for objects deleted meanwhile.

    Returns the items removed with the decision they had (it becomes ``gone``)."""
    alive = _alive.get()
    written = [i for i in plan if _event_write(i)]
    if not written or all(i.stripe_id in alive for i in written):
        return []
    found = {
        stripe_id: (created, livemode)
        for stripe_id, created, livemode in Tombstone.objects.using(using)
        .filter(stripe_id__in={i.stripe_id for i in written})
        .values_list("stripe_id", "object_created", "livemode")
    }
    if not found:
        return []
    buried = [
        i
        for i in written
        if i.stripe_id in found
        and covers(
            found[i.stripe_id][0],
            i.data,
            deleted_mode=found[i.stripe_id][1],
            mode=i.mode if i.model.mode_scoped else None,
        )
    ]
    by_model: dict[tuple[Any, bool | None], list[str]] = defaultdict(list)
    removed = []
    for item in buried:
        by_model[(item.model, item.mode if item.model.mode_scoped else None)].append(item.stripe_id)
        removed.append((item, item.decision))
        item.decision = Decision.GONE
    for (model, mode), ids in by_model.items():
        rows = model._base_manager.using(using).filter(id__in=ids)
        if mode is not None:  # the write may have been refused: never a row of the other mode
            rows = rows.exclude(djstripe_livemode=not mode)
        rows.delete()
    return removed


def _event_write(item: Item) -> bool:
    return item.decision in (Decision.INSERT, Decision.UPDATE) and item.source.kind == EVENT


def lock_object(stripe_id: str, *, using: str) -> None:
    """Order concurrent writers of one object (PostgreSQL, MySQL; SQLite serialises
    writers itself): a lock held until the current transaction ends."""
    connection = connections[using]
    if not stripe_id:
        return
    if connection.vendor == "mysql":
        dialects.lock_object(stripe_id, using=using)
        return
    if connection.vendor != "postgresql":
        return
    key = int.from_bytes(hashlib.blake2b(stripe_id.encode(), digest_size=8).digest(), "big")
    key -= 1 << 63  # a signed bigint
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
