"""Every round-trip case: synced twice (one row), every typed column as expected."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps

from djstripe.sync import mapping

from .cases import all_cases
from .roundtrip import Case

CASES = all_cases()


def column_value(row: Any, name: str) -> Any:
    field = row._meta.get_field(name)
    return getattr(row, field.attname)


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_round_trip(case: Case, double: Any) -> None:
    model = apps.get_model("djstripe", case.model)
    if case.setup:
        case.setup(double)
    data = case.data()
    row = model.sync_from_stripe_data(data)
    assert row is not None
    assert isinstance(row, model)
    assert row.stripe_data == data, "stripe_data must hold the object exactly as received"
    again = model.sync_from_stripe_data(case.data())
    assert again.pk == row.pk
    assert model._base_manager.filter(id=row.id).count() == 1
    row.refresh_from_db()
    for name, expected in case.expect.items():
        assert column_value(row, name) == expected, f"{case.model}.{name}"
    for related_name, expected_ids in case.related.items():
        manager = getattr(row, related_name)
        assert set(manager.values_list("id", flat=True)) == set(expected_ids), related_name


def typed_columns(model: Any) -> set[str]:
    return {column.name for column in mapping.columns(model)}
