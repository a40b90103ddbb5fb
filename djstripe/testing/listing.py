"""List endpoints: filters, ``created`` ranges and cursor pagination in O(page).

A list reads one or more sorted key lists (a whole collection, or the bucket
of a field index such as ``customer=cus_123``), narrows them to the
``created`` range by bisection, positions the cursor by bisection, and walks
only as far as it needs to fill ``limit + 1`` items (the extra one answers
``has_more``).
"""

from __future__ import annotations

import bisect
import heapq
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from . import errors
from .store import OLDEST_FIRST, Key, Record, Space

Predicate = Callable[[Record], bool]
PAGING_PARAMS = frozenset({"limit", "starting_after", "ending_before", "expand", "created"})
_CREATED_OPS = ("gt", "gte", "lt", "lte")


@dataclass
class Query:
    """What a list request asks for, validated."""

    limit: int = 10
    starting_after: str | None = None
    ending_before: str | None = None
    created: dict[str, int] = field(default_factory=dict)
    equals: dict[str, str] = field(default_factory=dict)
    predicates: list[Predicate] = field(default_factory=list)


def parse_query(params: dict[str, Any]) -> Query:
    """Validate the paging params; everything else is left for the caller's filters."""
    query = Query(limit=parse_limit(params.get("limit")))
    for name in ("starting_after", "ending_before"):
        value = params.get(name)
        if value is not None and not isinstance(value, str):
            raise errors.parameter_invalid(name, f"Invalid {name}: must be an object id.")
        setattr(query, name, value or None)
    query.created = _created(params.get("created"))
    return query


def parse_limit(raw: Any) -> int:
    """``limit`` as Stripe validates it: an integer from 1 to 100, 10 when absent."""
    if raw is None or raw == "":
        return 10
    if not isinstance(raw, str) or not raw.lstrip("-").isdigit():
        raise errors.parameter_invalid(
            "limit", f"Invalid integer: {raw}", code="parameter_invalid_integer"
        )
    limit = int(raw)
    if not 1 <= limit <= 100:
        raise errors.parameter_invalid(
            "limit", "This value must be greater than or equal to 1 and less than or equal to 100."
        )
    return limit


def _created(raw: Any) -> dict[str, int]:
    if raw is None:
        return {}
    if isinstance(raw, str):
        raw = {"gte": raw, "lte": raw}
    if not isinstance(raw, dict):
        raise errors.parameter_invalid("created", "Invalid created filter.")
    bounds = {}
    for op, value in raw.items():
        if op not in _CREATED_OPS:
            raise errors.parameter_unknown(f"created[{op}]")
        if not isinstance(value, str) or not value.lstrip("-").isdigit():
            raise errors.parameter_invalid(
                f"created[{op}]", f"Invalid integer: {value}", code="parameter_invalid_integer"
            )
        bounds[op] = int(value)
    return bounds


@dataclass
class Page:
    records: list[Record]
    has_more: bool


def paginate(
    space: Space, sources: list[list[Key]], query: Query, object_names: tuple[str, ...]
) -> Page:
    """Return the page of ``sources`` (sorted key lists) that ``query`` asks for."""
    newest_first = not any(name in OLDEST_FIRST for name in object_names)
    predicates = list(query.predicates)
    if query.created and not newest_first:
        predicates.append(_created_predicate(query.created))
    forward = query.starting_after is not None or query.ending_before is None
    cursor_id = query.starting_after if forward else query.ending_before
    cursor = _cursor_key(
        space, cursor_id, object_names, "starting_after" if forward else "ending_before"
    )
    slices = []
    for keys in sources:
        low, high = 0, len(keys)
        if query.created and newest_first:
            low, high = _created_bounds(keys, query.created)
        if cursor is not None and forward:
            low = max(low, bisect.bisect_right(keys, cursor))
        elif cursor is not None:
            high = min(high, bisect.bisect_left(keys, cursor))
        if low < high:
            slices.append((keys, low, high))
    wanted = query.limit + 1
    matches = itertools.islice(_walk(space, slices, forward, predicates), wanted)
    records = list(matches)
    has_more = len(records) == wanted
    records = records[: query.limit]
    if not forward:
        records.reverse()
    return Page(records, has_more)


def _walk(
    space: Space,
    slices: list[tuple[list[Key], int, int]],
    forward: bool,
    predicates: list[Predicate],
) -> Iterator[Record]:
    def one(keys: list[Key], low: int, high: int) -> Iterator[Key]:
        positions = range(low, high) if forward else range(high - 1, low - 1, -1)
        return (keys[position] for position in positions)

    iterators = [one(*part) for part in slices]
    merged = iterators[0] if len(iterators) == 1 else heapq.merge(*iterators, reverse=not forward)
    for key in merged if iterators else ():
        record = space.by_id[key[-1]]
        if all(predicate(record) for predicate in predicates):
            yield record


def _cursor_key(
    space: Space, cursor_id: str | None, object_names: tuple[str, ...], param: str
) -> Key | None:
    if cursor_id is None:
        return None
    record = space.get(cursor_id)
    if record is None or record.obj.get("object") not in object_names:
        label = object_names[0] if object_names else "object"
        raise errors.param_resource_missing(label, cursor_id, param)
    return record.key


def _created_bounds(keys: list[Key], created: dict[str, int]) -> tuple[int, int]:
    """Index range of keys (``-created`` first) inside the ``created`` bounds."""
    newest = min(_upper(created), 2**62)  # keys hold -created, so bounds swap
    oldest = max(_lower(created), -(2**62))
    low = bisect.bisect_left(keys, (-newest,))
    high = bisect.bisect_left(keys, (-oldest + 1,))
    return low, high


def _upper(created: dict[str, int]) -> int:
    bounds = [created["lte"]] if "lte" in created else []
    if "lt" in created:
        bounds.append(created["lt"] - 1)
    return min(bounds, default=2**62)


def _lower(created: dict[str, int]) -> int:
    bounds = [created["gte"]] if "gte" in created else []
    if "gt" in created:
        bounds.append(created["gt"] + 1)
    return max(bounds, default=-(2**62))


def _created_predicate(created: dict[str, int]) -> Predicate:
    low, high = _lower(created), _upper(created)
    return lambda record: low <= (record.obj.get("created") or 0) <= high


def list_body(records: list[Record], has_more: bool, url: str) -> bytes:
    """Encode a list object from cached record JSON without re-encoding the objects."""
    return b"".join(
        (
            b'{"object":"list","data":[',
            b",".join(record.encoded for record in records),
            b'],"has_more":',
            b"true" if has_more else b"false",
            b',"url":"',
            url.encode(),
            b'"}',
        )
    )
