"""The conversion, step by step, inside the migration's transaction (see the package
docstring for the steps and :mod:`.detect` for which databases it accepts)."""

from __future__ import annotations

import sys
import time
from collections import Counter
from typing import Any

from django.apps import apps as live_apps
from django.core.management.color import no_style
from django.db import router, transaction
from django.utils import timezone

from ..models.base import StripeModel
from . import detect, embedded, finish, introspect, keys, scratch
from .mirrored import Layout, TableCopy, Writer
from .plain import copy_table
from .scratch import OldTable

#: Old many-to-many tables whose rows go to a table of another name here.
RENAMED_LINKS = {
    "djstripe_djstripesubscriptionitemtaxrate": "djstripe_subscriptionitem_tax_rates",
}


def convert(apps: Any, schema_editor: Any) -> None:
    """``0004_dj_stripe_upgrade``: convert dj-stripe's tables, or do nothing."""
    connection = schema_editor.connection
    if connection.vendor == "mysql":  # no transactional DDL: in resumable steps
        from . import resumable  # subclasses Upgrade: importing it above would be a cycle

        resumable.convert(apps, schema_editor)
        return
    found = detect.inspect_database(connection)
    if found.kind != "dj-stripe":
        return
    detect.check_convertible(found, connection)
    started = time.monotonic()
    upgrade = Upgrade(apps, schema_editor, found)
    # A savepoint of its own: a failure restores dj-stripe's tables before the schema
    # editor checks foreign keys on its way out (which would otherwise replace the
    # failure's message with one about half-built tables).
    with transaction.atomic(using=connection.alias):
        upgrade.run()
    upgrade.report(time.monotonic() - started)


class Upgrade:
    def __init__(self, state: Any, schema_editor: Any, found: detect.Found) -> None:
        self.state = state
        self.schema_editor = schema_editor
        self.connection = schema_editor.connection
        self.found = found
        self.now = timezone.now()
        self.old_tables: dict[str, OldTable] = {}
        self.layouts: dict[Any, Layout | None] = {}
        self.writers: dict[Any, Writer] = {}
        self.new_rows: Counter[str] = Counter()
        self.embedded = embedded.Embedded(self)
        self.next_pk: dict[str, int] = {}
        self.used_pks: dict[str, set[int]] = {}
        self.pending = 0

    # ---- the steps ----
    def run(self) -> None:
        connection = self.connection
        known = detect.DJ_STRIPE_TABLES | detect.RELEASE_TABLES[self.found.release]
        self.old_tables = scratch.read_tables(connection, self.found.tables & known)
        outside = keys.plan(
            introspect.foreign_keys_into(connection, set(self.old_tables)), self.state
        )
        scratch.set_aside(connection, self.old_tables.values())
        keys.release(connection, outside)
        scratch.drop_originals(connection, self.old_tables.values())
        for model in self._models():
            self.schema_editor.create_model(model)
        self.fill()
        keys.restore(connection, self.schema_editor, outside)
        self._reset_sequences()
        self._verify()
        embedded.drop_tables(connection)
        keys.drop_remap_table(connection)
        scratch.drop_scratch(connection, self.old_tables.values())

    def fill(self) -> None:
        """Write every old row into the new (empty) tables, then link them."""
        connection = self.connection
        embedded.create_tables(connection)
        keys.create_remap_table(connection)
        self._reserve_keys()
        for old, target in self._plain_tables():
            copy_table(connection, old, target, self.old_tables)
        for old, layout in self._mirrored_tables():
            TableCopy(self, old, layout).run()
            self.after_table()
        finish.apply_parent_links(connection)
        finish.apply_many_to_many(connection)
        finish.failed_events(connection)
        finish.inherit_modes(connection, self.state)
        self.pending = finish.dangling_references(connection, self.state, self.now)
        finish.derived_links(connection, self.state)

    def after_table(self) -> None:
        """Called after each table of Stripe objects is written (a test hook's place)."""

    def report(self, seconds: float) -> None:
        kept = sum(t.rows for t in self.old_tables.values())
        added = sum(self.new_rows.values())
        dropped = self.old_tables["djstripe_upcominginvoice"].rows
        lines = [
            f"\n  Converted the dj-stripe {self.found.release} database: {kept:,} rows kept "
            f"in {seconds:.1f} s ({kept / max(seconds, 1e-6):,.0f} rows/s), {added:,} "
            f"objects added from their parents' data, {self.pending:,} references to "
            "objects not mirrored recorded for the next djstripe_sync_models."
        ]
        if dropped:
            lines.append(f"  {dropped:,} stored upcoming-invoice previews were not kept.")
        sys.stdout.write("\n".join(lines) + "\n")

    # ---- what goes where ----
    def _models(self) -> list[Any]:
        alias = self.connection.alias
        return [
            model
            for model in self.state.get_app_config("djstripe").get_models()
            if model._meta.can_migrate(self.connection) and router.allow_migrate_model(alias, model)
        ]

    def _plain_tables(self) -> list[tuple[OldTable, Any]]:
        """(old table, model) of the tables copied column by column."""
        found: list[tuple[OldTable, Any]] = []
        for model in self.state.get_app_config("djstripe").get_models(include_auto_created=True):
            table = model._meta.db_table
            real = self._real(model)
            if real is not None and issubclass(real, StripeModel):
                continue
            sources = [t for t, new in RENAMED_LINKS.items() if new == table]
            if table in self.old_tables:
                sources.append(table)
            found.extend((self.old_tables[name], model) for name in sources)
        return found

    def _mirrored_tables(self) -> list[tuple[OldTable, Layout]]:
        found = []
        for model in self._models():
            real = self._real(model)
            old = self.old_tables.get(model._meta.db_table)
            if old is None or real is None or not issubclass(real, StripeModel):
                continue
            if _has_subclass_tables(real):
                continue  # its rows are written by its subclasses (cards, bank accounts...)
            layout = self.layout_for(real)
            if layout is not None:
                found.append((old, layout))
        # Tables sharing a base's keys (cards, bank accounts, Sources): the largest first,
        # so the fewest rows need a new key (allocate_pks).
        return sorted(found, key=lambda entry: (len(entry[1].tables) > 1, -entry[0].rows))

    def _real(self, model: Any) -> Any:
        try:
            return live_apps.get_model("djstripe", model.__name__)
        except LookupError:
            return None

    # ---- services for the table copies ----
    def layout_for(self, real: Any) -> Layout | None:
        if real not in self.layouts:
            try:
                model = self.state.get_model("djstripe", real.__name__)
            except LookupError:
                self.layouts[real] = None
            else:
                self.layouts[real] = Layout.of(model, real)
        return self.layouts[real]

    def writer(self, layout: Layout) -> Writer:
        writer = self.writers.get(layout.real)
        if writer is None:
            content_type = None
            if any(f.name == "polymorphic_ctype" for f in layout.fields):
                content_type = self._content_type(layout.real)
            writer = self.writers[layout.real] = Writer(self.connection, layout, content_type)
        return writer

    def old_table_of(self, real: Any) -> OldTable | None:
        layout = self.layout_for(real)
        if layout is None:
            return None
        return self.old_tables.get(layout.model._meta.db_table)

    def allocate_pks(self, old: OldTable, records: list[dict[str, Any]]) -> None:
        """Cards, bank accounts and Sources share their base's keys: a row keeps its old
        ``djstripe_id`` unless an earlier source took it, and then gets a free one."""
        root = self._shared_root(old)
        if root is None:
            return
        used = self.used_pks.setdefault(root, set())
        moved = []
        for record in records:
            pk = record["djstripe_id"]
            if pk in used:
                self.next_pk[root] += 1
                moved.append((pk, self.next_pk[root]))
                record["djstripe_id"] = pk = self.next_pk[root]
            used.add(pk)
        keys.record_remap(self.connection, old.name, moved)

    def _shared_root(self, old: OldTable) -> str | None:
        for layout in self.layouts.values():
            if layout is not None and layout.model._meta.db_table == old.name:
                return layout.root._meta.db_table if len(layout.tables) > 1 else None
        return None

    def _content_type(self, real: Any) -> int:
        content_type = self.state.get_model("contenttypes", "ContentType")
        row, _ = content_type.objects.using(self.connection.alias).get_or_create(
            app_label=real._meta.app_label, model=real._meta.model_name
        )
        return int(row.pk)

    # ---- keys and checks ----
    def _reserve_keys(self) -> None:
        """Move each table's key sequence past the old keys, so rows added from embedded
        data never take a key an old row keeps. Cards, bank accounts and Sources share
        their base's sequence: past all three, with room for the keys they may need
        where another took theirs (:meth:`allocate_pks`)."""
        highest: Counter[str] = Counter()
        shared_rows: Counter[str] = Counter()
        for old, layout in self._mirrored_tables():
            if old.pk != "djstripe_id":
                continue
            root = layout.root._meta.db_table
            highest[root] = max(highest[root], _max(self.connection, old.scratch, old.pk))
            if len(layout.tables) > 1:
                shared_rows[root] += old.rows
        for root, rows in shared_rows.items():
            self.next_pk[root] = highest[root]
            highest[root] += rows
        for table, value in highest.items():
            if value > 0:
                _set_sequence(self.connection, table, "djstripe_id", value)

    def _reset_sequences(self) -> None:
        if self.connection.vendor != "postgresql":
            return
        sql = self.connection.ops.sequence_reset_sql(no_style(), self._models())
        with self.connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)

    def _verify(self) -> None:
        """Every old row is in its new table, under its old keys (or its recorded new one)."""
        q = self.connection.ops.quote_name
        problems = []
        for old, layout in self._mirrored_tables():
            root = layout.root._meta.db_table
            condition = f"n.{q('id')} = s.{q('id')}"
            if old.pk == "djstripe_id" and len(layout.tables) == 1:
                condition += f" AND n.{q('djstripe_id')} = s.{q('djstripe_id')}"
            sql = (
                f"SELECT COUNT(*) FROM {q(old.scratch)} s WHERE NOT EXISTS "  # noqa: S608
                f"(SELECT 1 FROM {q(root)} n WHERE {condition})"
            )
            with self.connection.cursor() as cursor:
                cursor.execute(sql)
                missing = cursor.fetchone()[0]
            if missing:
                problems.append(f"{old.name}: {missing} row(s)")
        for old, model in self._plain_tables():
            have = introspect.count(self.connection, model._meta.db_table)
            if have < old.rows:
                problems.append(f"{old.name}: {old.rows - have} row(s)")
        if problems:
            raise detect.UpgradeError(
                "The conversion would lose rows (" + "; ".join(problems) + "). Nothing was "
                "changed. Please report this with the dj-stripe version and database backend."
            )


def _has_subclass_tables(real: Any) -> bool:
    """Whether ``real`` is a multi-table base (proxies of it do not count)."""
    return any(
        not model._meta.proxy and model._meta.parents.get(real) is not None
        for model in live_apps.get_app_config("djstripe").get_models()
    )


def _max(connection: Any, table: str, column: str) -> int:
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX({q(column)}) FROM {q(table)}")  # noqa: S608 - quoted
        value = cursor.fetchone()[0]
    return int(value or 0)


def _set_sequence(connection: Any, table: str, column: str, value: int) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
                [connection.ops.quote_name(table), column, value],
            )
            return
        if connection.vendor == "mysql":  # the next key InnoDB gives (DDL: commits)
            cursor.execute(
                f"ALTER TABLE {connection.ops.quote_name(table)} AUTO_INCREMENT = {value + 1:d}"
            )
            return
        if connection.vendor == "sqlite":
            cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [value, table])
            if cursor.rowcount == 0:
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, value]
                )
