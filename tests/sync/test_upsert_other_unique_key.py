"""An upsert whose row collides with another row on a unique column other than its key
fails, on every database, and leaves that other row as it was.

MySQL's ``ON DUPLICATE KEY UPDATE`` fires on any unique key: without a check, the other
row would silently receive the incoming data.
"""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from djstripe.sync import rows
from djstripe.sync.state import SyncPendingLink

pytestmark = pytest.mark.django_db


def link(**values: object) -> list[object]:
    defaults = {
        "model_label": "djstripe.Charge",
        "stripe_id": "ch_1",
        "field_name": "customer_id",
        "target_label": "djstripe.Customer",
        "target_id": "cus_old",
        "data_hash": "0" * 32,
        "account": "",
        "livemode": False,
        "created": timezone.now(),
    }
    return [{**defaults, **values}[f.attname] for f in FIELDS]


FIELDS = [
    SyncPendingLink._meta.get_field(name)
    for name in (
        "id",
        "model_label",
        "stripe_id",
        "field_name",
        "target_label",
        "target_id",
        "data_hash",
        "account",
        "livemode",
        "created",
    )
]


def upsert(row: list[object]) -> list[object]:
    key = SyncPendingLink._meta.get_field("id")
    return rows.upsert(SyncPendingLink, FIELDS, [row], conflict_field=key, returning=key)


def test_the_same_key_is_replaced() -> None:
    upsert(link(id=1))
    assert upsert(link(id=1, target_id="cus_new")) == [1]
    assert SyncPendingLink.objects.get().target_id == "cus_new"


def test_another_rows_unique_value_fails_and_leaves_that_row() -> None:
    upsert(link(id=1))
    with pytest.raises(IntegrityError), transaction.atomic():
        upsert(link(id=2, target_id="cus_new"))  # same (model, field, stripe id) as row 1
    assert list(SyncPendingLink.objects.values_list("id", "target_id")) == [(1, "cus_old")]
