"""One Stripe object -> the values of its model's columns, read from the declarations.

A column is filled from the Stripe key of the same name unless the model maps it
elsewhere (``stripe_paths``) or :mod:`.versions` knows it moved. Values are
converted by the field's ``from_stripe`` or, for plain Django fields, by type;
oversized strings are cut to the column (the full value stays in ``stripe_data``),
except ids: a cut id would name another object, so an id that does not fit is no id
(:func:`storable_id`).
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import models

from ..fields import (
    StripeFieldMixin,
    StripeIdField,
    epoch_to_datetime,
    stored_field,
    stripe_id_of,
)
from . import versions
from .quick import MISS, Quick, quick_for

if TYPE_CHECKING:
    from ..models.base import StripeModel

#: Columns every mirrored model has that the engine fills itself.
ENGINE_COLUMNS = frozenset(
    {
        "djstripe_id",
        "djstripe_created",
        "djstripe_updated",
        "djstripe_stamp",
        "djstripe_stamp_source",
        "djstripe_stamp_floor",
        "djstripe_livemode",
        "djstripe_hash",
        "djstripe_owner_account",
        "stripe_data",
        "polymorphic_ctype",
    }
)


@dataclass(frozen=True)
class Column:
    field: models.Field
    paths: tuple[str, ...]
    derive: versions.Derive | None
    convert: Callable[[Any, dict[str, Any]], Any]
    sticky: bool
    reference: Any | None
    """For a foreign key: the related model."""
    steps: tuple[tuple[str, ...], ...] = ()
    """``paths`` split on dots (computed once: this runs for every column of every row)."""
    fitter: Callable[[Any], Any] | None = None
    name: str = dataclass_field(init=False)
    attname: str = dataclass_field(init=False)
    key: str | None = dataclass_field(init=False)
    """The one top-level key the value is read from, when that is all there is to it."""
    quick: Quick | None = dataclass_field(init=False)
    """For a ``key`` column: the value from the raw value in one step, or ``MISS``
    (:mod:`.quick`)."""

    def __post_init__(self) -> None:
        # Read for every column of every row: stored, not looked up on the field each time.
        object.__setattr__(self, "name", self.field.name)
        object.__setattr__(self, "attname", self.field.attname)
        single = len(self.steps) == 1 and len(self.steps[0]) == 1 and self.derive is None
        object.__setattr__(self, "key", self.steps[0][0] if single else None)
        quick = None
        if single and self.reference is None:
            empty = None if self.field.null else empty_value(self.field)
            quick = quick_for(self.field, empty, INTEGER_RANGES)
        object.__setattr__(self, "quick", quick)

    def raw(self, data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
        """The value at the first of ``paths`` present in ``data`` (else derived, else None)."""
        if self.key is not None:  # most columns: one dictionary look-up
            return data.get(self.key) if isinstance(data, dict) else None
        for parts in self.steps or tuple(tuple(p.split(".")) for p in self.paths):
            node: Any = data
            for part in parts:
                if isinstance(node, dict) and part in node:
                    node = node[part]
                else:
                    break
            else:
                return node
        if self.derive is not None:
            return self.derive(data, parent)
        return None

    def value(self, data: dict[str, Any], parent: dict[str, Any] | None = None) -> Any:
        if self.quick is not None and isinstance(data, dict):
            # quick is set only for a key column, so key is a str here
            found = self.quick(data.get(self.key))  # type: ignore[arg-type]
            if found is not MISS:
                return found
        return self.general_value(data, parent)

    def general_value(self, data: dict[str, Any], parent: dict[str, Any] | None = None) -> Any:
        """:meth:`value` without the quick path (what the quick path must agree with)."""
        try:
            converted = self.convert(self.raw(data, parent), data)
        except Exception:  # noqa: BLE001 - bad data from Stripe never fails a sync
            converted = None
        if self.fitter is not None:
            return self.fitter(converted)
        return fit(self.field, converted)


#: Values that name no object: as a path segment they mean "here" and "up".
NOT_IDS = frozenset({".", ".."})


def storable_id(field: models.Field, value: str) -> bool:
    """Whether ``value`` can be kept, whole, in ``field``: an ``id`` column, a reference
    (a foreign key holds the target's id) or an id column. Ids are never cut."""
    limit = stored_field(field).max_length
    return value not in NOT_IDS and (not limit or len(value) <= limit)


@functools.cache
def columns(model: type[StripeModel]) -> tuple[Column, ...]:
    """The Stripe-filled columns of ``model``."""
    result = []
    local = set(getattr(model, "local_fields", ()))
    for field in model._meta.concrete_fields:
        if field.name in ENGINE_COLUMNS or field.name in local:
            continue
        if field.remote_field is not None and field.remote_field.parent_link:
            continue  # multi-table inheritance pointer
        moved = _moved(model, field.name)
        if moved is not None and moved.paths:
            paths = moved.paths
        else:
            paths = (model.stripe_paths.get(field.name, field.name),)
        reference = field.related_model if field.is_relation else None
        result.append(
            Column(
                field=field,
                paths=paths,
                derive=moved.derive if moved else None,
                convert=_converter(field),
                sticky=bool(moved and moved.sticky),
                reference=reference,
                steps=tuple(tuple(path.split(".")) for path in paths),
                fitter=_fitter(field),
            )
        )
    return tuple(result)


def column_values(model: Any, data: dict[str, Any], *, references: bool = True) -> dict[str, Any]:
    """Column values (by attname) of ``model``'s Stripe-filled columns for ``data``, as a
    sync writes them; without ``references``, only the columns that are not links."""
    return {
        column.attname: column.value(data)
        for column in columns(model)
        if references or column.reference is None
    }


@functools.cache
def column_named(model: type[StripeModel], name: str) -> Column | None:
    """The Stripe-filled column of ``model`` called ``name`` (a field name), if any."""
    return next((c for c in columns(model) if c.name == name), None)


def _moved(model: type[StripeModel], field_name: str) -> versions.Moved | None:
    for klass in model.__mro__:
        name = getattr(klass, "__name__", "")
        entry = versions.lookup(name, field_name)
        if entry is not None:
            return entry
    return None


def _converter(field: models.Field) -> Callable[[Any, dict[str, Any]], Any]:
    if isinstance(field, StripeFieldMixin):
        return field.from_stripe
    if field.is_relation:
        return lambda value, data: stripe_id_of(value)
    if isinstance(field, models.BooleanField):
        return lambda value, data: None if value is None else bool(value)
    if isinstance(field, models.DateTimeField):
        return lambda value, data: epoch_to_datetime(value)
    if isinstance(field, models.JSONField):
        return lambda value, data: value
    if isinstance(field, (models.IntegerField, models.BigIntegerField)):
        return _to_int
    if isinstance(field, models.DecimalField):
        return _to_decimal
    if isinstance(field, models.UUIDField):
        return _to_uuid
    if isinstance(field, (models.CharField, models.TextField)):
        return _to_text
    return lambda value, data: value


def _to_int(value: Any, data: dict[str, Any]) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _to_decimal(value: Any, data: dict[str, Any]) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _to_uuid(value: Any, data: dict[str, Any]) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def _to_text(value: Any, data: dict[str, Any]) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        ref = stripe_id_of(value)
        return ref
    return str(value)


#: Integer column ranges on PostgreSQL, the narrower backend (a negative quantity in a
#: ``PositiveIntegerField`` would break its CHECK constraint, and the whole batch with it).
INTEGER_RANGES = {
    "SmallIntegerField": (-(2**15), 2**15 - 1),
    "PositiveSmallIntegerField": (0, 2**15 - 1),
    "IntegerField": (-(2**31), 2**31 - 1),
    "PositiveIntegerField": (0, 2**31 - 1),
    "BigIntegerField": (-(2**63), 2**63 - 1),
    "PositiveBigIntegerField": (0, 2**63 - 1),
}


def _fitter(field: models.Field) -> Callable[[Any], Any]:
    """:func:`fit` for one field, with the field's facts looked up once."""
    nullable = field.null
    limit = None if field.is_relation else getattr(field, "max_length", None)
    if isinstance(field, models.IntegerField):
        low, high = INTEGER_RANGES.get(field.get_internal_type(), INTEGER_RANGES["BigIntegerField"])

        def fitted_integer(value: Any) -> Any:
            if value is None or (type(value) is int and not low <= value <= high):
                return None if nullable else empty_value(field)
            return value if type(value) is int else fit(field, value)

        return fitted_integer
    checks_range = isinstance(field, models.DecimalField)
    is_id = isinstance(field, StripeIdField)

    def fitted(value: Any) -> Any:
        if value is None:
            return None if nullable else empty_value(field)
        if limit and isinstance(value, str):
            if len(value) <= limit:
                return value
            if is_id:  # no id at all rather than another object's
                return None if nullable else empty_value(field)
            return value[:limit]
        if checks_range:
            return fit(field, value)
        return value

    return fitted


def fit(field: models.Field, value: Any) -> Any:
    """Make a converted value storable in ``field``: cut long strings, fill NOT NULL."""
    if value is None:
        if field.null:
            return None
        return empty_value(field)
    if isinstance(value, str):
        limit = getattr(field, "max_length", None)
        if limit and len(value) > limit and not field.is_relation:
            if isinstance(field, StripeIdField):  # no id at all rather than another object's
                return None if field.null else empty_value(field)
            return value[:limit]
    if isinstance(field, models.DecimalField) and isinstance(value, Decimal):
        limit = Decimal(10) ** (field.max_digits - field.decimal_places)
        if abs(value) >= limit:
            return None if field.null else empty_value(field)
    if isinstance(field, models.IntegerField) and isinstance(value, int):
        low, high = INTEGER_RANGES.get(field.get_internal_type(), INTEGER_RANGES["BigIntegerField"])
        if not low <= value <= high:
            return None if field.null else empty_value(field)
    return value


def empty_value(field: models.Field) -> Any:
    if field.has_default():
        return field.get_default()
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, (models.CharField, models.TextField)):
        return ""
    if isinstance(field, (models.IntegerField, models.DecimalField)):
        return 0
    if isinstance(field, models.JSONField):
        return {}
    return None
