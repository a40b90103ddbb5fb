"""PostgreSQL's prefix-search indexes on Stripe id columns, which nothing reads.

On PostgreSQL Django gives every indexed ``varchar`` column a second index with the
``varchar_pattern_ops`` operator class (named ``..._like``), so that ``LIKE 'abc%'``
can use an index outside the C locale. A Stripe id is matched whole, never by prefix:
the ``id`` column and every reference column (``customer_id``, ``charge_id``, ...)
had such an index that only cost writes. There were 278 of them, over a quarter of the
app's indexes, and each insert or update of a row maintained them all: an invoice row
had 50 indexes, 11 of them these.

Measured on the backfill benchmark (PostgreSQL 15, 2,000 customers, one process):
the end-of-run passes, which update invoices and charges in place, took 4.3-4.8 s
instead of 5.0-6.0 s, and the server's CPU for the run fell by 4-16 % (noisy on a
2-core machine). Indexed text that people do search by prefix (``email``, ``name``,
``number``, ``status``) keeps its pattern index. MySQL, MariaDB and SQLite have no
such indexes.
"""

from __future__ import annotations

from typing import Any

#: Single-column pattern indexes of the app's tables: (index, table, column).
_PATTERN_INDEXES = r"""
SELECT index_class.relname, table_class.relname, column_entry.attname
FROM pg_index AS entry
JOIN pg_class AS index_class ON index_class.oid = entry.indexrelid
JOIN pg_class AS table_class ON table_class.oid = entry.indrelid
JOIN pg_namespace AS schema ON schema.oid = table_class.relnamespace
JOIN pg_opclass AS operator_class ON operator_class.oid = entry.indclass[0]
JOIN pg_attribute AS column_entry
  ON column_entry.attrelid = table_class.oid AND column_entry.attnum = entry.indkey[0]
WHERE schema.nspname = current_schema()
  AND table_class.relname LIKE 'djstripe\_%%'
  AND entry.indnatts = 1
  AND NOT entry.indisunique
  AND operator_class.opcname IN ('varchar_pattern_ops', 'text_pattern_ops')
ORDER BY 1
"""


def id_columns(apps: Any) -> set[tuple[str, str]]:
    """(table, column) of every column holding Stripe ids: the models' ``id`` and other
    :class:`~djstripe.fields.StripeIdField` columns, and every reference column."""
    from .fields import StripeIdField  # lazy: fields imports settings, migrations load early

    columns: set[tuple[str, str]] = set()
    for model in apps.get_app_config("djstripe").get_models(include_auto_created=True):
        for field in model._meta.local_concrete_fields:
            if field.is_relation or isinstance(field, StripeIdField):
                columns.add((model._meta.db_table, field.column))
    return columns


def id_pattern_indexes(connection: Any, apps: Any) -> list[str]:
    """Names of the prefix-search indexes on the app's id columns (PostgreSQL)."""
    wanted = id_columns(apps)
    with connection.cursor() as cursor:
        cursor.execute(_PATTERN_INDEXES)
        return [name for name, table, column in cursor.fetchall() if (table, column) in wanted]


def drop_id_pattern_indexes(apps: Any, schema_editor: Any) -> None:
    """``0005``: drop them on PostgreSQL; elsewhere there are none."""
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    for name in id_pattern_indexes(connection, apps):
        schema_editor.execute(f"DROP INDEX IF EXISTS {quote(name)}")
