"""Object templates built from Stripe's published example objects (fixtures3.json).

A created object starts as a copy of its template.  The examples are written
for documentation, so they carry placeholder values (timestamps of
1234567890, ``obj_123`` sub-objects, ids of other example objects, random
large integers); :func:`sanitize` turns those into nulls and
``template_defaults.DEFAULTS`` sets what a freshly created object really has.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from pathlib import Path
from typing import Any

from .template_defaults import DEFAULTS, REMOVED

FIXTURES_PATH = Path(__file__).with_name("data") / "fixtures3.json"
PLACEHOLDER_TIME = 1234567890
_EXAMPLE_ID = re.compile(r"[a-z]+(_[a-z]+)*_[A-Za-z0-9]{8,}")
_KEEP_STRINGS = frozenset({"object", "type", "currency", "status"})


@functools.cache
def fixtures() -> dict[str, dict[str, Any]]:
    """Return ``{object_name: example}`` from fixtures3.json (loaded once)."""
    with FIXTURES_PATH.open(encoding="utf-8") as handle:
        return json.load(handle)["resources"]


@functools.cache
def _template(object_name: str) -> dict[str, Any]:
    example = fixtures().get(object_name) or {"object": object_name}
    clean = sanitize(example, top=True)
    for name in REMOVED.get(object_name, ()):
        clean.pop(name, None)
    clean.update(copy.deepcopy(DEFAULTS.get(object_name, {})))
    clean["object"] = example.get("object", object_name)
    return clean


@functools.cache
def template_fields(object_name: str) -> frozenset[str]:
    """Top-level field names of an object (what list filters may name)."""
    return frozenset(_template(object_name))


def type_hints(object_name: str) -> dict[str, Any]:
    """Stripe's example as is: its placeholder values still tell each field's JSON type."""
    return fixtures().get(object_name) or {}


def template(object_name: str) -> dict[str, Any]:
    """Return a fresh (deep-copied) template for ``object_name``."""
    return copy.deepcopy(_template(object_name))


def sanitize(value: Any, key: str = "", top: bool = False) -> Any:
    """Replace the example's placeholders with nulls and empty lists."""
    if isinstance(value, dict):
        if not top and (value.get("id") == "obj_123" or set(value) == {"type"}):
            return None
        if value.get("object") == "list":
            return {"object": "list", "data": [], "has_more": False, "url": value.get("url")}
        cleaned = {name: sanitize(item, name) for name, item in value.items()}
        if "metadata" in cleaned and cleaned["metadata"] is not None:
            cleaned["metadata"] = {}
        return cleaned
    if isinstance(value, list):
        return [sanitize(item, key) for item in value]
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return None if value == PLACEHOLDER_TIME or value >= 10**9 else value
    if isinstance(value, str) and key not in _KEEP_STRINGS and _looks_like_id(value):
        return None
    return value


def _looks_like_id(text: str) -> bool:
    """True for ids of other example objects (``cus_QXg1o8vcGmoR32``), not enum values."""
    if not _EXAMPLE_ID.fullmatch(text):
        return False
    tail = text.rsplit("_", 1)[-1]
    return any(char.isdigit() or char.isupper() for char in tail)
