"""Turn list query params into index lookups and predicates.

Equality filters (``customer=cus_1``, ``status=paid``, ``recurring[interval]=month``)
read a per-field index of the collection; the most selective one supplies the
candidate keys and the rest are checked per record.  A few filters follow
Stripe's special rules (subscriptions hide canceled ones unless asked, event
``type`` accepts ``*`` wildcards, ``lookup_keys[]``/``ids[]`` match any of a list).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from typing import Any

from . import errors
from .listing import PAGING_PARAMS, Query
from .store import Key, Record, Space, field_value, index_value
from .templates import template_fields

Special = Callable[[Query, Any], None]

#: Filters that are not fields of the object but that Stripe accepts.
EXTRA_FILTERS: dict[str, frozenset[str]] = {
    "invoice": frozenset({"subscription"}),
    "invoiceitem": frozenset({"pending", "subscription"}),
    "subscription": frozenset({"price", "plan"}),
    "event": frozenset({"types", "delivery_success"}),
    "price": frozenset({"lookup_keys"}),
    "product": frozenset({"ids"}),
    "account": frozenset(),
    "charge": frozenset({"transfer_group"}),
    "balance_transaction": frozenset({"payout"}),
}
#: Accepted everywhere and ignored (they change nothing the double models).
IGNORED = frozenset({"include", "expand"})


def _subscription_status(query: Query, value: Any) -> None:
    if value == "all":
        return
    if value == "ended":
        query.predicates.append(lambda r: r.obj.get("status") in ("canceled", "incomplete_expired"))
        return
    query.equals["status"] = str(value)


def _subscription_price(query: Query, value: Any) -> None:
    def has_price(record: Record) -> bool:
        items = (record.obj.get("items") or {}).get("data") or []
        return any(
            index_value(item.get("price")) == value or index_value(item.get("plan")) == value
            for item in items
        )

    query.predicates.append(has_price)


def _event_type(query: Query, value: Any) -> None:
    patterns = value if isinstance(value, list) else [value]
    if len(patterns) == 1 and "*" not in patterns[0]:
        query.equals["type"] = patterns[0]
        return
    query.predicates.append(
        lambda r: any(fnmatch.fnmatchcase(r.obj.get("type", ""), p) for p in patterns)
    )


def _any_of(field: str) -> Special:
    def apply(query: Query, value: Any) -> None:
        wanted = set(value if isinstance(value, list) else [value])
        query.predicates.append(lambda r: index_value(r.obj.get(field)) in wanted)

    return apply


def _pending(query: Query, value: Any) -> None:
    pending = value == "true"
    query.predicates.append(lambda r: (r.obj.get("invoice") is None) == pending)


SPECIAL: dict[tuple[str, str], Special] = {
    ("subscription", "status"): _subscription_status,
    ("subscription", "price"): _subscription_price,
    ("subscription", "plan"): _subscription_price,
    ("event", "type"): _event_type,
    ("event", "types"): _event_type,
    ("event", "delivery_success"): lambda query, value: None,
    ("price", "lookup_keys"): _any_of("lookup_key"),
    ("product", "ids"): _any_of("id"),
    ("invoiceitem", "pending"): _pending,
}


def apply_filters(query: Query, object_name: str, params: dict[str, Any]) -> None:
    """Fill ``query.equals``/``predicates`` from the non-paging params of a list call."""
    known = template_fields(object_name) | EXTRA_FILTERS.get(object_name, frozenset())
    if object_name == "subscription" and "status" not in params:
        query.predicates.append(
            lambda r: r.obj.get("status") not in ("canceled", "incomplete_expired")
        )
    for name, value in params.items():
        if name in PAGING_PARAMS or name in IGNORED:
            continue
        if name not in known:
            raise errors.parameter_unknown(name)
        special = SPECIAL.get((object_name, name))
        if special is not None:
            special(query, value)
            continue
        for dotted, leaf in _flatten(name, value):
            if isinstance(leaf, list):
                _any_of(dotted)(query, leaf)
            else:
                query.equals[dotted] = leaf


def _flatten(name: str, value: Any) -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        pairs = []
        for key, item in value.items():
            pairs.extend(_flatten(f"{name}.{key}", item))
        return pairs
    return [(name, value)]


def candidate_keys(space: Space, object_names: tuple[str, ...], query: Query) -> list[list[Key]]:
    """Sorted key lists to walk: the smallest index bucket per collection, or all keys.

    The other equality filters become predicates on ``query``.
    """
    sources = []
    for name in object_names:
        collection = space.collection(name)
        if not query.equals:
            sources.append(collection.keys)
            continue
        buckets = {
            field: collection.index(field, space.by_id).get(value, [])
            for field, value in query.equals.items()
        }
        best = min(buckets, key=lambda field: len(buckets[field]))
        sources.append(buckets[best])
    for field, value in query.equals.items():
        if len(query.equals) > 1:
            query.predicates.append(_equals(field, value))
    return sources


def _equals(field: str, value: str) -> Callable[[Record], bool]:
    return lambda record: index_value(field_value(record.obj, field)) == value
