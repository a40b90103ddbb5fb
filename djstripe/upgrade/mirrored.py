"""Tables of Stripe objects: each old row written again through the sync engine's mapping.

A row keeps its ``djstripe_id``, Stripe ``id`` and ``stripe_data`` (the stored text,
unchanged). Its typed columns come from that data through the engine's own plan
(:class:`djstripe.sync.plan.Plan`, which knows every API version's shape); columns only
the database knows (``local_fields``, ``sticky_fields``, the owner account, when the
row was written) are carried over. The data is of unknown age, so its freshness stamp
is 0: anything Stripe sends afterwards replaces it.

Objects embedded in the data (an invoice's lines, a subscription's items and their
prices) go through the same plan; those dj-stripe never stored as rows are added, and
those it did keep their own row, gaining only the link to their parent.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

import orjson
from django.db import models

from ..exceptions import InvalidStripeDataError
from ..sync import rows as sync_rows
from ..sync.params import EncodedJSON, database_params
from ..sync.plan import Item, Plan, check_object
from ..sync.source import Source
from .children import ConversionPlan, stored_children
from .columns import carried, python_value, select_sql
from .scratch import OldTable, stream

logger = logging.getLogger(__name__)

#: Old rows per plan and per insert (small: a batch of large invoices, parsed, is most of
#: the peak memory; 250 keeps it flat without slowing the conversion).
BATCH = 250
#: Unknown age (nothing says when dj-stripe read the data): any later data wins; nothing
#: referenced is fetched.
SOURCE = Source(stamp=0, fetch_missing=False)
#: Columns a row keeps from the old table even where its data says otherwise.
ALWAYS_CARRIED = ("djstripe_created", "djstripe_updated", "djstripe_owner_account")


@dataclass(frozen=True)
class Layout:
    """Where a model's rows go: its tables (root first) and the fields of each."""

    model: Any
    """The model as the migration state has it (its tables are what ``0001`` creates)."""
    real: Any
    """The model class of the running code (its mapping and hooks)."""
    tables: tuple[tuple[Any, tuple[models.Field, ...]], ...]

    @classmethod
    def of(cls, model: Any, real: Any) -> Layout:
        grouped: dict[Any, list[models.Field]] = {}
        for field in model._meta.concrete_fields:
            grouped.setdefault(field.model._meta.concrete_model, []).append(field)
        root = next(t for t, fields in grouped.items() if any(f.name == "id" for f in fields))
        ordered = [root, *(t for t in grouped if t is not root)]
        return cls(model, real, tuple((t, tuple(grouped[t])) for t in ordered))

    @property
    def root(self) -> Any:
        return self.tables[0][0]

    @property
    def fields(self) -> list[models.Field]:
        return [f for _, fields in self.tables for f in fields]


class Writer:
    """Inserts finished rows (attname -> value) into a layout's tables."""

    def __init__(self, connection: Any, layout: Layout, content_type: int | None) -> None:
        self.connection = connection
        self.layout = layout
        self.content_type = content_type
        self.json_attnames = [f.attname for f in layout.fields if isinstance(f, models.JSONField)]

    def insert_old(self, records: list[dict[str, Any]], *, explicit_pk: bool) -> None:
        """Insert old rows: plain ``INSERT``s, their keys given (no conflict can arise:
        each old row is written once, and no new row takes an old key or id)."""
        self._prepare(records)
        (root, root_fields), *children = self.layout.tables
        fields = [f for f in root_fields if explicit_pk or not isinstance(f, models.AutoField)]
        self._execute_many(root, fields, records)
        for table, table_fields in children:
            pointer = next(f for f in table_fields if f.primary_key)
            for record in records:
                record[pointer.attname] = record["djstripe_id"]
            self._execute_many(table, table_fields, records)

    def insert_new(self, records: list[dict[str, Any]]) -> list[str]:
        """Insert rows for objects found in others' data, under new keys, each once
        (``ON CONFLICT (id) DO NOTHING``); return the Stripe ids inserted."""
        if not records:
            return []
        self._prepare(records)
        using = self.connection.alias
        (root, root_fields), *children = self.layout.tables
        fields = [f for f in root_fields if not isinstance(f, models.AutoField)]
        id_field = root._meta.get_field("id")
        inserted = sync_rows.upsert(
            root,
            fields,
            _rows(fields, records),
            conflict_field=id_field,
            keep_on_update={f.attname for f in fields},
            returning=id_field,
            using=using,
        )
        if children:
            pks = sync_rows.pks_for_ids(root, inserted, using=using)
            fresh = [record for record in records if record["id"] in pks]
            for table, table_fields in children:
                pointer = next(f for f in table_fields if f.primary_key)
                for record in fresh:
                    record[pointer.attname] = pks[record["id"]]
                self._execute_many(table, table_fields, fresh)
        return inserted

    def _prepare(self, records: list[dict[str, Any]]) -> None:
        for record in records:
            if self.content_type is not None:
                record.setdefault("polymorphic_ctype_id", self.content_type)
            for attname in self.json_attnames:
                record[attname] = encoded(record.get(attname))

    def _execute_many(self, table: Any, fields: Sequence[models.Field], records: list[Any]) -> None:
        if not records:
            return
        connection = self.connection
        q = connection.ops.quote_name
        sql = (
            f"INSERT INTO {q(table._meta.db_table)} "  # noqa: S608 - quoted names
            f"({', '.join(q(f.column) for f in fields)}) VALUES ({', '.join(['%s'] * len(fields))})"
        )
        width = len(fields)
        params = database_params(connection, tuple(fields), _rows(fields, records))
        with connection.cursor() as cursor:
            cursor.executemany(sql, [params[i : i + width] for i in range(0, len(params), width)])


def encoded(value: Any) -> Any:
    """A JSON column's value with its text made once, by the fast encoder (an event's
    ``data`` holds a whole object); left to Django where that encoder cannot."""
    if not isinstance(value, dict | list):
        return value
    try:
        return EncodedJSON(value, orjson.dumps(value).decode())
    except TypeError:  # orjson.JSONEncodeError: e.g. an integer beyond 64 bits
        return value


def _rows(fields: Sequence[models.Field], records: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Each record's values in ``fields`` order, the field's default where it has none."""
    defaults = {f.attname: f.get_default() for f in fields}
    names = [f.attname for f in fields]
    return [tuple(record.get(n, defaults[n]) for n in names) for record in records]


def load(text: Any) -> Any:
    """The stored data as Python objects (``{}`` when it is not JSON)."""
    if isinstance(text, dict):
        return text
    if not text:
        return {}
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:  # e.g. an integer beyond 64 bits: the slower parser
        try:
            return json.loads(text)
        except ValueError:
            return {}


class TableCopy:
    """One old table of Stripe objects written into its model's tables."""

    def __init__(self, ctx: Any, old: OldTable, layout: Layout) -> None:
        self.ctx = ctx
        self.old = old
        self.layout = layout
        self.writer = ctx.writer(layout)
        self.attnames = {f.attname for f in layout.fields}
        real = layout.real
        self.always = {
            *ALWAYS_CARRIED,
            *getattr(real, "local_fields", ()),
            *getattr(real, "sticky_fields", ()),
        }
        skipped = {"djstripe_id", "id", "stripe_data"}
        wanted = [f for f in layout.fields if f.name not in skipped and not f.primary_key]
        self.items, joins = carried(ctx.connection, old, wanted, ctx.old_tables)
        self.attnames_carried = [item.field.attname for item in self.items]
        self.always_carried = [i.field.attname for i in self.items if i.field.name in self.always]
        # Raw old values are converted only where a row uses them.
        self.convert = {i.field.attname: python_value(ctx.connection, i.field) for i in self.items}
        q = ctx.connection.ops.quote_name
        pk = f"s.{q(old.pk)}" if old.pk == "djstripe_id" else "NULL"
        leading = [pk, f"s.{q('id')}", f"s.{q('stripe_data')}"]
        self.sql = select_sql(ctx.connection, old, leading, self.items, joins)

    def run(self) -> None:
        for _, batch in stream(self.ctx.connection, self.sql, [], BATCH):
            self.write_batch(batch)

    def write_batch(self, batch: list[tuple]) -> None:
        datas = [load(raw[2]) for raw in batch]
        skip = stored_children(self.layout.real, datas, self.ctx.embedded.stored)
        plan = ConversionPlan(SOURCE, skip)
        rows: list[tuple[dict[str, Any], dict[str, Any], Item | None]] = []
        owners: dict[tuple[Any, str], Any] = {}
        for raw, data in zip(batch, datas, strict=True):
            old_pk, stripe_id, text = raw[0], raw[1], raw[2]
            old_values = dict(zip(self.attnames_carried, raw[3:], strict=True))
            before = len(plan.items)
            item = self._add(plan, data)
            # What this row's data brought into the plan belongs to the row's owner.
            owner = old_values.get("djstripe_owner_account_id")
            for added in islice(reversed(plan.items.values()), len(plan.items) - before):
                if added is not item:
                    owners.setdefault(added.key, owner)
            record = self._record(old_pk, stripe_id, text, data, item, old_values)
            rows.append((record, self._kept(old_values, item), item))
        _complete_embedded_lists(plan)
        mapped = [(record, item) for record, _, item in rows if item is not None]
        if mapped:
            self.layout.real.adjust_rows(
                [item for _, item in mapped],
                [record for record, _ in mapped],
                using=self.ctx.connection.alias,
            )
        records = []
        for record, kept, _ in rows:
            record.update(kept)
            records.append(record)
        self.ctx.allocate_pks(self.old, records)
        self.writer.insert_old(records, explicit_pk=self.old.pk == "djstripe_id")
        self.ctx.embedded.add(plan, {item.key for _, _, item in rows if item}, owners)
        self.ctx.embedded.save_parent_links(plan.parent_links)

    def _add(self, plan: Plan, data: Any) -> Item | None:
        try:
            check_object(self.layout.real, data)
        except InvalidStripeDataError:
            return None  # kept with its old columns; the data stays in stripe_data
        return plan.add(self.layout.real, data, top_level=True)

    def _record(
        self,
        old_pk: Any,
        stripe_id: str,
        text: Any,
        data: Any,
        item: Item | None,
        old_values: dict[str, Any],
    ) -> dict[str, Any]:
        """The row from its data; an old column fills what the data leaves empty."""
        record: dict[str, Any] = dict(item.values) if item is not None else {}
        for attname, value in old_values.items():
            if value is not None and record.get(attname) is None:
                record[attname] = self.convert[attname](value)
        record.update(
            djstripe_id=old_pk,
            id=stripe_id,
            # The stored text, as it is (a driver that parsed it gets it encoded once).
            stripe_data=EncodedJSON(data, text) if isinstance(text, str) else data,
            djstripe_stamp=0,
            djstripe_stamp_source="",
            djstripe_hash="",
            djstripe_livemode=_mode(item, record.get("livemode")),
        )
        return record

    def _kept(self, old_values: dict[str, Any], item: Item | None) -> dict[str, Any]:
        """Old columns that win over the data: what only the database knows."""
        kept = {
            attname: self.convert[attname](old_values[attname])
            for attname in self.always_carried
            if old_values[attname] is not None
        }
        if "djstripe_status" in self.attnames:
            # An event dj-stripe stored was processed (deliveries that failed: .finish).
            kept["djstripe_status"] = "processed"
            kept["djstripe_processed_at"] = self.convert["djstripe_updated"](
                old_values["djstripe_updated"]
            )
        if "deleted" in self.attnames:
            # dj-stripe marked a deleted customer by its purge date (its data may predate it).
            deleted = item is not None and item.deleted
            if deleted or old_values.get("date_purged") is not None:
                kept["deleted"] = True
        return kept


def _complete_embedded_lists(plan: Plan) -> None:
    """Take what an embedded list holds even when it says there is more: nothing is read
    from the API here (the plan left such lists for paging), and a partial list links
    its children without removing any."""
    pending, plan.pending_lists = plan.pending_lists, []
    for entry in pending:
        children = list(entry.embedded.get("data") or [])
        plan.add_children(entry.parent, entry.spec, children, complete=False)


def record_for_embedded(item: Item, owner: Any, now: Any) -> dict[str, Any]:
    """A new row for an object that only appeared embedded in another's data."""
    record = dict(item.values)
    record.update(
        id=item.stripe_id,
        stripe_data=EncodedJSON(item.data, item.encoded()),
        djstripe_created=now,
        djstripe_updated=now,
        djstripe_stamp=0,
        djstripe_stamp_source="",
        djstripe_hash="",
        djstripe_owner_account_id=owner,
        djstripe_livemode=_mode(item, item.values.get("livemode")),
    )
    return record


def _mode(item: Item | None, livemode: Any) -> bool | None:
    """The row's mode as the engine keeps it (``djstripe_livemode``): the data's, else that
    of the object embedding it; dj-stripe's ``livemode`` column for data without one."""
    if item is not None and not item.model.mode_scoped:
        return None
    mode = item.mode if item is not None else None
    return mode if mode is not None else livemode if isinstance(livemode, bool) else None


def by_model(items: Iterable[Item]) -> dict[Any, list[Item]]:
    grouped: dict[Any, list[Item]] = {}
    for item in items:
        grouped.setdefault(item.model, []).append(item)
    return grouped
