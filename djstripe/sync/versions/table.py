"""The table of moved fields: its entry type, registration and look-ups.

The per-area modules (``core``, ``payments``...) register their entries here; the
package imports them all, so importing :mod:`djstripe.sync.versions` fills the table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Derive = Callable[[dict[str, Any], dict[str, Any] | None], Any]


@dataclass(frozen=True)
class Moved:
    model: str
    field: str
    paths: tuple[str, ...] = ()
    """Dotted paths, current first."""
    changed_in: str = ""
    """The API version that moved or removed the field."""
    note: str = ""
    derive: Derive | None = None
    """Computes the raw value when none of ``paths`` is present: (data, parent data)."""
    sticky: bool = False
    """Keep the stored value when the new data has none (links filled by other objects)."""


_TABLE: dict[tuple[str, str], Moved] = {}


def register(*entries: Moved) -> None:
    for entry in entries:
        _TABLE[(entry.model, entry.field)] = entry


def lookup(model_name: str, field_name: str) -> Moved | None:
    return _TABLE.get((model_name, field_name))


def entries() -> list[Moved]:
    """All registered mappings, for the docs and the tests."""
    return sorted(_TABLE.values(), key=lambda entry: (entry.model, entry.field))


def list_items(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """Items of an embedded list (``{"object": "list", "data": [...]}``) or a plain list."""
    value = data.get(key)
    if isinstance(value, dict):
        value = value.get("data")
    return [item for item in value or [] if isinstance(item, dict)]
