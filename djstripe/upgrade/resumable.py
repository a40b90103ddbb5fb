"""The conversion on MySQL and MariaDB: in steps that a crash cannot leave half done.

MySQL and MariaDB commit every table change (``CREATE``, ``ALTER``, ``RENAME``,
``DROP TABLE``) at once, so the conversion cannot be one transaction there. Instead
each step is either atomic or repeatable, and what is done is written down in a table
of notes (:data:`~.detect.STATE_TABLE`) before anything changes, so running
``migrate`` again after a failure (a crash, a killed process, a full disk) finishes
the job from where it stopped, without losing or doubling a row:

1. **described**: the notes record the old tables (columns, foreign keys, row counts)
   and the foreign keys of the project's own tables into them; nothing else changed.
2. **set aside**: every old table is renamed to its scratch name (``djstripe__old_*``)
   in ONE ``RENAME TABLE`` statement, which is atomic; foreign keys follow the rename.
   The old rows are only read from here on.
3. **built**: the new tables are created under the real names (indexes, no foreign
   keys yet: their names are database-wide and the old tables still hold them) and
   filled from the scratch tables exactly as on PostgreSQL and SQLite
   (:class:`.run.Upgrade`), then checked (no old row missing). A failure anywhere in
   this step is repaired by doing it again: the next attempt drops what the last one
   built and starts over from the untouched scratch tables. Only once the check passes
   do the notes say "built".
4. **old dropped**: the scratch tables are dropped (every row is in the new tables).
5. **linked**: the project's own foreign keys are pointed at the new tables (values of
   moved keys rewritten, which is idempotent), the new tables' foreign keys added, each
   only where it is missing, and every one of them checked against the rows.
6. the work tables and the notes are dropped, the notes last: their absence with this
   project's schema in place means the job is done.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from typing import Any

from . import detect, embedded, keys, mysql_ddl, scratch
from .introspect import ForeignKey
from .run import Upgrade
from .scratch import OldTable

STATE_TABLE = detect.STATE_TABLE

#: The points :meth:`ResumableUpgrade.reached` names, in order (the tests stop the
#: conversion at each, as a crash would, and check that ``migrate`` finishes it).
FAIL_POINTS = ("described", "set-aside", "copying", "built", "old-dropped", "linking", "linked")


def convert(apps: Any, schema_editor: Any) -> None:
    """``0004_dj_stripe_upgrade`` on MySQL/MariaDB: start or resume the conversion."""
    connection = schema_editor.connection
    notes = load_notes(connection)
    if notes is None:
        found = detect.inspect_database(connection)
        if found.kind != "dj-stripe":
            return
        detect.check_convertible(found, connection)
        notes = begin(connection, found, apps)
    started = time.monotonic()
    upgrade = ResumableUpgrade(apps, schema_editor, notes)
    upgrade.run()
    upgrade.report(time.monotonic() - started)


# ---- the notes ----
def load_notes(connection: Any) -> dict[str, Any] | None:
    if STATE_TABLE not in mysql_ddl.tables(connection):
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT notes FROM {connection.ops.quote_name(STATE_TABLE)}")  # noqa: S608
        row = cursor.fetchone()
    if row is None:  # a crash between creating the table and writing the notes
        mysql_ddl.drop(connection, [STATE_TABLE])
        return None
    return dict(json.loads(row[0]))


def begin(connection: Any, found: detect.Found, state: Any) -> dict[str, Any]:
    """Describe the old tables and the keys into them; refuse what cannot be converted
    (:func:`.keys.plan`) before anything changes."""
    known = detect.DJ_STRIPE_TABLES | detect.RELEASE_TABLES[found.release]
    old_tables = scratch.read_tables(connection, found.tables & known)
    names = set(old_tables)
    everything = mysql_ddl.foreign_keys(connection)
    outside = [k for k in everything if k.ref_table in names and k.table not in names]
    keys.plan(outside, state)
    notes = {
        "release": found.release,
        "step": "described",
        "tables": [_table_notes(t) for t in old_tables.values()],
        "outside": [asdict(k) for k in outside],
        "foreign_keys": [],
    }
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {q(STATE_TABLE)} (notes LONGTEXT NOT NULL)")
        cursor.execute(f"INSERT INTO {q(STATE_TABLE)} VALUES (%s)", [json.dumps(notes)])  # noqa: S608
    return notes


def save_notes(connection: Any, notes: dict[str, Any]) -> None:
    """Write the notes (the connection commits each statement: the migration runs this
    outside a transaction, as MySQL cannot roll table changes back)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {connection.ops.quote_name(STATE_TABLE)} SET notes = %s",  # noqa: S608
            [json.dumps(notes)],
        )


def _table_notes(table: OldTable) -> dict[str, Any]:
    return {
        "name": table.name,
        "columns": sorted(table.columns),
        "keys": [asdict(k) for k in table.keys.values()],
        "rows": table.rows,
    }


def _old_table(notes: dict[str, Any]) -> OldTable:
    found = OldTable(notes["name"], set(notes["columns"]), rows=notes["rows"])
    found.keys = {k["column"]: ForeignKey(**k) for k in notes["keys"]}
    return found


class ResumableUpgrade(Upgrade):
    def __init__(self, state: Any, schema_editor: Any, notes: dict[str, Any]) -> None:
        found = detect.Found("dj-stripe", release=notes["release"])
        super().__init__(state, schema_editor, found)
        self.notes = notes
        self.old_tables = {t["name"]: _old_table(t) for t in notes["tables"]}
        self.outside = keys.plan([ForeignKey(**k) for k in notes["outside"]], state)
        self.new_rows.update(notes.get("added", {}))
        self.pending = notes.get("pending", 0)
        self.copied_tables = 0

    def run(self) -> None:
        self.reached("described")
        steps = [
            ("described", self.set_aside, "set-aside"),
            ("set-aside", self.build, "built"),
            ("built", self.drop_old, "old-dropped"),
            ("old-dropped", self.link, "linked"),
        ]
        for done, action, then in steps:
            if self.notes["step"] == done:
                action()
                self.step(then)
        mysql_ddl.drop(self.connection, [embedded.PARENTS, embedded.LINKS, keys.REMAP])
        mysql_ddl.drop(self.connection, [STATE_TABLE])

    def step(self, name: str) -> None:
        self.notes["step"] = name
        save_notes(self.connection, self.notes)
        self.reached(name)

    def reached(self, name: str) -> None:
        """Called at each point of :data:`FAIL_POINTS`: where the tests stop it."""

    def after_table(self) -> None:
        self.copied_tables += 1
        if self.copied_tables == 3:
            self.reached("copying")

    # ---- 2. set aside ----
    def set_aside(self) -> None:
        connection = self.connection
        present = mysql_ddl.tables(connection)
        pairs = [
            (t.name, t.scratch)
            for t in self.old_tables.values()
            if t.name in present and t.scratch not in present
        ]
        if pairs:
            q = connection.ops.quote_name
            with connection.cursor() as cursor:  # one statement: all or none
                cursor.execute("RENAME TABLE " + ", ".join(f"{q(a)} TO {q(b)}" for a, b in pairs))
        scratch.index_scratch(connection, self.old_tables.values())

    # ---- 3. build ----
    def build(self) -> None:
        """Create and fill the new tables, from nothing: whatever an earlier attempt
        left is dropped first (the scratch tables hold every old row)."""
        self.drop_new_tables()
        editor = self.schema_editor
        before = len(editor.deferred_sql)
        for model in self._models():
            editor.create_model(model)
        found = mysql_ddl.changes(editor.deferred_sql[before:])
        del editor.deferred_sql[before:]
        later = [c for c in found if mysql_ddl.named_foreign_key(c) is not None]
        mysql_ddl.apply(self.connection, [c for c in found if c not in later])
        self.fill()
        self._verify()
        self.notes["foreign_keys"] = [asdict(c) for c in later]
        # Keys that moved (cards, bank accounts, Sources), for the outside keys (step 5).
        self.notes["moved"] = self.moved_keys()
        self.notes["added"] = dict(self.new_rows)
        self.notes["pending"] = self.pending

    def drop_new_tables(self) -> None:
        mine = {
            model._meta.db_table
            for model in self.state.get_app_config("djstripe").get_models(include_auto_created=True)
        }
        work = {embedded.PARENTS, embedded.LINKS, keys.REMAP}
        kept = {t.scratch for t in self.old_tables.values()}
        present = mysql_ddl.tables(self.connection)
        mysql_ddl.drop(self.connection, sorted(((mine | work) & present) - kept))

    def moved_keys(self) -> list[list[Any]]:
        remap = self.connection.ops.quote_name(keys.REMAP)
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT old_table, old_id, new_id FROM {remap}")  # noqa: S608
            return [list(row) for row in cursor.fetchall()]

    # ---- 4. drop the old tables ----
    def drop_old(self) -> None:
        mysql_ddl.drop(self.connection, sorted(t.scratch for t in self.old_tables.values()))

    # ---- 5. link ----
    def link(self) -> None:
        connection = self.connection
        self._restore_remap()
        present = {key.name: key for key in mysql_ddl.foreign_keys(connection)}
        q = connection.ops.quote_name
        checked = []
        for number, entry in enumerate(self.outside):
            # Rewriting a moved key is idempotent: new keys are above every old one.
            keys.restore(connection, self.schema_editor, [entry])
            key = entry.key
            now = present.get(key.name)
            if now is None or now.ref_table != key.ref_table or now.ref_column != entry.column:
                definition = key.definition
                if entry.moved:
                    definition = keys._repoint(definition, key.ref_table, entry.column)
                with mysql_ddl.no_key_checks(connection), connection.cursor() as cursor:
                    if now is not None:  # still naming the dropped scratch table
                        cursor.execute(f"ALTER TABLE {q(key.table)} DROP FOREIGN KEY {q(key.name)}")
                    cursor.execute(
                        f"ALTER TABLE {q(key.table)} ADD CONSTRAINT {q(key.name)} {definition}"
                    )
            checked.append(ForeignKey(key.table, key.column, key.ref_table, entry.column))
            if number == 0:
                self.reached("linking")
        changes = [mysql_ddl.Change(**c) for c in self.notes["foreign_keys"]]
        added = [(c, mysql_ddl.named_foreign_key(c)) for c in changes]
        mysql_ddl.apply(connection, [c for c, key in added if key and key.name not in present])
        checked.extend(key for _, key in added if key is not None)
        mysql_ddl.check_rows(connection, checked)

    def _restore_remap(self) -> None:
        """The keys that moved, from the notes (the work table may be gone)."""
        keys.create_remap_table(self.connection)
        by_table: dict[str, list[tuple[int, int]]] = {}
        for table, old, new in self.notes.get("moved", []):
            by_table.setdefault(table, []).append((old, new))
        for table, pairs in by_table.items():
            keys.record_remap(self.connection, table, pairs)
