"""Stripe's OpenAPI object schemas (``tests/data/stripe_schemas.json.gz``, made from
``spec3.json`` by ``scripts/stripe_schemas.py``) and objects built from them."""

from __future__ import annotations

import copy
import functools
import gzip
import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "data" / "stripe_schemas.json.gz"

#: A decimal string stripe-python turns into a ``Decimal`` whose ``str()`` differs
#: (``"1E-12"``): a value Stripe may send for a price in fractions of a cent.
TRICKY_DECIMAL = "0.000000000100"
#: Depth below which :func:`sample` stops building optional nested objects.
SAMPLE_DEPTH = 4


@functools.cache
def spec() -> dict[str, Any]:
    return json.loads(gzip.decompress(DATA.read_bytes()))


def api_version() -> str:
    return spec()["api_version"]


def schemas() -> dict[str, Any]:
    return spec()["schemas"]


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    """``node`` with a ``$ref`` followed (once, to the named schema)."""
    ref = node.get("$ref")
    if ref:
        return schemas()[ref.rsplit("/", 1)[-1]]
    return node


def variants(node: dict[str, Any]) -> list[dict[str, Any]]:
    """The resolved alternatives of a property (one for a plain property)."""
    node = resolve(node)
    if "anyOf" in node:
        return [resolve(option) for option in node["anyOf"]]
    return [node]


def with_every_shape(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of an example object with the shapes examples leave out filled in:
    empty per-key maps (``currency_options``) get an entry, decimal strings a value
    that prints differently once parsed."""
    data = copy.deepcopy(data)
    schema = schemas().get(data.get("object", ""))
    if schema is not None:
        _fill(data, schema, depth=0)
    return data


def _fill(value: Any, node: dict[str, Any], *, depth: int) -> Any:
    """``value`` with its empty maps filled and decimals made tricky, per ``node``."""
    if value is None:
        return None
    for option in variants(node):
        if isinstance(value, dict) and option.get("type", "object") == "object":
            return _fill_object(value, option, depth=depth)
        if isinstance(value, list) and option.get("type") == "array":
            return [_fill(item, option.get("items", {}), depth=depth + 1) for item in value]
        if isinstance(value, str) and option.get("format") == "decimal":
            return TRICKY_DECIMAL
    return value


def _fill_object(value: dict[str, Any], node: dict[str, Any], *, depth: int) -> dict[str, Any]:
    kind = value.get("object")
    if isinstance(kind, str) and kind in schemas() and node.get("x-resourceId") != kind:
        node = schemas()[kind]  # an expanded object, or an event's untyped data.object
    entries = map_entries(node)
    if entries is not None:
        if not value:
            value["eur"] = sample(entries, depth=depth + 1)
        for key, item in value.items():
            value[key] = _fill(item, entries, depth=depth + 1)
        return value
    for key, child in node.get("properties", {}).items():
        if key in value:
            value[key] = _fill(value[key], child, depth=depth + 1)
        elif _is_map_of_objects(child):  # examples leave such maps out
            value[key] = _fill({}, child, depth=depth + 1)
    return value


def map_entries(node: dict[str, Any]) -> dict[str, Any] | None:
    """The schema of a per-key map's values (``currency -> options``), else None."""
    entries = node.get("additionalProperties")
    if isinstance(entries, dict) and not node.get("properties"):
        return entries
    return None


def _is_map_of_objects(node: dict[str, Any]) -> bool:
    return any(
        (entries := map_entries(option)) is not None
        and resolve(entries).get("type", "object") == "object"
        and "anyOf" not in resolve(entries)
        for option in variants(node)
    )


def sample(node: dict[str, Any], *, depth: int = 0) -> Any:
    """A value of the schema ``node`` (every property filled, nested ones to a depth)."""
    node = resolve(node)
    if "anyOf" in node:
        return sample(node["anyOf"][0], depth=depth)
    if node.get("enum"):
        return node["enum"][0]
    kind = node.get("type", "object")
    if kind == "string":
        return TRICKY_DECIMAL if node.get("format") == "decimal" else "x"
    if kind == "integer":
        return 100
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    if kind == "array":
        return [sample(node.get("items", {}), depth=depth + 1)] if depth < SAMPLE_DEPTH else []
    if depth >= SAMPLE_DEPTH:
        return None if node.get("nullable") else {}
    entries = map_entries(node)
    if entries is not None:
        return {"eur": sample(entries, depth=depth + 1)}
    return {
        key: sample(child, depth=depth + 1) for key, child in node.get("properties", {}).items()
    }


# ---- The column rule (docs/models/columns.md) ----------------------------------------

#: Words that make an integer property an amount (``amount``, ``amount_due``,
#: ``application_fee_amount``, ``subtotal``, ``ending_balance``, ``fee``, ``net``).
MONEY_WORDS = frozenset({"amount", "subtotal", "total", "fee", "net", "balance"})
#: Columns every mirrored model has (``StripeModel``).
COMMON = frozenset({"id", "object", "livemode", "created", "metadata"})

TIMESTAMP = "timestamp"
CURRENCY = "currency"
REFERENCE = "reference"
AMOUNT = "amount"
STATE = "state"


def column_kind(name: str, node: dict[str, Any], mirrored: set[str]) -> str | None:
    """Which kind of column the rule asks for a top-level property, or None (an attribute
    is enough): timestamps, currencies, references to a mirrored object, amounts, and
    states (statuses and other enumerations)."""
    options = variants(node)
    kinds = {option.get("type") for option in options}
    if any(option.get("format") == "unix-time" for option in options):
        return TIMESTAMP
    if any(option.get("format") == "currency" for option in options):
        return CURRENCY
    if "string" in kinds and referenced_objects(node) & mirrored:
        return REFERENCE
    if "integer" in kinds and MONEY_WORDS & set(name.split("_")):
        return AMOUNT
    if "string" in kinds and (
        name == "status"
        or name.endswith("_status")
        or any(o.get("enum") for o in options if o.get("type") == "string")
    ):
        return STATE
    return None


def referenced_objects(node: dict[str, Any]) -> set[str]:
    """The object types a property may hold expanded (``deleted_`` variants as the type)."""
    return {
        option["x-resourceId"].removeprefix("deleted_")
        for option in variants(node)
        if "x-resourceId" in option
    }
