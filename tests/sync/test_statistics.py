"""Before its end-of-run passes join the tables it filled, a backfill gives PostgreSQL
statistics of them (djstripe.sync.statistics); elsewhere nothing is run."""

from __future__ import annotations

import pytest
from django.db import connection

from djstripe.models import Charge, Product
from djstripe.sync import statistics

pytestmark = pytest.mark.django_db(transaction=True)


def _rows_known(table: str) -> float:
    """PostgreSQL's estimate of the table's rows (-1 until it was first analysed)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return float(cursor.fetchone()[0])


def test_the_tables_of_the_models_written_are_analysed() -> None:
    Product.objects.create(id="prod_stats", name="p", djstripe_stamp=1)
    analysed = statistics.refresh(["Product", "NotAModel"], using="default")
    if connection.vendor != "postgresql":
        assert analysed == []  # InnoDB and SQLite keep their own
        return
    assert analysed == sorted(["djstripe_product", "djstripe_syncpendinglink"])
    assert _rows_known("djstripe_product") == 1
    assert Charge._meta.db_table not in analysed  # only what the run wrote
