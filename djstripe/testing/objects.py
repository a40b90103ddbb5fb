"""Save and delete objects while keeping parents and their children in step.

A child (an invoice line, a subscription item, a refund) is stored as an
object of its own; a parent that embeds its children (``invoice.lines``,
``subscription.items``) shows the first :data:`EMBEDDED_LIMIT` of them with
``has_more``, exactly as Stripe does, so clients must page the nested URL to
see the rest.  These functions are the only writers of the store.
"""

from __future__ import annotations

from typing import Any

from .resources import BY_OBJECT, EMBEDDED_LIMIT, NestedList, nested_for_child, nested_lists_of
from .store import PARENT, Key, Record, Space, Store


def children_keys(space: Space, nested: NestedList, parent_id: str) -> list[list[Key]]:
    """Sorted key lists (one per child object name) of the children of ``parent_id``."""
    field = nested.link or PARENT
    lists = []
    for name in nested.objects:
        bucket = space.collection(name).index(field, space.by_id).get(parent_id)
        if bucket:
            lists.append(bucket)
    return lists


def embedded_list(space: Space, nested: NestedList, parent_id: str) -> dict[str, Any]:
    """The list object a parent embeds: first page of children, ``has_more`` if more."""
    keys = sorted(key for bucket in children_keys(space, nested, parent_id) for key in bucket)
    data = [space.by_id[key[-1]].copy() for key in keys[:EMBEDDED_LIMIT]]
    return {
        "object": "list",
        "data": data,
        "has_more": len(keys) > EMBEDDED_LIMIT,
        "total_count": len(keys),
        "url": nested.url_for(parent_id),
    }


def _embeds(nested: NestedList, obj: dict[str, Any]) -> bool:
    return nested.embed == "always" or (nested.embed == "if_present" and nested.attribute in obj)


def save(
    store: Store,
    space: Space,
    obj: dict[str, Any],
    parent: str | None = None,
    extract_children: bool = False,
) -> Record:
    """Store ``obj`` (which the caller no longer mutates) and refresh affected parents.

    With ``extract_children`` the objects inside the embedded lists of ``obj``
    are stored as children first (used when a whole object is put as-is).
    """
    resource = BY_OBJECT.get(obj.get("object", ""))
    nested_here = nested_lists_of(resource.path) if resource else ()
    for nested in nested_here:
        value = obj.get(nested.attribute)
        if extract_children and isinstance(value, dict) and isinstance(value.get("data"), list):
            for child in value["data"]:
                if isinstance(child, dict) and child.get("id") and child.get("object"):
                    _store_child(store, space, child, nested, obj["id"])
        if _embeds(nested, obj):
            obj[nested.attribute] = embedded_list(space, nested, obj["id"])
    old = space.get(obj["id"])
    record = store.put(space, obj, parent)
    _refresh_parents(store, space, record, old)
    return record


def _store_child(
    store: Store, space: Space, child: dict[str, Any], nested: NestedList, parent_id: str
) -> None:
    child = dict(child)
    if nested.link and child.get(nested.link) is None:
        child[nested.link] = parent_id
    old = space.get(child["id"])
    record = store.put(space, child, None if nested.link else parent_id)
    _refresh_parents(store, space, record, old, skip=parent_id)


def delete(store: Store, space: Space, object_id: str) -> Record | None:
    """Remove an object, the children only it knew about, and refresh its parents."""
    record = space.remove(object_id)
    if record is None:
        return None
    resource = BY_OBJECT.get(record.obj.get("object", ""))
    for nested in nested_lists_of(resource.path) if resource else ():
        if nested.link is None:
            for bucket in children_keys(space, nested, object_id):
                for key in list(bucket):
                    space.remove(key[-1])
    _refresh_parents(store, space, None, record)
    return record


def parent_ids(record: Record) -> dict[NestedList, str]:
    """The parents (per nested list) that show ``record`` in their list."""
    found = {}
    for nested in nested_for_child(record.obj.get("object", "")):
        parent = record.value(nested.link) if nested.link else record.parent
        if parent:
            found[nested] = parent
    return found


def _refresh_parents(
    store: Store,
    space: Space,
    new: Record | None,
    old: Record | None,
    skip: str | None = None,
) -> None:
    affected: set[tuple[NestedList, str]] = set()
    for record in (new, old):
        if record is not None:
            affected.update(parent_ids(record).items())
    for nested, parent_id in affected:
        parent = space.get(parent_id)
        if parent_id == skip or parent is None or not _embeds(nested, parent.obj):
            continue
        resource = BY_OBJECT.get(parent.obj.get("object", ""))
        if resource is None or resource.path != nested.parent:
            continue  # an id of another kind of object (ids are unique, but be safe)
        updated = dict(parent.obj)
        updated[nested.attribute] = embedded_list(space, nested, parent_id)
        store.put(space, updated)
