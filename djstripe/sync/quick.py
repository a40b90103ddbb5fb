"""The common case of a column's value, in one step.

Most columns read one top-level key whose value needs no work: a string that fits, an
integer in range, a boolean, an epoch, JSON. :meth:`mapping.Column.value` gets there
through a read, a conversion and a fit (three calls, for every column of every
object); a column's *quick* function checks the raw value's type and answers in one,
or answers :data:`MISS`, and the caller takes the general path. A quick function
never answers differently from the general path (``tests/sync/test_quick.py``
checks every column of every model against it).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db import models

from ..fields import (
    StripeCurrencyCodeField,
    StripeDateTimeField,
    StripeFieldMixin,
    StripeIdField,
    StripeQuantumCurrencyAmountField,
)

#: "Take the general path."
MISS: Any = object()

Quick = Callable[[Any], Any]
_UTC = datetime.UTC
_from_timestamp = datetime.datetime.fromtimestamp


def quick_for(field: models.Field, empty: Any, ranges: dict[str, tuple[int, int]]) -> Quick | None:
    """The quick function of a (non-reference) column, or None where there is none.

    ``empty`` is what the column stores for a missing value (its fit of None)."""
    if field.is_relation or not _plain_conversion(field):
        return None
    if not isinstance(empty, str | int | bool | type(None)):
        return None  # a mutable default (a dict): made anew each time by the general path
    if isinstance(field, models.BooleanField):
        return lambda value: value if value.__class__ is bool else empty if value is None else MISS
    if isinstance(field, models.IntegerField):
        low, high = ranges.get(field.get_internal_type(), ranges["BigIntegerField"])

        def integer(value: Any) -> Any:
            if value.__class__ is int and low <= value <= high:
                return value
            return empty if value is None else MISS

        return integer
    if isinstance(field, models.DateTimeField):

        def moment(value: Any) -> Any:
            if value.__class__ is int and 0 <= value < 253402300800:  # up to year 9999
                return _from_timestamp(value, _UTC)
            return empty if value is None else MISS

        return moment
    if isinstance(field, models.JSONField):
        return lambda value: MISS if value is None else value
    if isinstance(field, models.CharField | models.TextField):
        limit = field.max_length or 0
        lower = isinstance(field, StripeCurrencyCodeField)
        shortest = 1 if isinstance(field, StripeIdField) else 0  # an empty id is no id

        def text(value: Any) -> Any:
            if (
                value.__class__ is str
                and shortest <= len(value)
                and (not limit or len(value) <= limit)
            ):
                return value.lower() if lower else value
            return empty if value is None else MISS

        return text
    return None


def _plain_conversion(field: models.Field) -> bool:
    """Whether the column's conversion leaves a value of its own type as it is (or, for
    a currency code, only lowers it; for a date, reads an epoch)."""
    if not isinstance(field, StripeFieldMixin):
        return not isinstance(field, models.DecimalField | models.UUIDField)
    converter = type(field).from_stripe
    return converter is StripeFieldMixin.from_stripe or isinstance(
        field,
        StripeIdField
        | StripeDateTimeField
        | StripeQuantumCurrencyAmountField
        | StripeCurrencyCodeField,
    )
