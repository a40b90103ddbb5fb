"""Every column the rule asks for is filled from the Stripe property of its name: each
model's example object is synced with that property set to a value of its kind, and
the column must give it back (a date as a datetime, an amount as the integer sent, a
status Stripe invents tomorrow as sent, a reference as the referenced row's id)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps

from djstripe.fields import StripeDecimalCurrencyAmountField
from djstripe.sync import mapping, registry

from ..conftest import EXAMPLES
from . import spec
from .cases import all_cases
from .roundtrip import CURRENT, Case

EPOCH = 1700000000
NEW_STATUS = "a_value_stripe_adds_tomorrow"


def column_reading(model: Any, name: str) -> mapping.Column | None:
    """The column whose current source is the top-level property ``name``."""
    return next((c for c in mapping.columns(model) if c.paths[:1] == (name,)), None)


def checks() -> Iterator[tuple[Case, str, str]]:
    names = {model.stripe_object for model in registry.stripe_models()}
    cases = {case.model: case for case in all_cases() if case.shape == CURRENT and not case.name}
    for model in registry.stripe_models():
        schema = spec.schemas().get(model.stripe_object, {})
        for name, node in schema.get("properties", {}).items():
            kind = spec.column_kind(name, node, names)
            if kind and name not in spec.COMMON and column_reading(model, name) is not None:
                yield cases[model.__name__], name, kind


CHECKS = list(checks())


def reference_target(model: Any, name: str) -> tuple[Any, dict[str, Any]] | None:
    """A model and an example object of it that ``model.name`` may reference."""
    field = column_reading(model, name).field  # type: ignore[union-attr]
    node = spec.schemas()[model.stripe_object]["properties"][name]
    for object_name in sorted(spec.referenced_objects(node)):
        target = registry.model_for_object(object_name)
        if target is None or object_name not in EXAMPLES:
            continue
        if not field.is_relation or issubclass(target, field.related_model):
            return target, EXAMPLES[object_name]
    return None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "name", "kind"), CHECKS, ids=[f"{c.model}.{n}" for c, n, _ in CHECKS]
)
def test_the_column_holds_the_property(case: Case, name: str, kind: str, double: Any) -> None:
    model = apps.get_model("djstripe", case.model)
    column = column_reading(model, name)
    assert column is not None
    field = column.field
    if case.setup:
        case.setup(double)
    data = case.data()
    if kind == spec.TIMESTAMP:
        data[name] = EPOCH
        expected: Any = datetime.datetime.fromtimestamp(EPOCH, tz=datetime.UTC)
    elif kind == spec.AMOUNT:
        if isinstance(field, StripeDecimalCurrencyAmountField):
            pytest.skip("a Decimal amount (major units): checked by its round-trip cases")
        data[name] = expected = 4321
    elif kind == spec.CURRENCY:
        data[name] = expected = "eur"
    elif kind == spec.STATE:
        data[name] = expected = NEW_STATUS
    else:
        found = reference_target(model, name)
        if found is None:
            pytest.skip(f"no example object that {case.model}.{name} may reference")
        target, example = found
        if field.is_relation:
            target.sync_from_stripe_data(dict(example))  # the referenced row is mirrored
        data[name] = expected = example["id"]

    row = model.sync_from_stripe_data(data)
    row.refresh_from_db()

    assert getattr(row, field.attname) == expected
