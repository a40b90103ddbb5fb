"""A migration operation that creates a whole app's tables in one pass.

Django's autodetector writes an initial migration for many interlinked models as
``CreateModel`` operations followed by ``AddField`` for the foreign keys that
close cycles; on SQLite each such ``AddField`` rebuilds its table, and every
operation renders the project state again. For dj-stripe's model set that made
``migrate`` take about 50 seconds. :class:`CreateModelsInBulk` keeps the same
operations for the migration *state* (so later migrations diff as usual) but
creates the tables from the final state at once, as ``--no-migrations`` would.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.db import migrations


class CreateModelsInBulk(migrations.operations.base.Operation):
    """State: the wrapped operations. Database: one ``create_model`` per new model."""

    reversible = True
    reduces_to_sql = True
    serialization_expand_args = ["operations"]

    def __init__(self, operations: list[Any]) -> None:
        self.operations = operations

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (self.__class__.__qualname__, [], {"operations": self.operations})

    def _created(self) -> list[str]:
        return [op.name for op in self.operations if isinstance(op, migrations.CreateModel)]

    def state_forwards(self, app_label: str, state: Any) -> None:
        # With the project's apps already rendered, every CreateModel/AddField would
        # re-render its related models (most of the time of a plain migrate): drop the
        # rendered apps, apply the state changes, and let the apps render once, lazily.
        state.__dict__.pop("apps", None)
        for operation in self.operations:
            operation.state_forwards(app_label, state)

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        apps = to_state.apps
        already_deferred = len(schema_editor.deferred_sql)
        for name in self._created():
            model = apps.get_model(app_label, name)
            if self.allow_migrate_model(schema_editor.connection.alias, model):
                schema_editor.create_model(model)
        if schema_editor.connection.vendor == "mysql" and not schema_editor.collect_sql:
            fold_indexes_and_keys(schema_editor, already_deferred)

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        apps = from_state.apps
        for name in reversed(self._created()):
            model = apps.get_model(app_label, name)
            if self.allow_migrate_model(schema_editor.connection.alias, model):
                schema_editor.delete_model(model)

    def describe(self) -> str:
        return f"Create {len(self._created())} models in one pass"

    @property
    def migration_name_fragment(self) -> str:
        return "initial"


_ADD = re.compile(r"^ALTER TABLE (`[^`]+`) (ADD CONSTRAINT .+)$", re.DOTALL)
_INDEX = re.compile(r"^CREATE (UNIQUE )?INDEX (`[^`]+`) ON (`[^`]+`) (\(.+\))$", re.DOTALL)


def fold_indexes_and_keys(schema_editor: Any, start: int) -> None:
    """MySQL/MariaDB: the indexes and foreign keys of the new tables, one ``ALTER TABLE``
    per table instead of one statement each (about 700 statements of 50-80 ms each for
    djstripe's tables), with foreign key checks off, which lets InnoDB add the keys in
    place (the tables are empty)."""
    clauses: dict[str, list[str]] = {}
    kept = []
    for statement in schema_editor.deferred_sql[start:]:
        sql = str(statement)
        if match := _ADD.match(sql):
            clauses.setdefault(match[1], []).append(match[2])
        elif match := _INDEX.match(sql):
            unique = "UNIQUE " if match[1] else ""
            clauses.setdefault(match[3], []).append(f"ADD {unique}INDEX {match[2]} {match[4]}")
        else:
            kept.append(statement)
    schema_editor.deferred_sql[start:] = kept
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SET SESSION foreign_key_checks = 0")
        try:
            for table, parts in clauses.items():
                indexes = [p for p in parts if not p.startswith("ADD CONSTRAINT")]
                keys = [p for p in parts if p.startswith("ADD CONSTRAINT")]
                cursor.execute(f"ALTER TABLE {table} {', '.join(indexes + keys)}")
        finally:
            cursor.execute("SET SESSION foreign_key_checks = 1")


def subscriber_model_dependency() -> Any:
    """The migration that creates ``DJSTRIPE_SUBSCRIBER_MODEL`` (dj-stripe's rule).

    ``DJSTRIPE_SUBSCRIBER_MODEL_MIGRATION_DEPENDENCY`` names it when the model is
    not created by its app's first migration (default ``"__first__"``).
    """
    model = getattr(settings, "DJSTRIPE_SUBSCRIBER_MODEL", settings.AUTH_USER_MODEL)
    if model == settings.AUTH_USER_MODEL:
        return migrations.swappable_dependency(model)
    name = getattr(settings, "DJSTRIPE_SUBSCRIBER_MODEL_MIGRATION_DEPENDENCY", "__first__")
    return migrations.migration.SwappableTuple((model.split(".", 1)[0], name), model)
