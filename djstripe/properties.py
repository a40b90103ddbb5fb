"""Read-only model attributes backed by ``stripe_data``.

Fields that nobody filters on stay in the raw object; these descriptors expose
them under dj-stripe's attribute names, converted the same way a column would be.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import currency
from .dotted import dig
from .fields import epoch_to_datetime, stripe_id_of
from .sync import versions


class StripeProperty:
    """``name = StripeProperty("path.in.object", convert=...)`` on a model."""

    def __init__(
        self,
        path: str | None = None,
        convert: Callable[[Any, dict[str, Any]], Any] | None = None,
        default: Any = None,
        doc: str | None = None,
    ) -> None:
        self.path = path
        self.convert = convert
        self.default = default
        self.__doc__ = doc

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        if self.path is None:
            self.path = name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        data = instance.stripe_data or {}
        value = dig(data, self.path or self.name, self.default)
        if self.convert is not None and value is not None:
            return self.convert(value, data)
        return value


def as_datetime(value: Any, data: dict[str, Any]) -> Any:
    return epoch_to_datetime(value)


def as_id(value: Any, data: dict[str, Any]) -> Any:
    return stripe_id_of(value)


def as_amount(currency_path: str = "currency") -> Callable[[Any, dict[str, Any]], Any]:
    """Minor units to a Decimal in major units, with the currency read from the object."""

    def convert(value: Any, data: dict[str, Any]) -> Any:
        try:
            return currency.to_major_units(value, dig(data, currency_path))
        except (ArithmeticError, TypeError, ValueError):
            return None

    return convert


def datetime_property(path: str | None = None) -> StripeProperty:
    return StripeProperty(path, as_datetime)


def id_property(path: str | None = None) -> StripeProperty:
    return StripeProperty(path, as_id)


def amount_property(path: str | None = None, currency_path: str = "currency") -> StripeProperty:
    return StripeProperty(path, as_amount(currency_path))


class MovedProperty(StripeProperty):
    """A read-only property over a field that moved between API versions.

    It reads the paths registered for ``(model, name)`` in
    :mod:`djstripe.sync.versions` (current API version first, then older places,
    then the entry's ``derive``), so the attribute answers the same for data of
    any version. Without a registered entry it behaves like :class:`StripeProperty`.
    """

    def __set_name__(self, owner: type, name: str) -> None:
        super().__set_name__(owner, name)
        self.model_name = owner.__name__

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self

        data = instance.stripe_data or {}
        entry = versions.lookup(self.model_name, self.name)
        paths = entry.paths if entry is not None and entry.paths else (self.path or self.name,)
        found, value = versions.first_present(data, paths)
        if not found:
            value = entry.derive(data, None) if entry and entry.derive else self.default
        if self.convert is not None and value is not None:
            return self.convert(value, data)
        return value
