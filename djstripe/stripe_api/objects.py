"""Conversions between stripe-python objects and plain JSON data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import stripe


def as_data(obj: Any) -> Any:
    """Plain JSON-compatible data from a dict or a ``StripeObject`` (stripe-python 15 or 16).

    Nothing is added or removed: this is what ``stripe_data`` stores.
    """
    if isinstance(obj, stripe.StripeObject):
        try:
            return obj.to_dict(recursive=True, for_json=True)  # stripe-python >= 16
        except TypeError:
            return _plain(obj.to_dict_recursive())  # stripe-python 15
    if isinstance(obj, Mapping):
        return obj
    return obj


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def to_stripe_object(data: Any, api_key: str | None = None) -> Any:
    """A ``StripeObject`` (of the right resource class) for JSON data from the API."""
    if isinstance(data, stripe.StripeObject):
        return data
    return stripe.convert_to_stripe_object(dict(data), api_key=api_key)
