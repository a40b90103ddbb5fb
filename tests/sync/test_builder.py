"""A model's row builder makes the values the column-by-column path makes, on every model.

The column-by-column path is :meth:`mapping.Column.general_value` for each column and, for
a foreign key, the referenced id when the column can hold it whole. The data: Stripe's
published example of each model's object, its older shapes, and the same data with every
value (nested ones too) replaced by values of every kind a broken payload can hold.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from djstripe.fields import stripe_id_of
from djstripe.sync import mapping, registry
from djstripe.sync.builder import builder
from djstripe.sync.plan import Plan
from djstripe.sync.quick import MISS
from djstripe.sync.source import Source
from tests.conftest import DATA, EXAMPLES, older_shape

#: Values every key of the data is set to in turn (nested keys too).
ODD_VALUES = [
    None,
    "",
    "x" * 3,
    "X" * 256,
    "y" * 5001,
    ".",
    "1700000000",
    0,
    -1,
    2**31,
    2**63,
    1_700_000_000,
    253402300800,
    1.5,
    True,
    {"id": "obj_1", "object": "customer"},
    {"id": "x" * 300},
    [],
    [1, 2],
]


def _examples(model: Any) -> list[dict[str, Any]]:
    names = (model.stripe_object, *model.stripe_object_aliases)
    found = [EXAMPLES[name] for name in names if name in EXAMPLES]
    for path in sorted((DATA / "older").glob("*.json")):
        if path.stem.rsplit("_", 1)[0] in names:
            found.append(older_shape(path.stem))
    return found


def _replaced(data: Any, value: Any) -> Any:
    """``data`` with every leaf value (not ``object``) set to ``value``."""
    if isinstance(data, dict):
        return {
            key: (item if key == "object" else _replaced(item, value)) for key, item in data.items()
        }
    if isinstance(data, list):
        return [_replaced(item, value) for item in data]
    return value


def _cases() -> list[Any]:
    cases = []
    for model in registry.stripe_models():
        for index, example in enumerate(_examples(model)):
            cases.append(pytest.param(model, example, id=f"{model.__name__}-{index}"))
    return cases


def _column_by_column(model: Any, data: dict[str, Any], parent: dict[str, Any] | None) -> dict:
    values = {}
    for column in mapping.columns(model):
        if column.reference is None:
            values[column.attname] = column.general_value(data, parent)
            continue
        ref_id = stripe_id_of(column.raw(data, parent))
        if ref_id is not None and not mapping.storable_id(column.field, ref_id):
            ref_id = None
        values[column.attname] = ref_id
    return values


def _built(model: Any, data: dict[str, Any], parent: dict[str, Any] | None) -> dict:
    build = builder(model)
    values = build.values(data, parent)
    for column in build.references:
        values[column.attname] = column.stripe_id(column.raw(data, parent))
    return values


def _typed(values: dict[str, Any]) -> dict[str, tuple[type, Any]]:
    return {name: (type(value), value) for name, value in values.items()}


@pytest.mark.parametrize(("model", "example"), _cases())
def test_builder_makes_the_column_by_column_values(model, example):
    parents = [None, *(_examples(registry.model_by_name("Subscription")) or [])]
    variants = [example, *(_replaced(example, value) for value in ODD_VALUES)]
    for data in variants:
        for parent in parents:
            expected = _column_by_column(model, data, parent)
            built = _built(model, data, parent)
            assert _typed(built) == _typed(expected), (model.__name__, data, parent)
            assert MISS not in built.values()


def test_every_mirrored_model_has_an_example():
    """The comparison above covers every model (a model without an example is named)."""
    missing = [m.__name__ for m in registry.stripe_models() if not _examples(m)]
    assert len(missing) < len(registry.stripe_models()) // 4, missing


def test_builder_sorts_every_column_once():
    for model in registry.stripe_models():
        build = builder(model)
        sorted_names = [
            *(attname for attname, *_ in build.plain),
            *(column.attname for column, _ in build.pathed),
            *(column.attname for column in build.general),
            *(column.attname for column in build.references),
        ]
        expected = [column.attname for column in mapping.columns(model)]
        assert sorted(sorted_names) == sorted(expected), model.__name__
        assert len(sorted_names) == len(set(sorted_names)), model.__name__
    assert builder(registry.model_by_name("Customer")) is builder(
        registry.model_by_name("Customer")
    )


def test_plan_values_are_the_builders():
    """What a plan holds for an object is the builder's values plus its references."""
    invoice = EXAMPLES["invoice"]
    model = registry.model_by_name("Invoice")
    plan = Plan(Source.api(1_700_000_000))
    item = plan.add(model, invoice, top_level=True)
    assert item is not None
    assert _typed(item.values) == _typed(_column_by_column(model, invoice, None))


def test_a_value_the_quick_path_leaves_goes_the_general_way():
    """An amount given as text, a date as an ISO string: the general path converts them."""
    model = registry.model_by_name("Invoice")
    data = {
        **EXAMPLES["invoice"],
        "amount_due": "1200",
        "created": "2024-01-01T00:00:00Z",
        "period_start": Decimal("1700000000"),
        "due_date": datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC),
    }
    assert _typed(_built(model, data, None)) == _typed(_column_by_column(model, data, None))
