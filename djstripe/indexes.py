"""Indexes that every database djstripe supports can build.

MySQL and MariaDB cannot index a whole ``TEXT`` column (InnoDB keys hold at most 3,072
bytes, 768 characters of ``utf8mb4``): they index its first characters instead, which
still serves equality and prefix lookups. PostgreSQL and SQLite index the whole value.
"""

from __future__ import annotations

from typing import Any

from django.db import models

#: Characters of a text column a MySQL index keys on (4 bytes each in ``utf8mb4``; two
#: such columns and a few small ones stay within InnoDB's 3,072-byte key).
MYSQL_TEXT_PREFIX = 255


class TextPrefixIndex(models.Index):
    """An ``Index`` that keys on the first :data:`MYSQL_TEXT_PREFIX` characters of its
    text columns on MySQL and MariaDB, and on whole values elsewhere."""

    def create_sql(self, model: Any, schema_editor: Any, using: str = "", **kwargs: Any) -> Any:
        statement = super().create_sql(model, schema_editor, using=using, **kwargs)
        if schema_editor.connection.vendor != "mysql" or self.expressions:
            return statement
        # IndexColumns (django-stubs types every part as Table, which has no suffixes)
        columns: Any = statement.parts["columns"]
        suffixes = list(columns.col_suffixes) or [""] * len(self.fields_orders)
        for position, (name, _order) in enumerate(self.fields_orders):
            if isinstance(model._meta.get_field(name), models.TextField):
                suffixes[position] = f"({MYSQL_TEXT_PREFIX}){suffixes[position]}"
        columns.col_suffixes = suffixes
        return statement
