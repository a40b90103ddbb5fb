"""Conversions between stripe-python objects and plain JSON data."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import stripe


def as_data(obj: Any) -> Any:
    """Plain JSON data from a dict or a ``StripeObject`` (stripe-python 15 or 16).

    Nothing is added or removed: this is what ``stripe_data`` stores. A dict is taken
    as the JSON data it is. A ``StripeObject`` is walked here rather than through
    stripe-python's ``to_dict(recursive=True)``, which leaves per-key maps of objects
    (``promotion_code.restrictions.currency_options``) unconverted and prints decimal
    strings in exponent form (``"0.0000001"`` came back as ``"1E-7"``).
    """
    if isinstance(obj, stripe.StripeObject):
        return _object_data(obj)
    return obj


def _object_data(obj: stripe.StripeObject) -> dict[str, Any]:
    # A field's encoding says how stripe-python changed Stripe's JSON on the way in
    # (``decimal_string``: str -> Decimal, ``int64_string``: str -> int); it is
    # declared on the object's class, keyed by the field name.
    encodings: dict[str, str] = getattr(type(obj), "_field_encodings", None) or {}
    return {
        key: _value_data(value, encodings.get(key)) for key, value in _shallow_dict(obj).items()
    }


def _shallow_dict(obj: stripe.StripeObject) -> dict[str, Any]:
    try:
        return obj.to_dict(recursive=False)
    except TypeError:  # a stripe-python whose to_dict() takes no arguments (always shallow)
        return obj.to_dict()


def _value_data(value: Any, encoding: str | None = None) -> Any:
    if isinstance(value, stripe.StripeObject):
        return _object_data(value)
    if isinstance(value, dict):  # a per-key map (currency -> options) holds objects too
        return {key: _value_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_value_data(item, encoding) for item in value]
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if encoding == "int64_string" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _decimal_text(value: Decimal) -> str:
    """The decimal string Stripe sent: plain notation, digits and trailing zeros kept
    (``Decimal("0.000000000001")`` is ``"0.000000000001"``, never ``"1E-12"``)."""
    return format(value, "f")


def to_stripe_object(data: Any, api_key: str | None = None) -> Any:
    """A ``StripeObject`` (of the right resource class) for JSON data from the API."""
    if isinstance(data, stripe.StripeObject):
        return data
    return stripe.convert_to_stripe_object(dict(data), api_key=api_key)
