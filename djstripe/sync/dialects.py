"""What the engine writes differently on MySQL and MariaDB.

PostgreSQL and SQLite share one dialect for the engine's raw statements (``INSERT ...
ON CONFLICT ... DO UPDATE ... WHERE``, ``RETURNING``, typed ``CAST``s); MySQL 8.0+
and MariaDB 10.11+ have none of the three. This module is the one place that knows:

* :func:`upsert`: the guarded atomic upsert as one ``INSERT ... ON DUPLICATE KEY
  UPDATE`` per chunk, then the written rows read back under the locks it took;
* :func:`lock_object`: a transaction-scoped lock on one Stripe object (what
  ``pg_advisory_xact_lock`` is on PostgreSQL), a row lock in ``djstripe_objectlock``;
* :func:`typed_null` and :func:`cast_text`: the ``CAST`` spellings MySQL accepts.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django.db import IntegrityError, connections, models

from ..fields import MYSQL_ID_COLLATION, column_of
from .params import EncodedJSON, database_params

#: Where the guard (``guard.guard_sql``) names the incoming row: PostgreSQL's ``EXCLUDED``.
_EXCLUDED = re.compile(r"EXCLUDED\.(`[^`]+`)")

#: The column that carries the guard's verdict through one row's assignments.
MARKER_COLUMN = "djstripe_hash"
#: Its value while a row is being replaced: never a stored hash (those are hex digits).
_MARKER = "'!djstripe-write'"

#: Bytes of row data per statement, well under MySQL's default ``max_allowed_packet``
#: (64 MB on MySQL 8, 16 MB on MariaDB): a page of large invoices is split in several.
MAX_STATEMENT_BYTES = 4_000_000

#: Lock slots of :func:`lock_object`: objects share a slot by hash; a shared slot only
#: makes two unrelated writers take turns, and bounds the table at this many rows.
LOCK_SLOTS = 1 << 16


#: Set on a connection while :func:`deferred_foreign_keys` has its checks off.
_DEFERRING = "_djstripe_deferring_foreign_keys"


@contextlib.contextmanager
def deferred_foreign_keys(using: str) -> Iterator[None]:
    """Foreign keys checked as PostgreSQL and SQLite check djstripe's (``DEFERRABLE
    INITIALLY DEFERRED``): not row by row while a batch is written.

    A batch holds rows that reference each other in cycles (a customer and its default
    payment method), so no table order satisfies checks made at each row. MySQL has no
    deferred checks: they are off while the batch is written. Every reference the
    engine writes names a row that exists or that the batch writes (the resolver sets
    the others to NULL), which is what the deferred check verifies elsewhere."""
    connection = connections[using]
    if connection.vendor != "mysql" or connection.__dict__.get(_DEFERRING):
        yield  # elsewhere, or inside an enclosing batch that restores the checks
        return
    with connection.cursor() as cursor:  # one statement: remember the setting, turn it off
        cursor.execute(
            "SET @djstripe_foreign_key_checks = @@SESSION.foreign_key_checks, "
            "SESSION foreign_key_checks = 0"
        )
    connection.__dict__[_DEFERRING] = True
    try:
        yield
    finally:
        connection.__dict__[_DEFERRING] = False
        with connection.cursor() as cursor:
            cursor.execute("SET SESSION foreign_key_checks = @djstripe_foreign_key_checks")


def is_mysql(using: str) -> bool:
    return connections[using].vendor == "mysql"


def typed_null(using: str, sql_type: str) -> str:
    """``CAST(NULL AS <type>)`` where the database needs typed NULLs in a ``UNION``
    (PostgreSQL); a plain ``NULL`` on MySQL, whose ``CAST`` knows no ``BOOLEAN``,
    ``BIGINT`` or ``VARCHAR``."""
    return "NULL" if is_mysql(using) else f"CAST(NULL AS {sql_type})"


def cast_text(using: str, expression: str, length: int) -> str:
    """``expression`` as text (``CHAR`` is MySQL's spelling of ``VARCHAR`` in a cast)."""
    kind = "CHAR" if is_mysql(using) else "VARCHAR"
    return f"CAST({expression} AS {kind}({length}))"


def conflict_update(using: str, conflict: Sequence[str], replaced: Sequence[str]) -> str:
    """The clause that makes an ``INSERT`` replace ``replaced`` columns of the row that
    has the same ``conflict`` columns (a unique constraint)."""
    q = connections[using].ops.quote_name
    if is_mysql(using):  # MySQL's clause fires on any unique key: name no columns
        return "ON DUPLICATE KEY UPDATE " + ", ".join(f"{q(c)} = VALUES({q(c)})" for c in replaced)
    updates = ", ".join(f"{q(c)} = EXCLUDED.{q(c)}" for c in replaced)
    return f"ON CONFLICT ({', '.join(q(c) for c in conflict)}) DO UPDATE SET {updates}"


#: MySQL's error number for a duplicate entry in a unique index.
DUPLICATE_ENTRY = 1062


def insert_unless_stored(connection: Any, sql: str, params: Sequence[Any]) -> int | None:
    """Run a plain ``INSERT`` of one row; return its new auto-increment key, or None
    when a row with the same unique key is stored (``ON CONFLICT DO NOTHING`` on the
    other databases). MySQL's affected-rows count cannot tell: Django's connections
    count found rows, so an existing row counts as one, like an inserted one. A failed
    statement rolls back only itself on MySQL, not the enclosing transaction."""
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.lastrowid
    except IntegrityError as error:
        if getattr(error.__cause__, "args", (None,))[0] == DUPLICATE_ENTRY:
            return None
        raise


def same_collation(using: str, expression: str) -> str:
    """A text column in a ``UNION`` whose other parts select text of another collation
    (MySQL refuses to mix implicit collations; Stripe ids are compared as bytes)."""
    if not is_mysql(using):
        return expression

    return f"{expression} COLLATE {MYSQL_ID_COLLATION}"


def incoming(where: str) -> str:
    """A guard written against ``EXCLUDED.col`` (PostgreSQL, SQLite) in MySQL's terms,
    ``VALUES(col)``: the value the statement tried to insert."""
    return _EXCLUDED.sub(r"VALUES(\1)", where)


def upsert(
    model: Any,
    fields: Sequence[models.Field],
    rows: Sequence[Sequence[Any]],
    *,
    conflict_field: models.Field | Sequence[models.Field],
    where: str,
    sticky: set[str],
    keep_on_update: set[str],
    returning: models.Field | None,
    with_inserted: bool,
    expressions: Mapping[str, str] | None = None,
    using: str,
) -> list[Any]:
    """``rows.upsert`` on MySQL and MariaDB (same arguments, same result).

    MySQL has no ``WHERE`` on the update of ``ON DUPLICATE KEY UPDATE``: each assignment
    must carry the condition itself, and assignments run left to right, each seeing the
    columns assigned before it. The guard reads the stamp columns the update replaces,
    so it is evaluated once, first, into :data:`MARKER_COLUMN` (the marker when it
    holds, the stored value when not); every other column is assigned on the marker,
    and the marker column is assigned its real value last. The duplicate row stays
    locked by the statement until the transaction ends, so reading the written rows
    back after it sees them as the statement left them.
    """
    connection = connections[using]
    q = connection.ops.quote_name
    table = q(model._meta.db_table)
    names = [f.attname for f in fields]
    guarded = bool(where)
    if guarded and MARKER_COLUMN not in names:
        raise ValueError(f"A guarded upsert of {table} must write {MARKER_COLUMN}.")
    marker = q(MARKER_COLUMN)
    replaced = f"{table}.{marker} = {_MARKER}"
    # MySQL's clause fires on a conflict on any unique key, not only ``conflict_field``:
    # a row holding another unique value of the incoming one (a one-to-one link taken
    # meanwhile) must not receive its data. It is left as it is, and the incoming row is
    # not written (``_written`` reports it, as PostgreSQL fails the INSERT).
    unique = [conflict_field] if isinstance(conflict_field, models.Field) else list(conflict_field)
    key = q(column_of(unique[0]))
    same_key = " AND ".join(
        f"{table}.{q(column_of(f))} = VALUES({q(column_of(f))})" for f in unique
    )
    placeholder = "(" + ", ".join((expressions or {}).get(n, "%s") for n in names) + ")"
    if returning is not None and all(
        any(f is u for u in unique) or f.attname in keep_on_update for f in fields
    ):
        return _insert_new(connection, model, fields, rows, placeholder, with_inserted)
    assignments = []
    if guarded:
        condition = f"{same_key} AND ({incoming(where)})"
        assignments.append(f"{marker} = IF({condition}, {_MARKER}, {table}.{marker})")
    for field in fields:
        if any(field is u for u in unique) or field.attname in keep_on_update:
            continue
        if guarded and field.attname == MARKER_COLUMN:
            continue
        column = q(column_of(field))
        value = f"VALUES({column})"
        if field.attname in sticky:
            value = f"COALESCE({value}, {table}.{column})"
        check = replaced if guarded else same_key
        assignments.append(f"{column} = IF({check}, {value}, {table}.{column})")
    if guarded:
        assignments.append(f"{marker} = IF({replaced}, VALUES({marker}), {table}.{marker})")
    if not assignments:  # nothing to update: keep the stored row as it is
        assignments.append(f"{key} = {table}.{key}")
    columns = ", ".join(q(column_of(f)) for f in fields)
    update = ", ".join(assignments)
    for chunk in _chunks(fields, rows):
        params = database_params(connection, tuple(fields), chunk)
        sql = (
            f"INSERT INTO {table} ({columns}) VALUES {', '.join([placeholder] * len(chunk))} "
            f"ON DUPLICATE KEY UPDATE {update}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    if returning is None:
        return []
    return _written(model, fields, rows, returning, with_inserted=with_inserted, using=using)


def _insert_new(
    connection: Any,
    model: Any,
    fields: Sequence[models.Field],
    rows: Sequence[Sequence[Any]],
    placeholder: str,
    with_inserted: bool,
) -> list[Any]:
    """``ON CONFLICT DO NOTHING RETURNING`` the primary key: a plain ``INSERT`` per row,
    whose new key is returned unless a row with the same unique key is stored (an event
    recorded once, whatever the number of deliveries)."""
    q = connection.ops.quote_name
    columns = ", ".join(q(column_of(f)) for f in fields)
    sql = f"INSERT INTO {q(model._meta.db_table)} ({columns}) VALUES {placeholder}"  # noqa: S608 - quoted names
    result: list[Any] = []
    for row in rows:
        params = database_params(connection, tuple(fields), [row])
        new = insert_unless_stored(connection, sql, params)
        if new is not None:
            result.append((new, True) if with_inserted else new)
    return result


def _written(
    model: Any,
    fields: Sequence[models.Field],
    rows: Sequence[Sequence[Any]],
    returning: models.Field,
    *,
    with_inserted: bool,
    using: str,
) -> list[Any]:
    """What ``RETURNING`` gives on PostgreSQL: the ``returning`` value of each row the
    upsert inserted or replaced (with ``with_inserted``, paired with whether it was
    inserted), read back by key in one query per chunk.

    A row counts as written when it holds what this statement wrote in the columns
    that identify a write: its ``djstripe_updated`` instant, stamp and data hash. The
    statement's locks keep other writers out until the transaction ends."""
    connection = connections[using]
    q = connection.ops.quote_name
    index = {f.attname: position for position, f in enumerate(fields)}
    key = returning.attname
    identity = [
        name for name in ("djstripe_updated", "djstripe_stamp", MARKER_COLUMN) if name in index
    ]
    wanted = {row[index[key]]: tuple(_comparable(row[index[n]]) for n in identity) for row in rows}
    selected = [q(column_of(returning))]
    if with_inserted:
        selected.append(f"({q('djstripe_created')} = {q('djstripe_updated')})")
    selected += [q(model._meta.get_field(n).column) for n in identity]
    result: list[Any] = []
    found: set[Any] = set()
    keys = list(wanted)
    for start in range(0, len(keys), 5000):
        chunk = keys[start : start + 5000]
        sql = (
            f"SELECT {', '.join(selected)} FROM {q(model._meta.db_table)} "
            f"WHERE {q(column_of(returning))} IN ({', '.join(['%s'] * len(chunk))})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, chunk)
            for row in cursor.fetchall():
                found.add(row[0])
                stored = tuple(_comparable(v) for v in row[2 if with_inserted else 1 :])
                if stored != wanted.get(row[0]):
                    continue  # the guard kept fresher data
                result.append((row[0], bool(row[1])) if with_inserted else row[0])
    lost = sorted(set(keys) - found, key=str)
    if lost:  # neither inserted nor stored: another row holds one of its unique values
        raise IntegrityError(
            f"Rows {', '.join(map(str, lost[:5]))} of {model._meta.db_table} were not written: "
            "another row holds one of their unique values."
        )
    return result


def _comparable(value: Any) -> Any:
    """Datetimes as naive UTC (how a MySQL ``DATETIME`` column answers), the rest as is."""
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.astimezone(datetime.UTC).replace(tzinfo=None)
    return value


def _chunks(
    fields: Sequence[models.Field], rows: Sequence[Sequence[Any]]
) -> Iterator[Sequence[Any]]:
    """Rows in statements of at most :data:`MAX_STATEMENT_BYTES` of JSON and text."""
    json_at = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
    chunk: list[Any] = []
    size = 0
    for row in rows:
        row_size = 64 * len(fields) + sum(_size(row[i]) for i in json_at)
        if chunk and size + row_size > MAX_STATEMENT_BYTES:
            yield chunk
            chunk, size = [], 0
        chunk.append(row)
        size += row_size
    if chunk:
        yield chunk


def _size(value: Any) -> int:
    if isinstance(value, EncodedJSON):
        return len(value.text)
    if value is None:
        return 0
    return len(str(value))


def lock_object(stripe_id: str, *, using: str) -> None:
    """Hold a lock on ``stripe_id`` until the current transaction ends (commit or
    rollback), as PostgreSQL's ``pg_advisory_xact_lock`` does: MySQL's ``GET_LOCK`` is
    held by the session, past a rollback, so a row lock is taken instead (inserting the
    object's slot, or locking the slot row that exists)."""
    digest = hashlib.blake2b(stripe_id.encode(), digest_size=8).digest()
    slot = int.from_bytes(digest, "big") % LOCK_SLOTS
    q = connections[using].ops.quote_name
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {q('djstripe_objectlock')} ({q('slot')}) VALUES (%s) "
            f"ON DUPLICATE KEY UPDATE {q('slot')} = {q('slot')}",
            [slot],
        )
