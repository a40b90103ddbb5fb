"""On PostgreSQL ``0005`` drops every prefix-search index on a Stripe id column, and
keeps those of text people search by prefix (djstripe.migration_indexes). The test
database is built from the models (with the indexes); the drop runs in the test's
transaction, which PostgreSQL rolls back with its DDL."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection

from djstripe.migration_indexes import (
    _PATTERN_INDEXES,
    drop_id_pattern_indexes,
    id_columns,
    id_pattern_indexes,
)

pytestmark = pytest.mark.django_db


def _pattern_indexed_columns() -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(_PATTERN_INDEXES)
        return {(table, column) for _name, table, column in cursor.fetchall()}


def test_id_columns_are_the_ids_and_references() -> None:
    columns = id_columns(apps)
    assert ("djstripe_invoice", "id") in columns
    assert ("djstripe_invoice", "customer_id") in columns
    assert ("djstripe_charge", "on_behalf_of") in columns  # an id kept as text, no key
    assert ("djstripe_customer", "email") not in columns
    assert ("djstripe_session", "client_reference_id") not in columns  # the user's own text


def test_no_id_column_keeps_a_prefix_search_index() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL makes these indexes (0005 does nothing elsewhere)")
    assert len(id_pattern_indexes(connection, apps)) > 200  # as Django made them
    with connection.schema_editor() as editor:
        drop_id_pattern_indexes(apps, editor)
    assert id_pattern_indexes(connection, apps) == []
    indexed = _pattern_indexed_columns()
    assert ("djstripe_customer", "email") in indexed
    assert ("djstripe_session", "client_reference_id") in indexed
    assert not indexed & id_columns(apps)
