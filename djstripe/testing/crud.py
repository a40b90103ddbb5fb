"""Generic create / retrieve / update / delete / list for every resource in the table.

Special behaviour of a resource is added with :func:`creating` and
:func:`updating` hooks (derived fields, validation) or by registering a
dedicated handler for a route in ``actions/``, which replaces the generic one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from . import errors, objects
from .build import check_references, merge, new_object, previous_attributes
from .context import Context
from .filters import apply_filters, candidate_keys
from .listing import list_body, paginate, parse_query
from .params import coerce, expand_paths
from .resources import BY_OBJECT, BY_PATH, NESTED_LISTS, RESOURCES, NestedList, Resource
from .router import Router
from .store import Record
from .templates import type_hints

Hook = Callable[[Context, dict[str, Any], dict[str, Any]], None]
#: Objects that Stripe still returns after deletion, as ``{"id", "object", "deleted": true}``.
KEPT_WHEN_DELETED = frozenset({"customer"})
CREATE_HOOKS: dict[str, list[Hook]] = {}
UPDATE_HOOKS: dict[str, list[Hook]] = {}


def creating(object_name: str) -> Callable[[Hook], Hook]:
    """Register ``hook(ctx, obj, params)`` to run on a new object before it is saved."""

    def register(hook: Hook) -> Hook:
        CREATE_HOOKS.setdefault(object_name, []).append(hook)
        return hook

    return register


def updating(object_name: str) -> Callable[[Hook], Hook]:
    """Register ``hook(ctx, obj, params)`` to run on an updated copy before it is saved."""

    def register(hook: Hook) -> Hook:
        UPDATE_HOOKS.setdefault(object_name, []).append(hook)
        return hook

    return register


def _event(
    ctx: Context,
    prefix: str | None,
    action: str,
    obj: dict[str, Any],
    previous: dict[str, Any] | None = None,
) -> None:
    if prefix:
        ctx.emit(f"{prefix}.{action}", obj, previous)


# ---------------------------------------------------------------- operations


def create_object(
    ctx: Context,
    object_name: str,
    params: dict[str, Any] | None = None,
    *,
    parent_id: str | None = None,
    emit: bool = True,
    event_prefix: str | None = None,
    **fields: Any,
) -> Record:
    """Create, hook, save and (optionally) announce an object; return its record.

    ``parent_id`` names the parent of a child that has no field pointing at it
    (checkout line items); ``fields`` are set on the object after the params.
    """
    params = check_references(ctx, params or {})
    obj = new_object(ctx, object_name, params, **fields)
    for hook in CREATE_HOOKS.get(object_name, ()):
        hook(ctx, obj, params)
    record = objects.save(ctx.store, ctx.space, obj, parent_id)
    resource = BY_OBJECT.get(object_name)
    prefix = event_prefix or (resource.events if resource and resource.created_events else None)
    if emit:
        _event(ctx, prefix, "created", record.copy())
    return record


def update_object(
    ctx: Context,
    record: Record,
    params: dict[str, Any] | None = None,
    *,
    emit: bool = True,
    event_type: str | None = None,
    baseline: dict[str, Any] | None = None,
    **fields: Any,
) -> Record:
    """Merge params and fields into a copy of ``record``, save it, emit ``<prefix>.updated``.

    ``baseline`` is the state ``previous_attributes`` compares with, when the
    caller changed children (subscription items) before this call.
    """
    params = check_references(ctx, params or {})
    old = baseline or record.obj
    obj = record.copy()
    merge(obj, coerce(params, type_hints(obj["object"]) or obj))
    obj.update(fields)
    for hook in UPDATE_HOOKS.get(obj["object"], ()):
        hook(ctx, obj, params)
    changed = previous_attributes(old, obj)
    new = objects.save(ctx.store, ctx.space, obj)
    resource = BY_OBJECT.get(obj["object"])
    if emit and (changed or event_type):
        event_type = event_type or (
            f"{resource.events}.updated" if resource and resource.events else None
        )
        if event_type:
            ctx.emit(event_type, new.copy(), changed or None)
    return new


def delete_object(
    ctx: Context, record: Record, *, emit: bool = True, event_prefix: str | None = None
) -> dict[str, Any]:
    """Delete ``record``; return Stripe's ``{"id", "object", "deleted": true}``."""
    objects.delete(ctx.store, ctx.space, record.id)
    resource = BY_OBJECT.get(record.obj["object"])
    if emit:
        _event(
            ctx, event_prefix or (resource.events if resource else None), "deleted", record.copy()
        )
    stub = {"id": record.id, "object": record.obj["object"], "deleted": True}
    if record.obj["object"] in KEPT_WHEN_DELETED:
        ctx.space.tombstones[record.id] = stub
    return stub


def list_response(
    ctx: Context,
    object_names: tuple[str, ...],
    url: str,
    params: dict[str, Any] | None = None,
    equals: dict[str, str] | None = None,
) -> bytes:
    """Serve a list of ``object_names`` filtered by params and fixed ``equals``."""
    params = ctx.params if params is None else params
    query = parse_query(params)
    apply_filters(query, object_names[0], params)
    query.equals.update(equals or {})
    page = paginate(ctx.space, candidate_keys(ctx.space, object_names, query), query, object_names)
    paths = [path for path in expand_paths(params) if path.startswith("data.")]
    if not paths:
        return list_body(page.records, page.has_more, url)
    body = {
        "object": "list",
        "data": [record.copy() for record in page.records],
        "has_more": page.has_more,
        "url": url,
    }
    ctx.expander().apply(body, paths)
    return json.dumps(body, separators=(",", ":")).encode()


def check_reference_filters(ctx: Context, params: dict[str, Any]) -> None:
    """Reject list filters naming an object that does not exist (as Stripe does)."""
    for name in ("customer", "subscription", "invoice", "charge", "payment_intent"):
        value = params.get(name)
        if isinstance(value, str) and value:
            check_references(ctx, {name: value})


# ------------------------------------------------------------ route handlers


def list_handler(resource: Resource) -> Callable[[Context], bytes]:
    def handle(ctx: Context) -> bytes:
        for name in resource.required_list_params:
            if not ctx.params.get(name):
                raise errors.parameter_missing(name)
        check_reference_filters(ctx, ctx.params)
        return list_response(ctx, (resource.object,), f"/v1/{resource.path}")

    return handle


def retrieve_handler(resource: Resource) -> Callable[[Context, str], Record | dict[str, Any]]:
    def handle(ctx: Context, object_id: str) -> Record | dict[str, Any]:
        stub = ctx.space.tombstones.get(object_id)
        if stub is not None and stub["object"] == resource.object:
            return dict(stub)
        return ctx.get(object_id, resource.object)

    return handle


def create_handler(resource: Resource) -> Callable[[Context], Record]:
    def handle(ctx: Context) -> Record:
        return create_object(ctx, resource.object, ctx.params)

    return handle


def update_handler(resource: Resource) -> Callable[[Context, str], Record]:
    def handle(ctx: Context, object_id: str) -> Record:
        return update_object(ctx, ctx.get(object_id, resource.object), ctx.params)

    return handle


def delete_handler(resource: Resource) -> Callable[[Context, str], dict[str, Any]]:
    def handle(ctx: Context, object_id: str) -> dict[str, Any]:
        return delete_object(ctx, ctx.get(object_id, resource.object))

    return handle


def nested_list_handler(nested: NestedList) -> Callable[[Context, str], bytes]:
    parent = BY_PATH[nested.parent]

    def handle(ctx: Context, parent_id: str) -> bytes:
        ctx.get(parent_id, parent.object)
        params = dict(ctx.params)
        names = nested.objects
        if isinstance(params.get("object"), str) and len(names) > 1:
            wanted = params.pop("object")
            names = tuple(name for name in names if name == wanted)
        link = {nested.link: parent_id} if nested.link else {"__parent__": parent_id}
        return list_response(ctx, names or nested.objects, nested.url_for(parent_id), params, link)

    return handle


def _child(ctx: Context, nested: NestedList, parent_id: str, child_id: str) -> Record:
    ctx.get(parent_id, BY_PATH[nested.parent].object)
    record = ctx.get(child_id, nested.objects)
    parents = objects.parent_ids(record)
    if parents.get(nested) != parent_id:
        raise errors.resource_missing(nested.objects[0], child_id)
    return record


def nested_create_handler(nested: NestedList) -> Callable[[Context, str], Record]:
    def handle(ctx: Context, parent_id: str) -> Record:
        ctx.get(parent_id, BY_PATH[nested.parent].object)
        fields: dict[str, Any] = {nested.link: parent_id} if nested.link else {}
        return create_object(
            ctx,
            nested.objects[0],
            ctx.params,
            parent_id=None if nested.link else parent_id,
            event_prefix=nested.events,
            **fields,
        )

    return handle


def nested_retrieve_handler(nested: NestedList) -> Callable[[Context, str, str], Record]:
    def handle(ctx: Context, parent_id: str, child_id: str) -> Record:
        return _child(ctx, nested, parent_id, child_id)

    return handle


def nested_update_handler(nested: NestedList) -> Callable[[Context, str, str], Record]:
    def handle(ctx: Context, parent_id: str, child_id: str) -> Record:
        record = _child(ctx, nested, parent_id, child_id)
        event = f"{nested.events}.updated" if nested.events else None
        return update_object(ctx, record, ctx.params, event_type=event)

    return handle


def nested_delete_handler(nested: NestedList) -> Callable[[Context, str, str], Any]:
    def handle(ctx: Context, parent_id: str, child_id: str) -> dict[str, Any]:
        record = _child(ctx, nested, parent_id, child_id)
        return delete_object(ctx, record, event_prefix=nested.events)

    return handle


def register(router: Router) -> None:
    """Add the generic routes of every resource and nested list."""
    for resource in RESOURCES:
        base = f"/v1/{resource.path}"
        if resource.list:
            router.add("GET", base, list_handler(resource))
        router.add("GET", f"{base}/{{id}}", retrieve_handler(resource))
        if resource.create:
            router.add("POST", base, create_handler(resource))
        if resource.update:
            router.add("POST", f"{base}/{{id}}", update_handler(resource))
        if resource.delete:
            router.add("DELETE", f"{base}/{{id}}", delete_handler(resource))
    for nested in NESTED_LISTS:
        base = f"/v1/{nested.parent}/{{id}}/{nested.name}"
        router.add("GET", base, nested_list_handler(nested))
        if nested.create:
            router.add("POST", base, nested_create_handler(nested))
        if nested.retrieve:
            router.add("GET", f"{base}/{{id}}", nested_retrieve_handler(nested))
        if nested.update:
            router.add("POST", f"{base}/{{id}}", nested_update_handler(nested))
        if nested.delete:
            router.add("DELETE", f"{base}/{{id}}", nested_delete_handler(nested))
