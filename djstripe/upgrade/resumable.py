"""The conversion on MySQL and MariaDB: in steps that a crash cannot leave half done.

MySQL and MariaDB commit every table change (``CREATE``, ``ALTER``, ``RENAME``,
``DROP TABLE``) at once, so the conversion cannot be one transaction there. Instead
each step is either atomic or repeatable, and what is done is written down in a table
of notes (:data:`~.detect.STATE_TABLE`) before anything changes, so running
``migrate`` again after a failure (a crash, a killed process, a full disk) finishes
the job from where it stopped, without losing or doubling a row:

1. **described**: the notes table records the old tables (columns, foreign keys, row
   counts) and the foreign keys of the project's own tables into them; nothing else
   changed yet.
2. **set aside**: the foreign keys into and between the old tables are dropped (their
   names are database-wide on MySQL; the new tables want them), then every old table
   is renamed to its scratch name (``djstripe__old_*``) in ONE ``RENAME TABLE``
   statement, which is atomic. The old rows are never written to from here on.
3. **built**: the new tables are created under the real names and filled from the
   scratch tables exactly as on PostgreSQL and SQLite (:class:`.run.Upgrade`), then
   checked (no old row missing). A failure anywhere in this step is repaired by doing
   it again: the next attempt drops what the last one built and starts over from the
   untouched scratch tables. Only once the check passes do the notes say "built".
4. **linked**: the project's own foreign keys are rewritten (idempotently) and
   created again against the new tables, then the new tables' own foreign keys; each
   is created only where it does not exist yet.
5. the scratch tables, the work tables and the notes are dropped, the notes last:
   their absence with this project's schema in place means the job is done.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import Any

from . import detect, embedded, keys, scratch
from .introspect import ForeignKey
from .run import Upgrade
from .scratch import OldTable

STATE_TABLE = detect.STATE_TABLE

#: Test hook: the name of a step after which the conversion stops as a crash would
#: (``os._exit``: no rollback, no clean-up), to prove that ``migrate`` resumes.
FAIL_AT_ENV = "DJSTRIPE_UPGRADE_FAIL_AT"
#: Where the hook can stop it, in order.
FAIL_POINTS = ("described", "keys-dropped", "set-aside", "copying", "built", "linking", "dropping")


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
    if STATE_TABLE not in _tables(connection):
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT notes FROM {_q(connection, STATE_TABLE)}")  # noqa: S608
        row = cursor.fetchone()
    if row is None:  # a crash between creating the table and writing the notes
        _drop(connection, [STATE_TABLE])
        return None
    return dict(json.loads(row[0]))


def begin(connection: Any, found: detect.Found, state: Any) -> dict[str, Any]:
    """Describe the old tables and the keys into them; refuse what cannot be converted
    (:func:`.keys.plan`) before anything changes."""
    known = detect.DJ_STRIPE_TABLES | detect.RELEASE_TABLES[found.release]
    old_tables = scratch.read_tables(connection, found.tables & known)
    names = set(old_tables)
    everything = foreign_keys(connection)
    outside = [k for k in everything if k.ref_table in names and k.table not in names]
    keys.plan(outside, state)
    for table in old_tables.values():  # with their names, to drop them by name
        table.keys = {k.column: k for k in everything if k.table == table.name}
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
        cursor.execute("COMMIT")
    return notes


def save_notes(connection: Any, notes: dict[str, Any]) -> None:
    """Write the notes and commit: what they say is done must be durable before the
    next step changes anything (DDL would commit them too; this does not rely on it)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_q(connection, STATE_TABLE)} SET notes = %s",  # noqa: S608
            [json.dumps(notes)],
        )
        cursor.execute("COMMIT")


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
        self.fail_at = os.environ.get(FAIL_AT_ENV, "")
        self.copied_tables = 0

    def run(self) -> None:
        self.crash_point("described")
        if self.notes["step"] == "described":
            self.set_aside()
            self.step("set-aside")
        if self.notes["step"] == "set-aside":
            self.build()
            self.step("built")
        self.link()
        self.drop_old()

    def step(self, name: str) -> None:
        self.notes["step"] = name
        save_notes(self.connection, self.notes)
        self.crash_point(name)

    def crash_point(self, name: str) -> None:
        if self.fail_at == name:
            os._exit(75)  # a crash: no rollback, no clean-up, no message

    def after_table(self) -> None:
        self.copied_tables += 1
        if self.copied_tables == 3:
            self.crash_point("copying")

    # ---- 2. set aside ----
    def set_aside(self) -> None:
        connection = self.connection
        names = set(self.old_tables)
        for key in foreign_keys(connection):
            if key.table in names or key.ref_table in names:
                _drop_foreign_key(connection, key)
        self.crash_point("keys-dropped")
        present = _tables(connection)
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
        connection = self.connection
        self.drop_new_tables()
        editor = self.schema_editor
        before = len(editor.deferred_sql)
        for model in self._models():
            editor.create_model(model)
        added = editor.deferred_sql[before:]
        del editor.deferred_sql[before:]
        later = [str(sql) for sql in added if _is_foreign_key(editor, sql)]
        with connection.cursor() as cursor:
            for sql in added:
                if not _is_foreign_key(editor, sql):
                    cursor.execute(str(sql))
        self.fill()
        self._verify()
        self.notes["foreign_keys"] = later
        # Keys that moved (cards, bank accounts, Sources), for the outside keys (step 4).
        self.notes["moved"] = self.moved_keys()
        self.notes["added"] = dict(self.new_rows)
        self.notes["pending"] = self.pending

    def drop_new_tables(self) -> None:
        mine = {
            model._meta.db_table
            for model in self.state.get_app_config("djstripe").get_models(include_auto_created=True)
        }
        present = _tables(self.connection)
        work = {embedded.PARENTS, embedded.LINKS, keys.REMAP}
        scratch_names = {t.scratch for t in self.old_tables.values()}
        _drop(self.connection, sorted(((mine | work) & present) - scratch_names))

    def moved_keys(self) -> list[list[Any]]:
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT old_table, old_id, new_id FROM {_q(self.connection, keys.REMAP)}"  # noqa: S608
            )
            return [list(row) for row in cursor.fetchall()]

    # ---- 4. link ----
    def link(self) -> None:
        connection = self.connection
        keys.create_remap_table(connection)  # afresh, from the notes
        by_table: dict[str, list[tuple[int, int]]] = {}
        for table, old, new in self.notes.get("moved", []):
            by_table.setdefault(table, []).append((old, new))
        for table, pairs in by_table.items():
            keys.record_remap(connection, table, pairs)
        existing = _constraint_names(connection)
        for number, entry in enumerate(self.outside):
            # Rewriting a moved key is idempotent: new keys are above every old one.
            keys.restore(connection, self.schema_editor, [entry])
            key = entry.key
            if key.name not in existing:
                definition = key.definition
                if entry.moved:
                    definition = keys._repoint(definition, key.ref_table, entry.column)
                q = connection.ops.quote_name
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"ALTER TABLE {q(key.table)} ADD CONSTRAINT {q(key.name)} {definition}"
                    )
            if number == 0:
                self.crash_point("linking")
        with connection.cursor() as cursor:
            for sql in self.notes["foreign_keys"]:
                if _constraint_in(sql) not in existing:
                    cursor.execute(sql)

    # ---- 5. drop what is left of the old ----
    def drop_old(self) -> None:
        connection = self.connection
        _drop(connection, sorted(t.scratch for t in self.old_tables.values()))
        self.crash_point("dropping")
        _drop(connection, [embedded.PARENTS, embedded.LINKS, keys.REMAP])
        _drop(connection, [STATE_TABLE])


def foreign_keys(connection: Any) -> list[ForeignKey]:
    """Every single-column foreign key of the database, with its name and its
    ``FOREIGN KEY ... REFERENCES ...`` clause (rules included), in one query."""
    sql = """
        SELECT k.CONSTRAINT_NAME, k.TABLE_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME,
               k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE
        FROM information_schema.KEY_COLUMN_USAGE k
        JOIN information_schema.REFERENTIAL_CONSTRAINTS r
          ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
          AND r.TABLE_NAME = k.TABLE_NAME
        WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
        ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME
    """
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    return [
        ForeignKey(
            table,
            column,
            ref_table,
            ref_column,
            name,
            f"FOREIGN KEY ({q(column)}) REFERENCES {q(ref_table)} ({q(ref_column)}) "
            f"ON DELETE {delete} ON UPDATE {update}",
        )
        for name, table, column, ref_table, ref_column, update, delete in rows
    ]


def _drop_foreign_key(connection: Any, key: ForeignKey) -> None:
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {q(key.table)} DROP FOREIGN KEY {q(key.name)}")


def _constraint_names(connection: Any) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS "
            "WHERE CONSTRAINT_SCHEMA = DATABASE() AND CONSTRAINT_TYPE = 'FOREIGN KEY'"
        )
        return {row[0] for row in cursor.fetchall()}


def _constraint_in(sql: str) -> str:
    """The name an ``ALTER TABLE ... ADD CONSTRAINT `name` FOREIGN KEY`` gives."""
    return sql.split("ADD CONSTRAINT", 1)[1].split()[0].strip("`")


def _is_foreign_key(editor: Any, sql: Any) -> bool:
    return getattr(sql, "template", None) == editor.sql_create_fk


def _tables(connection: Any) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def _drop(connection: Any, names: list[str]) -> None:
    if not names:
        return
    q = connection.ops.quote_name
    with _no_key_checks(connection), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {', '.join(q(n) for n in names)}")


@contextmanager
def _no_key_checks(connection: Any) -> Iterator[None]:
    """Tables that reference each other are dropped without an order to find."""
    with connection.cursor() as cursor:
        cursor.execute("SET foreign_key_checks = 0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET foreign_key_checks = 1")


def _q(connection: Any, name: str) -> str:
    return str(connection.ops.quote_name(name))
