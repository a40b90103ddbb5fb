"""One model's column values from Stripe data, by a builder made once per model.

:func:`mapping.columns` describes each column; reading them column by column for every
object (what is the key, is there a quick path, is it a reference) was the largest
part of the engine's CPU per object. A :class:`RowBuilder` sorts the columns once:

* *plain* columns (one top-level key, a quick path): the value read and converted in
  one step, and only a value the quick path does not take (:data:`~.quick.MISS`)
  goes the general way;
* *pathed* columns (dotted paths, values moved between API versions) of a type with a
  quick path: the raw value as :meth:`mapping.Column.raw` finds it, then the quick
  path (a quick function answers from the raw value alone, wherever it was read);
* *general* columns (decimals, fields with their own conversion):
  :meth:`mapping.Column.general_value`;
* *references* (foreign keys): the referenced id, checked once against the column's
  length (an id is never cut), left to the plan, which also follows expanded objects.

The values are the general path's, column for column (``tests/sync/test_builder.py``
compares them on every model for Stripe's published examples).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..fields import stored_field, stripe_id_of
from . import mapping
from .quick import MISS, Quick, quick_for

if TYPE_CHECKING:
    from ..models.base import StripeModel


@dataclass(frozen=True)
class ReferenceColumn:
    """A foreign key column, with what checking its value needs, looked up once."""

    column: mapping.Column
    target: Any
    """The related model."""
    attname: str
    key: str | None
    """The top-level key holding the reference (None: a path or a derived value)."""
    limit: int | None
    """The longest id the column holds (None: any)."""

    def raw(self, data: dict[str, Any], parent_data: dict[str, Any] | None) -> Any:
        """The reference as the data has it: an id, an expanded object, or None."""
        if self.key is not None:
            return data.get(self.key) if isinstance(data, dict) else None
        return self.column.raw(data, parent_data)

    def stripe_id(self, raw: Any) -> str | None:
        """The referenced id, if the column can hold it whole (else None: no reference)."""
        ref_id = stripe_id_of(raw)
        if ref_id is None:
            return None
        if ref_id in mapping.NOT_IDS or (self.limit and len(ref_id) > self.limit):
            return None
        return ref_id


@dataclass(frozen=True)
class RowBuilder:
    """The Stripe-filled columns of one model, sorted by how their values are made."""

    plain: tuple[tuple[str, str, Quick, mapping.Column], ...]
    """The plain columns: (attname, key, quick function, column)."""
    pathed: tuple[tuple[mapping.Column, Quick], ...]
    general: tuple[mapping.Column, ...]
    references: tuple[ReferenceColumn, ...]

    def values(
        self, data: dict[str, Any], parent_data: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """The values (by attname) of every column that is not a reference."""
        values = {}
        get = data.get
        # A plain loop: Python 3.11 calls a Python function from Python code faster than
        # from ``map`` (measured: 2.9 against 4.7 µs for a balance transaction's columns).
        for attname, key, quick, column in self.plain:
            found = quick(get(key))
            values[attname] = column.general_value(data, parent_data) if found is MISS else found
        for column, quick in self.pathed:
            try:
                found = quick(column.raw(data, parent_data))
            except Exception:  # noqa: BLE001 - the general path decides what bad data gives
                found = MISS
            if found is MISS:
                found = column.general_value(data, parent_data)
            values[column.attname] = found
        for column in self.general:
            values[column.attname] = column.general_value(data, parent_data)
        return values


@functools.cache
def builder(model: type[StripeModel]) -> RowBuilder:
    """The row builder of ``model`` (made once, from :func:`mapping.columns`)."""
    plain: list[tuple[str, str, Quick, mapping.Column]] = []
    general, references = [], []
    pathed: list[tuple[mapping.Column, Quick]] = []
    for column in mapping.columns(model):
        if column.reference is not None:
            limit = stored_field(column.field).max_length
            references.append(
                ReferenceColumn(column, column.reference, column.attname, column.key, limit or None)
            )
        elif column.quick is not None and column.key is not None:
            plain.append((column.attname, column.key, column.quick, column))
        elif (quick := _quick_of(column)) is not None:
            pathed.append((column, quick))
        else:
            general.append(column)
    return RowBuilder(
        plain=tuple(plain),
        pathed=tuple(pathed),
        general=tuple(general),
        references=tuple(references),
    )


def _quick_of(column: mapping.Column) -> Quick | None:
    """The quick function of a column read from a path (as a key column's, see
    ``mapping.Column``): it answers from the raw value, wherever that was found."""
    empty = None if column.field.null else mapping.empty_value(column.field)
    return quick_for(column.field, empty, mapping.INTEGER_RANGES)
