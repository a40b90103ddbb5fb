"""The column rule, checked against Stripe's OpenAPI schemas (``tests/data/stripe_schemas``,
API 2026-05-27.dahlia), so a field Stripe adds is noticed when the spec is refreshed.

For every mirrored model's schema, each top-level property that people filter or sort
on (timestamps, currencies, references to mirrored objects, amounts, statuses and other
enumerations: :func:`spec.column_kind`) is a concrete column, a reference is a foreign
key to the referenced model, and every other property is at least readable as an
attribute. The rule is documented in ``docs/models/columns.md``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from djstripe.sync import mapping, registry

from . import spec

#: Properties the rule asks a column for that another column mirrors, with the reason.
ELSEWHERE = {
    ("Transfer", "destination"): (
        "destination_account: the account paid (transfers before 2017-04-06 could also "
        "pay out to a bank account or card, whose id stays readable as `destination`)"
    ),
}

SNAPSHOT = Path(__file__).resolve().parent.parent / "compat" / "data" / "djstripe_2_11_surface.json"


@functools.cache
def raw_in_dj_stripe() -> frozenset[tuple[str, str]]:
    """(model, name) that dj-stripe 2.11 reads as a raw value (a property over its
    stripe_data, or a plain column): such a reference keeps giving the id here, as an id
    column of that name, instead of becoming a foreign key that gives an object."""
    models = json.loads(SNAPSHOT.read_text())["models"]
    return frozenset(
        (model, name)
        for model, surface in models.items()
        for name, info in (*surface["members"].items(), *surface["fields"].items())
        if (
            info.get("kind") == "property" if isinstance(info, dict) else info.startswith("column:")
        )
    )


def mirrored() -> set[str]:
    return {model.stripe_object for model in registry.stripe_models()}


def properties() -> Iterator[tuple[Any, str, dict[str, Any]]]:
    """(model, property, schema) for every top-level property of every mirrored model."""
    for model in registry.stripe_models():
        schema = spec.schemas().get(model.stripe_object)
        for name, node in (schema or {}).get("properties", {}).items():
            if name not in spec.COMMON:
                yield model, name, node


def column(model: Any, name: str) -> Any:
    """The concrete column holding property ``name``: of that name, or reading it."""
    for candidate in mapping.columns(model):
        if candidate.name == name or candidate.paths[:1] == (name,):
            return candidate.field
    return None


def test_every_property_people_filter_on_is_a_column() -> None:
    names = mirrored()
    missing = [
        f"{model.__name__}.{name} ({kind})"
        for model, name, node in properties()
        if (kind := spec.column_kind(name, node, names))
        and column(model, name) is None
        and (model.__name__, name) not in ELSEWHERE
    ]
    assert not missing, f"column-worthy properties without a column: {missing}"


def test_every_reference_is_a_foreign_key_to_the_model_it_names() -> None:
    names = mirrored()
    wrong = []
    for model, name, node in properties():
        if spec.column_kind(name, node, names) != spec.REFERENCE:
            continue
        field = column(model, name)
        if field is None:
            continue  # reported by the test above
        targets = [registry.model_for_object(o) for o in spec.referenced_objects(node) & names]
        related = field.related_model if field.is_relation else None
        if related is None and (
            (model.__name__, name) in raw_in_dj_stripe() or not _common_base(targets)
        ):
            continue  # an id column: dj-stripe's meaning, or of unrelated types (a source)
        if related is None or not all(issubclass(target, related) for target in targets):
            wrong.append(f"{model.__name__}.{name} -> {related} (expected {targets})")
    assert not wrong, f"references that are not foreign keys to their model: {wrong}"


def _common_base(targets: list[Any]) -> bool:
    """Whether one model can hold every target (one model, or a polymorphic base)."""
    return any(all(issubclass(t, base) for t in targets) for base in {*targets, *_bases(targets)})


def _bases(targets: list[Any]) -> set[Any]:
    """Concrete models the targets inherit from (``DjstripePaymentMethod`` for cards)."""
    return {
        base
        for target in targets
        for base in target.__mro__[1:]
        if getattr(base, "_meta", None) is not None and not base._meta.abstract
    }


def test_every_other_property_is_readable_as_an_attribute() -> None:
    missing = [
        f"{model.__name__}.{name}" for model, name, _ in properties() if not hasattr(model, name)
    ]
    assert not missing, f"properties not readable as attributes: {missing}"


def test_the_rule_sorts_known_fields() -> None:
    """The rule itself, on fields whose kind is not in doubt (else the tests above could
    pass by classifying nothing)."""
    names = mirrored()
    schemas = spec.schemas()

    def kind(obj: str, name: str) -> str | None:
        return spec.column_kind(name, schemas[obj]["properties"][name], names)

    assert kind("invoice", "next_payment_attempt") == spec.TIMESTAMP
    assert kind("card", "currency") == spec.CURRENCY
    assert kind("subscription", "latest_invoice") == spec.REFERENCE
    assert kind("invoice", "amount_paid_off_stripe") == spec.AMOUNT
    assert kind("invoice", "ending_balance") == spec.AMOUNT
    assert kind("refund", "pending_reason") == spec.STATE
    assert kind("checkout.session", "payment_method_collection") == spec.STATE
    assert kind("invoice", "footer") is None  # free text
    assert kind("invoice", "attempt_count") is None  # a count, not an amount
    assert kind("invoice", "customer_account") is None  # a v2 account: not mirrored
    assert spec.api_version() == "2026-05-27.dahlia"
