"""A v1 GET's query string, written the way stripe-python writes it.

The lean list reader (:mod:`.lean`) must send what stripe-python sends for the same
call, so Stripe answers the same: nested keys in brackets (``created[gte]=1``), list
items indexed (``expand[0]=data.customer``, stripe-python 15 and 16), booleans as
``true``/``false``, datetimes as epoch seconds, ``None`` left out, objects with an
``id`` sent as the id. A query already in the path
(``/v1/subscription_items?subscription=si_1``) is kept, the caller's parameters
winning on the same name, as stripe-python merges them.
"""

from __future__ import annotations

import calendar
import datetime
import time
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import parse_qs, urlencode


def target(path: str, params: Mapping[str, Any] | None) -> str:
    """``path`` with its query: the request target to send."""
    if not params:
        return path
    bare, _, existing = path.partition("?")
    query = encode(merged(existing, params))
    return f"{bare}?{query}" if query else bare


def merged(existing: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """The path's own query and ``params`` as one mapping (``params`` win)."""
    values: dict[str, Any] = {}
    for key, found in parse_qs(existing).items():
        if key.endswith("[]"):
            values[key[:-2]] = found
        else:
            values[key] = found[0] if len(found) == 1 else found
    if "expand" in values and "expand" in params:
        values["expand"] = list(dict.fromkeys([*values["expand"], *params["expand"]]))
        params = {key: value for key, value in params.items() if key != "expand"}
    return {**values, **params}


def encode(params: Mapping[str, Any]) -> str:
    """The form-encoded query. stripe-python writes brackets literally, but ``urllib3``
    (under ``requests``) escapes them again on the way out: what reaches Stripe is
    ``expand%5B0%5D=...``, and so that is what is sent here."""
    return urlencode(list(pairs(params)))


def pairs(params: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """``(key, value)`` pairs of the flattened ``params``."""
    for key, value in params.items():
        if value is None:
            continue
        if hasattr(value, "id"):
            yield key, value.id
        elif isinstance(value, list | tuple):
            for index, item in enumerate(value):
                name = f"{key}[{index}]"
                if isinstance(item, dict) or hasattr(item, "_data"):
                    yield from pairs(_nested(name, item))
                elif isinstance(item, list | tuple):
                    yield from pairs(_nested(name, dict(enumerate(item))))
                else:
                    yield name, item
        elif isinstance(value, dict) or hasattr(value, "_data"):
            yield from pairs(_nested(key, value))
        elif isinstance(value, datetime.datetime):
            yield key, _epoch(value)
        elif isinstance(value, bool):
            yield key, str(value).lower()
        else:
            yield key, value


def _nested(key: str, value: Any) -> dict[str, Any]:
    items = value._data.items() if hasattr(value, "_data") else value.items()
    return {f"{key}[{name}]": item for name, item in items}


def _epoch(value: datetime.datetime) -> int:
    """Epoch seconds; a naive datetime is local time (as stripe-python reads it)."""
    if value.tzinfo and value.tzinfo.utcoffset(value) is not None:
        return int(calendar.timegm(value.utctimetuple()))
    return int(time.mktime(value.timetuple()))
