"""A column's quick path never answers differently from its general path."""

from __future__ import annotations

import datetime

import pytest

from djstripe.sync import mapping, registry
from djstripe.sync.quick import MISS

#: Raw values of every kind Stripe (or a broken payload) can put under a key.
VALUES = [
    None,
    "",
    "cus_1",
    "USD",
    "usd",
    "x" * 3,
    "x" * 4,
    "x" * 255,
    "x" * 256,
    "x" * 5001,
    "1700000000",
    0,
    1,
    -1,
    2**15,
    2**31,
    2**63,
    -(2**63) - 1,
    1_700_000_000,
    253402300799,
    253402300800,
    1.5,
    True,
    False,
    {"id": "cus_1", "object": "customer"},
    {"a": 1},
    [],
    [1, 2],
    datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC),
]


def _quick_columns():
    for model in registry.stripe_models():
        for column in mapping.columns(model):
            if column.quick is not None:
                yield pytest.param(column, id=f"{model.__name__}.{column.name}")


@pytest.mark.parametrize("column", list(_quick_columns()))
def test_quick_path_agrees_with_the_general_path(column):
    for raw in VALUES:
        data = {"currency": "jpy", column.key: raw}
        quick = column.quick(raw)
        if quick is MISS:
            continue
        general = column.general_value(data)
        assert quick == general and type(quick) is type(general), (raw, quick, general)


def test_most_columns_have_a_quick_path():
    columns = [c for m in registry.stripe_models() for c in mapping.columns(m) if c.key]
    plain = [c for c in columns if c.reference is None]
    assert sum(1 for c in plain if c.quick is not None) > 0.8 * len(plain)
