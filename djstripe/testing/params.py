"""Decode Stripe's form-encoded parameters into nested Python values.

stripe-python flattens nested params the way Rails does: ``metadata[k]=v``,
``items[0][price]=price_1``, ``expand[0]=data.customer`` (older clients and
curl users send ``expand[]=...``).  Booleans travel as ``true``/``false``,
``None`` is never sent, and an empty string is how a caller unsets a field
(``metadata[k]=`` deletes the key, ``description=`` sets it to null).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

_KEY_PART = re.compile(r"\[([^\]]*)\]")

#: Field names whose numeric strings are integers even when the template has no value.
INT_FIELDS = frozenset(
    {
        "amount",
        "quantity",
        "unit_amount",
        "limit",
        "created",
        "trial_end",
        "trial_period_days",
        "interval_count",
        "days_until_due",
        "billing_cycle_anchor",
        "cancel_at",
        "exp_month",
        "exp_year",
        "application_fee_amount",
        "max_redemptions",
        "redeem_by",
        "duration_in_months",
        "balance",
        "next_invoice_sequence",
        "backdate_start_date",
        "expires_at",
        "amount_off",
        "due_date",
        "proration_date",
        "trial_period",
        "amount_to_capture",
        "minimum_amount",
        "end",
        "start",
        "gt",
        "gte",
        "lt",
        "lte",
    }
)
INT_SUFFIXES = ("_amount", "_at", "_date", "_days", "_count", "_time")
FLOAT_FIELDS = frozenset({"percent_off", "application_fee_percent", "percentage"})
_INTEGER = re.compile(r"-?\d+")
_DECIMAL = re.compile(r"-?\d+(\.\d+)?")


def split_key(key: str) -> list[str]:
    """``items[0][price]`` -> ``["items", "0", "price"]``; ``expand[]`` -> ``["expand", ""]``."""
    head, bracket, _ = key.partition("[")
    if not bracket:
        return [key]
    return [head, *_KEY_PART.findall(key[len(head) :])]


def decode(encoded: str) -> dict[str, Any]:
    """Decode a query string or form body into nested dicts and lists of strings."""
    return decode_pairs(parse_qsl(encoded, keep_blank_values=True))


def decode_pairs(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    root: dict[str, Any] = {}
    for key, value in pairs:
        parts = split_key(key)
        node: Any = root
        for depth, part in enumerate(parts):
            last = depth == len(parts) - 1
            if part == "":  # "a[]": append (at the leaf) or open a new element
                part = str(len(node))
            if last:
                node[part] = value
            else:
                child = node.get(part)
                if not isinstance(child, dict):
                    child = node[part] = {}
                node = child
    return _listify(root)


def _listify(node: Any) -> Any:
    """Turn dicts keyed "0", "1", ... into lists, recursively."""
    if not isinstance(node, dict):
        return node
    converted = {key: _listify(value) for key, value in node.items()}
    if converted and all(key.isdigit() for key in converted):
        return [converted[key] for key in sorted(converted, key=int)]
    return converted


def expand_paths(params: dict[str, Any]) -> list[str]:
    """Return the ``expand`` paths of decoded params (list or single string)."""
    value = params.get("expand")
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, dict):
        value = list(value.values())
    return [path for path in value if isinstance(path, str) and path]


def coerce(value: Any, template: Any = None, name: str = "", in_metadata: bool = False) -> Any:
    """Give decoded strings their JSON types, guided by the template's value at that path.

    Empty strings become None (Stripe's "unset"); metadata values stay strings.
    """
    if isinstance(value, dict):
        return {
            key: coerce(
                item,
                template.get(key) if isinstance(template, dict) else None,
                key,
                in_metadata or key == "metadata",
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        element = template[0] if isinstance(template, list) and template else None
        return [coerce(item, element, name, in_metadata) for item in value]
    if not isinstance(value, str):
        return value
    if value == "":
        return None
    if in_metadata:
        return value
    return _scalar(value, template, name)


def _scalar(value: str, template: Any, name: str) -> Any:
    if value in ("true", "false") and not isinstance(template, str):
        return value == "true"
    if isinstance(template, str):
        return value
    if isinstance(template, float) or name in FLOAT_FIELDS:
        return float(value) if _DECIMAL.fullmatch(value) else value
    if _INTEGER.fullmatch(value) and (
        (isinstance(template, int) and not isinstance(template, bool))
        or (template is None and (name in INT_FIELDS or name.endswith(INT_SUFFIXES)))
    ):
        return int(value)
    return value
