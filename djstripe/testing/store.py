"""Thread-safe state of the double: objects per Stripe account and mode.

Every account (platform or connected) has two *spaces*, test and live, each
holding its objects by id and, per object name, a sorted list of keys in
Stripe's list order (newest first: ``created`` descending, then insertion
order descending).  Lists are served by bisecting these sorted keys, so a page
costs O(log n + page) however big the account is.

Records are never modified once stored: a write stores a new record.  That
makes a snapshot a shallow copy of the maps (cheap even for 40,000 objects)
and lets a record cache its encoded JSON safely.

Callers hold ``Store.lock`` around any sequence of reads and writes.
"""

from __future__ import annotations

import bisect
import json
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

#: Pseudo-field indexing children by the parent the store remembers for them.
PARENT = "__parent__"

#: Children listed in the order they were added (invoice lines, items), not newest first.
OLDEST_FIRST = frozenset({"line_item", "item", "credit_note_line_item", "subscription_item"})

Key = tuple


def index_value(value: Any) -> str | None:
    """Normalise a field value the way list filters compare it (ids, "true", "12")."""
    if isinstance(value, dict):
        value = value.get("id")
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


#: Filters that read a field which moved in newer API shapes: the first present path wins.
MOVED_FIELDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("invoice", "subscription"): ("parent.subscription_details.subscription", "subscription"),
    ("invoiceitem", "subscription"): ("parent.subscription_details.subscription", "subscription"),
}


def field_value(obj: dict[str, Any], name: str) -> Any:
    """Value of ``name`` in ``obj``; ``a.b`` walks into sub-objects; None when absent."""
    for path in MOVED_FIELDS.get((obj.get("object", ""), name), (name,)):
        value = _walk(obj, path)
        if value is not None:
            return value
    return None


def _walk(obj: dict[str, Any], path: str) -> Any:
    value: Any = obj
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


class Record:
    """One stored object; ``obj`` is never mutated after the record is created."""

    __slots__ = ("obj", "key", "parent", "_encoded")

    def __init__(self, obj: dict[str, Any], key: Key, parent: str | None) -> None:
        self.obj = obj
        self.key = key
        self.parent = parent
        self._encoded: bytes | None = None

    @property
    def id(self) -> str:
        return self.obj["id"]

    @property
    def encoded(self) -> bytes:
        """Compact JSON of ``obj``, computed once."""
        if self._encoded is None:
            self._encoded = json.dumps(self.obj, separators=(",", ":")).encode()
        return self._encoded

    def copy(self) -> dict[str, Any]:
        """Return a deep copy of the object (decoding the cached JSON is the fast way)."""
        return json.loads(self.encoded)

    def value(self, field_name: str) -> str | None:
        """Return the filterable value of a field (dotted paths reach into sub-objects)."""
        if field_name == PARENT:
            return self.parent
        return index_value(field_value(self.obj, field_name))


@dataclass
class Collection:
    """Sorted keys of the objects of one object name, plus lazy per-field indexes."""

    keys: list[Key] = field(default_factory=list)
    indexes: dict[str, dict[str | None, list[Key]]] = field(default_factory=dict)

    def add(self, record: Record) -> None:
        bisect.insort(self.keys, record.key)
        for name, index in self.indexes.items():
            bisect.insort(index.setdefault(record.value(name), []), record.key)

    def discard(self, record: Record) -> None:
        _remove_key(self.keys, record.key)
        for name, index in self.indexes.items():
            bucket = index.get(record.value(name))
            if bucket is not None:
                _remove_key(bucket, record.key)

    def index(self, name: str, by_id: dict[str, Record]) -> dict[str | None, list[Key]]:
        """Return (building on first use) the index of ``name``: value -> sorted keys."""
        index = self.indexes.get(name)
        if index is None:
            index = {}
            for key in self.keys:  # keys are sorted, so every bucket is too
                index.setdefault(by_id[key[-1]].value(name), []).append(key)
            self.indexes[name] = index
        return index

    def copy(self) -> Collection:
        return Collection(list(self.keys))


def _remove_key(keys: list[Key], key: Key) -> None:
    position = bisect.bisect_left(keys, key)
    if position < len(keys) and keys[position] == key:
        del keys[position]


class Space:
    """The objects of one account in one mode (test or live)."""

    def __init__(self, account: str, livemode: bool) -> None:
        self.account = account
        self.livemode = livemode
        self.by_id: dict[str, Record] = {}
        self.collections: dict[str, Collection] = {}
        self.tombstones: dict[str, dict[str, Any]] = {}
        """Deleted objects Stripe still answers for (``{"id", "object", "deleted": true}``)."""

    def get(self, object_id: str) -> Record | None:
        return self.by_id.get(object_id)

    def collection(self, object_name: str) -> Collection:
        collection = self.collections.get(object_name)
        if collection is None:
            collection = self.collections[object_name] = Collection()
        return collection

    def store(self, obj: dict[str, Any], seq: int, parent: str | None = None) -> Record:
        """Insert or replace ``obj`` (keyed by its id); keep the old order on replace."""
        old = self.by_id.get(obj["id"])
        if old is not None:
            self.remove(obj["id"])
            if parent is None:
                parent = old.parent
            seq = key_seq(old.key)  # a replaced object keeps its place among equals
        record = Record(obj, make_key(obj, seq), parent)
        self.by_id[obj["id"]] = record
        self.collection(obj["object"]).add(record)
        return record

    def remove(self, object_id: str) -> Record | None:
        record = self.by_id.pop(object_id, None)
        if record is not None:
            self.collection(record.obj["object"]).discard(record)
        return record

    def records(self, object_name: str) -> Iterator[Record]:
        """Records of ``object_name`` in list order."""
        for key in self.collection(object_name).keys:
            yield self.by_id[key[-1]]

    def find(self, object_name: str, field_name: str, value: str | None) -> list[Record]:
        """Records of ``object_name`` whose ``field_name`` is ``value`` (through the index).

        ``field_name`` may be :data:`PARENT` for children the store links to a parent.
        """
        collection = self.collection(object_name)
        keys = collection.index(field_name, self.by_id).get(value, [])
        return [self.by_id[key[-1]] for key in keys]

    def load_sorted(self, records: Iterable[Record]) -> None:
        """Add many records at once (one sort per collection instead of one insort each)."""
        touched: set[str] = set()
        for record in records:
            old = self.by_id.get(record.id)
            if old is not None:
                self.remove(record.id)
            self.by_id[record.id] = record
            name = record.obj["object"]
            self.collection(name).keys.append(record.key)
            touched.add(name)
        for name in touched:
            collection = self.collections[name]
            collection.keys.sort()
            collection.indexes.clear()

    def copy(self) -> Space:
        clone = Space(self.account, self.livemode)
        clone.by_id = dict(self.by_id)
        clone.collections = {name: c.copy() for name, c in self.collections.items()}
        clone.tombstones = dict(self.tombstones)
        return clone


def make_key(obj: dict[str, Any], seq: int) -> Key:
    """Sort key in Stripe's list order; the id is last so a key finds its record."""
    if obj.get("object") in OLDEST_FIRST:
        return (seq, obj["id"])
    created = obj.get("created")
    created = created if isinstance(created, int) else 0
    return (-created, -seq, obj["id"])


def key_seq(key: Key) -> int:
    """Return the insertion sequence number stored in a key."""
    return key[0] if len(key) == 2 else -key[1]


@dataclass
class AccountEntry:
    """A known account: a platform (``platform`` None) or one connected to a platform."""

    id: str
    platform: str | None
    obj: dict[str, Any]


class Store:
    """All spaces, the account registry and side tables, behind one re-entrant lock."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.seq = 0
        self.spaces: dict[tuple[str, bool], Space] = {}
        self.accounts: dict[str, AccountEntry] = {}
        self.api_keys: dict[str, str] = {}
        self.endpoint_private: dict[str, dict[str, Any]] = {}
        """Per webhook endpoint: ``secret`` (shown only on create) and ``connect``."""
        self.meter_sessions: dict[str, Any] = {}
        """Meter event session token -> what it stands for (``actions.meters``)."""
        self.write_only: dict[str, dict[str, Any]] = {}
        """Per object id: parameters Stripe acts on later but never returns (Checkout's
        ``customer_update``)."""

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq

    def space(self, account: str, livemode: bool) -> Space:
        space = self.spaces.get((account, livemode))
        if space is None:
            space = self.spaces[(account, livemode)] = Space(account, livemode)
        return space

    def put(self, space: Space, obj: dict[str, Any], parent: str | None = None) -> Record:
        return space.store(obj, self.next_seq(), parent)

    def snapshot(self) -> dict[str, Any]:
        """Return a copy of the whole state; records are shared (they are immutable)."""
        with self.lock:
            return {
                "seq": self.seq,
                "spaces": {key: space.copy() for key, space in self.spaces.items()},
                "accounts": {key: _copy_entry(entry) for key, entry in self.accounts.items()},
                "api_keys": dict(self.api_keys),
                "endpoint_private": dict(self.endpoint_private),
                "write_only": dict(self.write_only),
            }

    def restore(self, state: dict[str, Any]) -> None:
        """Return to a snapshot; the snapshot stays usable for later restores."""
        with self.lock:
            self.seq = max(self.seq, state["seq"])
            self.spaces = {key: space.copy() for key, space in state["spaces"].items()}
            self.accounts = {key: _copy_entry(e) for key, e in state["accounts"].items()}
            self.api_keys = dict(state["api_keys"])
            self.endpoint_private = dict(state["endpoint_private"])
            self.write_only = dict(state.get("write_only", {}))


def _copy_entry(entry: AccountEntry) -> AccountEntry:
    return AccountEntry(entry.id, entry.platform, json.loads(json.dumps(entry.obj)))
