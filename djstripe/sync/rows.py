"""Set-based reads and writes of mirrored rows: state lookups, guarded upserts, deletes.

Everything here works on whole batches: one statement per table (chunked only by
the database's parameter limit), never one per object.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections, models
from django.utils import timezone

from ..fields import column_of
from . import dialects, guard
from .params import database_params
from .state import Tombstone

#: Parameters per statement: far below SQLite's 32,766 and PostgreSQL's 65,535.
MAX_PARAMS = 30000


@dataclass(frozen=True)
class RowState:
    stamp: int
    stamp_source: str
    data_hash: str
    deleted: bool = False
    object_created: int | None = None
    """For a tombstone: ``created`` of the deleted object (see ``Tombstone``)."""
    livemode: bool | None = None
    """The row's mode as the engine knows it (``djstripe_livemode``; a tombstone's mode)."""
    floor: int | None = None
    """``djstripe_stamp_floor``: set when the stored data's age is unknown (``source``)."""
    status: str | None = None
    """The stored ``status`` column, for tables that have one (terminal states)."""


def chunked(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    size = max(1, size)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _root_model(model: Any) -> Any:
    for field in model._meta.concrete_fields:
        if field.name == "id":
            return field.model._meta.concrete_model
    return model


#: The table that holds the Stripe ``id`` of a (possibly multi-table) model (cached;
#: typed as a plain callable: mypy does not count a model class as ``Hashable``).
root_model: Callable[[Any], Any] = functools.cache(_root_model)


@functools.cache
def table_layout(model: Any) -> tuple[tuple[Any, tuple[models.Field, ...]], ...]:
    """(table model, its writable fields) from the root table down (multi-table aware)."""
    tables: dict[Any, list[models.Field]] = {}
    for f in model._meta.concrete_fields:
        owner = f.model._meta.concrete_model
        if isinstance(f, models.AutoField):
            continue
        tables.setdefault(owner, []).append(f)
    root = root_model(model)
    ordered = [root] + [t for t in tables if t is not root]
    return tuple((t, tuple(tables.get(t, ()))) for t in ordered)


def value_or_default(values: dict[str, Any], f: models.Field) -> Any:
    """A row's value for ``f``, or the field's default when the row does not set it."""
    if f.attname in values:
        return values[f.attname]
    return f.get_default()


@dataclass
class Related:
    """Stored ids related to parents: the children a list may prune, or a many-to-many
    set, keyed ``(model, field name)`` -> parent Stripe id -> related Stripe ids."""

    children: dict[tuple[Any, str], dict[str, set[str]]]
    links: dict[tuple[Any, str], dict[str, set[str]]]


def child_part(model: Any, field_name: str, parents: Sequence[str], label: str, using: str) -> Any:
    """SQL of "the children of these parents" for :func:`states`, or None if the foreign
    key is not on the table holding the Stripe id (then the writer asks on its own)."""
    head = _child_head(using, connections[using].vendor, model, field_name)
    return None if head is None else _part(head, label, parents)


def link_part(model: Any, field_name: str, parents: Sequence[str], label: str, using: str) -> Any:
    """SQL of "the many-to-many targets of these parents" for :func:`states`."""
    head = _link_head(using, connections[using].vendor, model, field_name)
    return None if head is None else _part(head, label, parents)


def _part(head: str, label: str, ids: Sequence[str]) -> tuple[str, list[Any]]:
    """One part of :func:`states`' ``UNION ALL``: ``head`` (ending in ``IN ``) completed
    with the id list, and its parameters (the part's label first)."""
    return f"{head}({', '.join(['%s'] * len(ids))})", [label, *ids]


@functools.cache
def _child_head(using: str, vendor: str, model: Any, field_name: str) -> str | None:
    """:func:`child_part` up to its id list, made once per database, model and field (a
    webhook asks for children on every delivery that carries some)."""
    field = model._meta.get_field(field_name)
    table = root_model(model)
    if field.model._meta.concrete_model is not table or not field.concrete:
        return None
    q = connections[using].ops.quote_name
    return (
        f"SELECT %s, {q('id')}, 0, {dialects.same_collation(using, q(field.column))}, '', "
        f"{_no_state(using)} "
        f"FROM {q(table._meta.db_table)} WHERE {q(field.column)} IN "
    )


@functools.cache
def _link_head(using: str, vendor: str, model: Any, field_name: str) -> str | None:
    """:func:`link_part` up to its id list, made once per database, model and field."""
    m2m = model._meta.get_field(field_name)
    through = m2m.remote_field.through._meta
    parent, target = root_model(model)._meta, root_model(m2m.related_model)._meta
    if parent.model is not model._meta.concrete_model:
        return None
    q = connections[using].ops.quote_name
    return (
        f"SELECT %s, p.{q('id')}, 0, {dialects.same_collation(using, 't.' + q('id'))}, '', "
        f"{_no_state(using)} "
        f"FROM {q(through.db_table)} l "
        f"JOIN {q(parent.db_table)} p ON l.{q(m2m.m2m_column_name())} = p.{q(parent.pk.column)} "
        f"JOIN {q(target.db_table)} t ON l.{q(m2m.m2m_reverse_name())} = t.{q(target.pk.column)} "
        f"WHERE p.{q('id')} IN "
    )


def states(
    requests: dict[Any, set[str]],
    *,
    using: str = "default",
    children: dict[tuple[Any, str], set[str]] | None = None,
    links: dict[tuple[Any, str], set[str]] | None = None,
    related: Related | None = None,
) -> tuple[dict[Any, dict[str, RowState]], dict[str, RowState]]:
    """Stored freshness of the given ids, per model, plus the tombstones among them.

    One ``UNION ALL`` statement answers for every table at once. Raw SQL: the ORM's
    ``union()`` needs the same model-less columns on every side, which the typed NULLs
    below provide only as SQL, and one statement per page is the point (a query per
    table would be a round trip per model of the page). ``children`` and
    ``links`` (``(model, field name)`` -> parent ids) ask in the same statement for
    the children and many-to-many targets stored for those parents; the answers are
    added to ``related`` (requests a table layout cannot answer are left out).
    """
    parts: list[tuple[str, list[Any]]] = []
    extra: dict[str, tuple[dict[str, set[str]], set[str]]] = {}
    for kind, asked, builder in (
        ("c", children or {}, child_part),
        ("l", links or {}, link_part),
    ):
        store = None if related is None else related.children if kind == "c" else related.links
        for index, ((model, field_name), parents) in enumerate(asked.items()):
            if not parents or store is None:
                continue
            label = f"__{kind}{index}__"
            for chunk in chunked(sorted(parents), MAX_PARAMS // 2):
                part = builder(model, field_name, chunk, label, using)
                if part is None:
                    break
                parts.append(part)
            else:
                answers = store.setdefault((model, field_name), {})
                for parent in parents:
                    answers.setdefault(parent, set())
                extra[label] = (answers, set(parents))
    labels: dict[str, Any] = {}
    all_ids: set[str] = set()
    vendor = connections[using].vendor
    for model, ids in requests.items():
        if not ids:
            continue
        table_model = root_model(model)
        label = table_model._meta.db_table
        labels[label] = table_model
        all_ids |= ids
        head = _state_select(using, vendor, table_model)
        for chunk in chunked(sorted(ids), MAX_PARAMS // 2):
            parts.append(_part(head, label, chunk))
    head = _tombstone_select(using, vendor)
    for chunk in chunked(sorted(all_ids), MAX_PARAMS // 2):
        parts.append(_part(head, "__tombstone__", chunk))
    found: dict[Any, dict[str, RowState]] = {model: {} for model in requests}
    tombstones: dict[str, RowState] = {}
    if not parts:
        return found, tombstones
    by_table: dict[str, dict[str, RowState]] = {}
    for statement_parts in _group(parts):
        sql = " UNION ALL ".join(part[0] for part in statement_parts)
        params = [param for part in statement_parts for param in part[1]]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            for (
                label,
                stripe_id,
                stamp,
                source,
                data_hash,
                deleted,
                livemode,
                floor,
                status,
            ) in cursor.fetchall():
                if label in extra:
                    # (parent, related) pairs: children carry their parent in ``source``
                    parent, other = (source, stripe_id) if label[2] == "c" else (stripe_id, source)
                    extra[label][0].setdefault(parent, set()).add(other)
                    continue
                if label == "__tombstone__":
                    created = int(data_hash) if data_hash else None
                    tombstones[stripe_id] = RowState(
                        int(stamp or 0),
                        source or "",
                        "",
                        object_created=created,
                        livemode=_boolean(livemode),
                    )
                    continue
                state = RowState(
                    int(stamp or 0),
                    source or "",
                    data_hash or "",
                    bool(deleted),
                    livemode=_boolean(livemode),
                    floor=None if floor is None else int(floor),
                    status=status,
                )
                by_table.setdefault(label, {})[stripe_id] = state
    for model, ids in requests.items():
        table_rows = by_table.get(root_model(model)._meta.db_table, {})
        found[model] = {
            stripe_id: table_rows[stripe_id] for stripe_id in ids if stripe_id in table_rows
        }
    return found, tombstones


@functools.cache
def _state_select(using: str, vendor: str, table_model: Any) -> str:
    """The part of :func:`states` for one table, up to its id list (made once per
    database and table: quoting a name asks the connection each time)."""
    names = {f.name for f in table_model._meta.concrete_fields}
    q = connections[using].ops.quote_name
    # Typed NULLs: PostgreSQL cannot UNION text with boolean or integer columns.
    deleted = q("deleted") if "deleted" in names else dialects.typed_null(using, "BOOLEAN")
    status = q("status") if "status" in names else dialects.typed_null(using, "VARCHAR(255)")
    # MySQL: one collation for each text column of the UNION (see same_collation)
    source = dialects.same_collation(using, q("djstripe_stamp_source"))
    data_hash = dialects.same_collation(using, q("djstripe_hash"))
    status = dialects.same_collation(using, status)
    return (
        f"SELECT %s, {q('id')}, {q('djstripe_stamp')}, {source}, {data_hash}, {deleted}, "
        f"{q('djstripe_livemode')}, {q('djstripe_stamp_floor')}, {status} "
        f"FROM {q(table_model._meta.db_table)} WHERE {q('id')} IN "
    )


@functools.cache
def _tombstone_select(using: str, vendor: str) -> str:
    """The tombstones' part of :func:`states`, up to its id list; the hash column
    carries the deleted object's ``created`` (as text)."""
    q = connections[using].ops.quote_name
    created_text = dialects.cast_text(using, q("object_created"), 20)
    created = dialects.same_collation(using, f"COALESCE({created_text}, '')")
    return (
        f"SELECT %s, {q('stripe_id')}, {q('stamp')}, "
        f"{dialects.same_collation(using, q('stamp_source'))}, {created}, "
        f"{dialects.typed_null(using, 'BOOLEAN')}, {q('livemode')}, "
        f"{dialects.typed_null(using, 'BIGINT')}, {dialects.typed_null(using, 'VARCHAR(255)')} "
        f"FROM {q(Tombstone._meta.db_table)} WHERE {q('stripe_id')} IN "
    )


def _no_state(using: str) -> str:
    """The state columns a part of :func:`states` without them selects (typed NULLs)."""
    types = ("BOOLEAN", "BOOLEAN", "BIGINT", "VARCHAR(255)")
    return ", ".join(dialects.typed_null(using, sql_type) for sql_type in types)


def _boolean(value: Any) -> bool | None:
    """A boolean column's value (SQLite answers 0/1)."""
    return None if value is None else bool(value)


def _group(parts: list[tuple[str, list[Any]]]) -> Iterator[list[tuple[str, list[Any]]]]:
    group: list[tuple[str, list[Any]]] = []
    count = 0
    for part in parts:
        if group and count + len(part[1]) > MAX_PARAMS:
            yield group
            group, count = [], 0
        group.append(part)
        count += len(part[1])
    if group:
        yield group


def upsert(
    model: Any,
    fields: Sequence[models.Field],
    rows: Sequence[Sequence[Any]],
    *,
    conflict_field: models.Field | Sequence[models.Field],
    where: str = "",
    sticky: Iterable[str] = (),
    keep_on_update: Iterable[str] = (),
    returning: models.Field | None = None,
    with_inserted: bool = False,
    expressions: Mapping[str, str] | None = None,
    using: str = "default",
) -> list[Any]:
    """``INSERT ... ON CONFLICT DO UPDATE`` of whole rows, one statement per chunk: the
    one upsert builder of the mirror (the dj-stripe conversion has its own).

    Raw SQL because the ORM cannot say it: ``bulk_create(update_conflicts=True)`` puts no
    ``WHERE`` on the ``DO UPDATE`` (the freshness guard), no ``COALESCE`` for sticky
    columns, and does not tell an inserted row from a replaced one. Where it can (the
    pending links), it was measured at 3 to 6 times the CPU of this builder on SQLite
    (3,000 rows: 141-207 ms against 33-55 ms; see ``links.record``).

    ``rows`` hold Python values in ``fields`` order; ``conflict_field`` is the unique
    column (or the columns of a unique constraint) a stored row is found by. A stored
    row is only replaced where the ``where`` condition holds (``guard.guard_sql``:
    fresher data of the same mode), atomically, so concurrent writers cannot overwrite
    newer data. ``sticky`` columns keep
    their stored value when the new one is NULL; ``keep_on_update`` columns are written on
    insert only (all of them: ``DO NOTHING``). ``expressions`` maps an attname to the
    SQL that takes its value instead of a bare ``%s`` (a sub-select with one ``%s``).
    Returns the ``returning`` column of the rows inserted or replaced; with
    ``with_inserted``, pairs ``(value, inserted)``: whether the statement created the
    row, or replaced one (a Stripe model's row keeps its ``djstripe_created`` when
    replaced, and both stamps are the same instant when created).
    """
    if not rows:
        return []
    connection = connections[using]
    sticky_set, keep_set = set(sticky), set(keep_on_update)
    if connection.vendor == "mysql":
        return dialects.upsert(
            model,
            fields,
            rows,
            conflict_field=conflict_field,
            where=where,
            sticky=sticky_set,
            keep_on_update=keep_set,
            returning=returning,
            with_inserted=with_inserted,
            expressions=expressions,
            using=using,
        )
    table = model._meta.db_table
    q = connection.ops.quote_name
    columns = [q(column_of(field)) for field in fields]
    unique = [conflict_field] if isinstance(conflict_field, models.Field) else conflict_field
    assignments = []
    for field in fields:
        if any(field is f for f in unique) or field.attname in keep_set:
            continue
        column = q(column_of(field))
        if field.attname in sticky_set:
            assignments.append(f"{column} = COALESCE(EXCLUDED.{column}, {q(table)}.{column})")
        else:
            assignments.append(f"{column} = EXCLUDED.{column}")
    conflict = f"ON CONFLICT ({', '.join(q(column_of(f)) for f in unique)}) DO "
    conflict += f"UPDATE SET {', '.join(assignments)}" if assignments else "NOTHING"
    if where and assignments:
        conflict += f" WHERE {where}"
    suffix = f" RETURNING {q(column_of(returning))}" if returning is not None else ""
    flagged = with_inserted and returning is not None
    if flagged:
        suffix += f", ({q('djstripe_created')} = {q('djstripe_updated')})"
    expressions = expressions or {}
    placeholder = "(" + ", ".join(expressions.get(f.attname, "%s") for f in fields) + ")"
    result: list[Any] = []
    for chunk in chunked(list(rows), MAX_PARAMS // max(1, len(fields))):
        params = database_params(connection, tuple(fields), chunk)
        sql = (
            f"INSERT INTO {q(table)} ({', '.join(columns)}) VALUES "
            f"{', '.join([placeholder] * len(chunk))} {conflict}{suffix}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            if flagged:
                result.extend((row[0], bool(row[1])) for row in cursor.fetchall())
            elif returning is not None:
                result.extend(row[0] for row in cursor.fetchall())
    return result


def bump_stamps(
    model: Any,
    ids: Sequence[str],
    *,
    stamp: int,
    stamp_source: str,
    floor: int | None = None,
    mode: bool | None = None,
    check_mode: bool = True,
    using: str = "default",
) -> int:
    """Record that unchanged rows were seen in fresher data (one ``UPDATE`` per chunk),
    where the freshness rule allows it (``guard``), and never across modes.

    Raw SQL: the condition is the guard's SQL text, the same the upsert's ``DO UPDATE
    ... WHERE`` uses, so the freshness rule is written once for both statements."""
    if not ids:
        return 0
    table = root_model(model)
    connection = connections[using]
    q = connection.ops.quote_name
    count = 0
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    t = q(table._meta.db_table)
    incoming = {
        "djstripe_stamp": guard.literal(stamp),
        "djstripe_stamp_floor": guard.literal(floor),
        "djstripe_stamp_source": "%s",
    }
    condition = guard.fresher_sql(using, t, incoming.__getitem__)
    learn = ""
    if check_mode:
        condition = f"{guard.mode_sql(using, t, guard.literal(mode))} AND ({condition})"
        # a row stored without its mode learns it from data of a known mode
        column = q("djstripe_livemode")
        learn = f"{column} = COALESCE({column}, {guard.literal(mode)}), "
    for chunk in chunked(list(ids), MAX_PARAMS - 8):
        sql = (
            f"UPDATE {t} SET {learn}{q('djstripe_stamp')} = %s, "
            f"{q('djstripe_stamp_source')} = %s, {q('djstripe_stamp_floor')} = %s, "
            f"{q('djstripe_updated')} = %s "
            f"WHERE {q('id')} IN ({', '.join(['%s'] * len(chunk))}) AND ({condition})"
        )
        params = [stamp, stamp_source, floor, now, *chunk]
        params += [stamp_source] * condition.count("%s")
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            count += cursor.rowcount
    return count


def pks_for_ids(model: Any, ids: Iterable[str], *, using: str = "default") -> dict[str, int]:
    """Stripe id -> primary key, for the given ids (one query per chunk)."""
    table = root_model(model)
    result: dict[str, int] = {}
    id_list = sorted(set(ids))
    for chunk in chunked(id_list, MAX_PARAMS):
        for stripe_id, pk in (
            table._base_manager.using(using).filter(id__in=chunk).values_list("id", "pk")
        ):
            result[stripe_id] = pk
    return result
