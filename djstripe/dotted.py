"""Dotted paths into Stripe data (``"invoice_settings.default_payment_method"``).

Used by the models' attributes over ``stripe_data``, by the sync engine's mapping and by
the dj-stripe database conversion; it imports nothing of the app, so every layer can.
"""

from __future__ import annotations

from typing import Any

_MISSING = object()


def dig(data: Any, path: str, default: Any = None) -> Any:
    """Follow a dotted path through nested dicts (``"recurring.interval"``)."""
    node = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node


def has_path(data: Any, path: str) -> bool:
    """Whether ``path`` leads to a value in ``data`` (``None`` included)."""
    return dig(data, path, _MISSING) is not _MISSING


def first_present(data: Any, paths: tuple[str, ...]) -> tuple[bool, Any]:
    """(found, value) of the first path present in ``data`` (a field that moved between
    API versions, newest place first)."""
    for path in paths:
        if has_path(data, path):
            return True, dig(data, path)
    return False, None
