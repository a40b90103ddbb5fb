"""Objects found inside other objects' data: new rows, parent links, many-to-many sets.

An embedded object that dj-stripe stored as a row of its own keeps that row (its own
data is at least as complete as the copy inside its parent); it only gains the link to
its parent where its row lacks one. One that dj-stripe never stored becomes a new row.
Parent links and many-to-many sets wait in temporary tables until every table is
filled, then each is applied set-based (:mod:`.finish`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..sync import mapping
from ..sync.plan import Item, Plan
from ..sync.rows import MAX_PARAMS, chunked
from .mirrored import by_model, record_for_embedded
from .scratch import create_work_table, drop_work_table

PARENTS = "djstripe__upgrade_parents"
LINKS = "djstripe__upgrade_links"


def create_tables(connection: Any) -> None:
    text = "VARCHAR(255)"
    columns = f"model VARCHAR(100), stripe_id {text}, field VARCHAR(100), value {text}"
    create_work_table(connection, PARENTS, columns)
    columns = f"model VARCHAR(100), field VARCHAR(100), parent_id {text}, target_id {text}"
    create_work_table(connection, LINKS, columns)


def drop_tables(connection: Any) -> None:
    drop_work_table(connection, PARENTS)
    drop_work_table(connection, LINKS)


class Embedded:
    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.added = 0

    def add(self, plan: Plan, top: set[tuple[Any, str]], owners: dict[Any, Any]) -> None:
        """Write what a batch's plan found embedded (everything but the batch's own rows)."""
        embedded = [
            item for item in plan if item.key not in top and not item.top_level and not item.deleted
        ]
        parents: list[tuple[str, str, str, str]] = []
        for model, items in by_model(embedded).items():
            layout = self.ctx.layout_for(model)
            if layout is None:
                continue  # a model the migration state does not have yet
            stored = self.stored(model, [item.stripe_id for item in items])
            fresh = []
            for item in items:
                if item.stripe_id in stored:
                    parents.extend(_parent_link(item))
                else:
                    fresh.append(item)
            if fresh:
                self._insert(layout, fresh, owners)
        self._save(PARENTS, parents)
        self._save(LINKS, _links(plan))

    def stored(self, model: Any, ids: list[str]) -> set[str]:
        """Which of ``ids`` dj-stripe stored (in the old table of ``model``)."""
        old = self.ctx.old_table_of(model)
        if old is None:
            return set()
        q = self.ctx.connection.ops.quote_name
        found: set[str] = set()
        with self.ctx.connection.cursor() as cursor:
            for chunk in chunked(sorted(set(ids)), MAX_PARAMS):
                cursor.execute(
                    f"SELECT {q('id')} FROM {q(old.scratch)} "  # noqa: S608 - quoted name
                    f"WHERE {q('id')} IN ({', '.join(['%s'] * len(chunk))})",
                    list(chunk),
                )
                found.update(row[0] for row in cursor.fetchall())
        # Exactly these ids: a case-insensitive column (dj-stripe's on MySQL) also
        # answers with ids differing only by case, which are other objects.
        return found & set(ids)

    def _insert(self, layout: Any, items: list[Item], owners: dict[Any, Any]) -> None:
        records = [record_for_embedded(i, owners.get(i.key), self.ctx.now) for i in items]
        layout.real.adjust_rows(items, records, using=self.ctx.connection.alias)
        inserted = self.ctx.writer(layout).insert_new(records)
        self.added += len(inserted)
        self.ctx.new_rows[layout.real.__name__] += len(inserted)

    def save_parent_links(self, rows: list[tuple[str, str, str, str]]) -> None:
        self._save(PARENTS, rows)

    def _save(self, table: str, rows: list[tuple[str, str, str, str]]) -> None:
        if not rows:
            return
        q = self.ctx.connection.ops.quote_name
        with self.ctx.connection.cursor() as cursor:
            for chunk in chunked(rows, MAX_PARAMS // 4):
                cursor.execute(
                    f"INSERT INTO {q(table)} VALUES "  # noqa: S608 - quoted name
                    + ", ".join(["(%s, %s, %s, %s)"] * len(chunk)),
                    [value for row in chunk for value in row],
                )


def _parent_link(item: Item) -> list[tuple[str, str, str, str]]:
    """(model label, child id, column, parent id) for a child dj-stripe stored."""
    if item.parent is None:
        return []
    found = []
    for spec in item.parent.model.child_lists:
        if not spec.parent_field:
            continue
        column = mapping.column_named(item.model, spec.parent_field)
        if column is None:
            continue
        value = item.values.get(column.attname)
        if value is not None:
            found.append((item.model._meta.label, item.stripe_id, column.attname, value))
    return found[:1]


def _links(plan: Plan) -> list[tuple[str, str, str, str]]:
    """(model label, many-to-many field, parent id, target id) of the plan's sets."""
    rows = []
    seen: defaultdict[tuple[str, str, str], set[str]] = defaultdict(set)
    for link in plan.many_to_many:
        label = link.parent.model._meta.label
        targets = seen[(label, link.field_name, link.parent.stripe_id)]
        for target in link.target_ids:
            if target not in targets:
                targets.add(target)
                rows.append((label, link.field_name, link.parent.stripe_id, target))
    return rows
