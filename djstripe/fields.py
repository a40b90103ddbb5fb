"""Stripe-aware model fields.

A field declares a column and how a Stripe value becomes that column's value
(:meth:`from_stripe`). The sync mapping reads these declarations; models need no
per-field code. Every conversion tolerates what Stripe may send: ``None``, a
missing key, a new enum value, an expanded object where an id was expected.
"""

from __future__ import annotations

import datetime
import functools
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django.db import models

from . import currency as currency_units


def stripe_id_of(value: Any) -> str | None:
    """The Stripe id in a reference: ``"cus_1"``, ``{"id": "cus_1", ...}`` or ``None``."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        ref = value.get("id")
        return ref if isinstance(ref, str) and ref else None
    return None


def column_of(field: models.Field) -> str:
    """The column name of a concrete field (``Field.column`` is typed optional: a field
    that is not concrete has none, and these are never asked)."""
    return cast(str, field.column)


def concrete_field(model: type[models.Model], name: str) -> models.Field:
    """``model``'s field ``name``, a concrete one (``get_field`` is typed to return
    reverse relations too; these names are the model's own columns)."""
    return cast("models.Field[Any, Any]", model._meta.get_field(name))


def stored_field(field: models.Field) -> models.Field:
    """The field whose values a column holds: a reference's target (the column stores
    the target's key), or the field itself."""
    if field.is_relation:
        return cast("models.ForeignKey[Any, Any]", field).target_field
    return field


def epoch_to_datetime(value: Any) -> datetime.datetime | None:
    """Stripe's Unix timestamps to aware UTC datetimes; anything unusable becomes None."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=datetime.UTC)
    try:
        return datetime.datetime.fromtimestamp(int(value), tz=datetime.UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


class StripeFieldMixin:
    """Marks a field as filled from Stripe data and converts the raw value."""

    def from_stripe(self, value: Any, data: dict[str, Any]) -> Any:
        return value


#: The collation of Stripe id columns on MySQL and MariaDB: ids differ by case only
#: (``cus_Ab`` and ``cus_aB`` are two customers), and MySQL's default ``_ci`` collations
#: would compare them equal (one unique index entry, one lookup answering for both).
MYSQL_ID_COLLATION = "utf8mb4_bin"


class CaseSensitiveMixin:
    """A text column compared byte for byte on every database.

    PostgreSQL and SQLite compare text case-sensitively already; on MySQL and MariaDB
    the column gets :data:`MYSQL_ID_COLLATION` (foreign keys to it follow, as Django
    copies the target's collation). Not part of the migration state: the column type is
    chosen when the table is created, per database."""

    def db_parameters(self, connection: Any) -> dict[str, Any]:
        params = super().db_parameters(connection)  # type: ignore[misc]
        if connection.vendor == "mysql" and not params.get("collation"):
            params["collation"] = MYSQL_ID_COLLATION
        return params


class CaseSensitiveCharField(CaseSensitiveMixin, models.CharField):
    """A ``CharField`` holding Stripe ids in the engine's own tables (tombstones,
    pending links, checkpoints)."""


class StripeIdField(StripeFieldMixin, CaseSensitiveMixin, models.CharField):
    """A Stripe object id (``cus_...``), compared case-sensitively on every database."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)

    def from_stripe(self, value: Any, data: dict[str, Any]) -> Any:
        return stripe_id_of(value)


class StripeDateTimeField(StripeFieldMixin, models.DateTimeField):
    """A Unix timestamp from Stripe, stored as an aware datetime."""

    def from_stripe(self, value: Any, data: dict[str, Any]) -> Any:
        return epoch_to_datetime(value)


class StripeQuantumCurrencyAmountField(StripeFieldMixin, models.BigIntegerField):
    """An amount in the currency's minor unit, exactly as Stripe sends it (cents)."""

    def from_stripe(self, value: Any, data: dict[str, Any]) -> Any:
        if value is None or isinstance(value, bool):
            return None
        try:
            return int(value)
        except (TypeError, ValueError):
            return None


class StripeDecimalCurrencyAmountField(StripeFieldMixin, models.DecimalField):
    """An amount in major units (``Decimal("20.00")`` for 2000 USD cents).

    Correct for zero-decimal currencies: 2000 JPY is ``Decimal("2000")``. The
    currency is read from ``currency_field`` of the same object.
    """

    def __init__(self, *args: Any, currency_field: str = "currency", **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        self.currency_field = currency_field
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.currency_field != "currency":
            kwargs["currency_field"] = self.currency_field
        return name, path, args, kwargs

    def from_stripe(self, value: Any, data: dict[str, Any]) -> Any:
        if value is None or isinstance(value, bool):
            return None
        try:
            major = currency_units.to_major_units(value, data.get(self.currency_field))
        except (InvalidOperation, TypeError, ValueError):
            return None
        if major is None:
            return None
        limit = Decimal(10) ** (self.max_digits - self.decimal_places)
        if abs(major) >= limit:
            return None  # larger than the column allows; the raw value stays in stripe_data
        return major.quantize(Decimal(1).scaleb(-self.decimal_places))


class StripePercentField(StripeFieldMixin, models.DecimalField):
    """A percentage such as ``8.25``: an exact decimal column, read as a ``float``.

    Stripe sends percentages as JSON numbers and dj-stripe 2.11 hands them out as
    such, so user code does float arithmetic with them (``price * percent_off / 100``
    with a float price) and serializes them to JSON; a ``Decimal`` would break both.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 7)
        kwargs.setdefault("decimal_places", 4)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> float | None:
        return None if value is None else float(value)

    def from_stripe(self, value: Any, data: dict[str, Any]) -> Any:
        if value is None or isinstance(value, bool):
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return None
        if not number.is_finite():
            return None
        if abs(number) >= Decimal(10) ** (self.max_digits - self.decimal_places):
            return None
        return float(number.quantize(Decimal(1).scaleb(-self.decimal_places)))


class StripeCurrencyCodeField(StripeFieldMixin, models.CharField):
    """A three-letter ISO currency code, lower case as Stripe sends it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 3)
        super().__init__(*args, **kwargs)

    def from_stripe(self, value: Any, data: dict[str, Any]) -> Any:
        return value.lower() if isinstance(value, str) else value


class StripeEnumField(StripeFieldMixin, models.CharField):
    """A Stripe enum, stored as a plain string.

    ``enum`` (a ``TextChoices``) documents the known values but never validates:
    a value Stripe adds tomorrow saves today, without a migration. The model still
    gets Django's ``get_<name>_display()`` (the value's label, or the value itself
    when the enum does not know it), which dj-stripe's choices gave its users.
    """

    def __init__(self, *args: Any, enum: Any = None, **kwargs: Any) -> None:
        self.enum = enum
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)

    def contribute_to_class(self, cls: Any, name: str, private_only: bool = False) -> None:
        super().contribute_to_class(cls, name, private_only=private_only)
        display = f"get_{self.name}_display"
        if display not in cls.__dict__:
            setattr(cls, display, functools.partialmethod(_enum_display, field=self))

    def display(self, value: Any) -> Any:
        """The label of ``value`` in the field's enum, else ``value`` unchanged."""
        if self.enum is not None and value not in (None, ""):
            try:
                return str(self.enum(value).label)
            except ValueError:
                pass
        return value

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("enum", None)
        return name, path, args, kwargs


def _enum_display(self: Any, *, field: StripeEnumField) -> Any:
    return field.display(getattr(self, field.attname))


class _StripeReference(StripeFieldMixin):
    """What both reference fields share: they point at the Stripe ``id`` and accept an
    id, an expanded object or null."""

    def __init__(self, to: Any, *args: Any, **kwargs: Any) -> None:
        # Always the Stripe id, whatever DJSTRIPE_FOREIGN_KEY_TO_FIELD says (dj-stripe's
        # "djstripe_id" columns are converted by migrate; the setting no longer matters).
        kwargs.setdefault("to_field", "id")
        if "on_delete" not in kwargs:
            kwargs["on_delete"] = models.SET_NULL if kwargs.get("null") else models.CASCADE
        # A mixin: super() is ForeignKey or OneToOneField in the concrete classes below.
        super().__init__(to, *args, **kwargs)  # type: ignore[call-arg]

    def from_stripe(self, value: Any, data: dict[str, Any]) -> Any:
        return stripe_id_of(value)


class StripeForeignKey(_StripeReference, models.ForeignKey):
    """A reference to another Stripe object, pointing at its Stripe ``id``.

    Accepts what Stripe sends for a reference: an id, an expanded object or null.
    The column holds the Stripe id (``DJSTRIPE_FOREIGN_KEY_TO_FIELD = "id"``), so a
    reference can be written without first looking up a primary key.
    """


class StripeOneToOneField(_StripeReference, models.OneToOneField):
    """A one-to-one reference to another Stripe object by its Stripe ``id``."""


class StripeJSONField(StripeFieldMixin, models.JSONField):
    """A nested Stripe structure kept as JSON (Django's built-in ``JSONField``)."""


class PaymentMethodForeignKey(StripeForeignKey):
    """dj-stripe's reference to a legacy source (``DjstripePaymentMethod``: a card, bank
    account or Source), as in ``charge.source``; ``to`` may be left out."""

    def __init__(self, to: Any = "djstripe.DjstripePaymentMethod", *args: Any, **kwargs: Any):
        super().__init__(to, *args, **kwargs)


#: dj-stripe's name of its JSON field class (migrations written for dj-stripe import it).
JSONField = StripeJSONField
