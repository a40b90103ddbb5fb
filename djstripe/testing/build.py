"""Build new objects from templates and params; merge updates; check referenced ids."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from . import errors
from .context import Context
from .params import coerce
from .resources import BY_OBJECT, nested_lists_of
from .templates import template, type_hints

#: Params naming other objects, and the object names they may refer to.
REFERENCES: dict[str, tuple[str, ...]] = {
    "customer": ("customer",),
    "price": ("price", "plan"),
    "plan": ("plan", "price"),
    "product": ("product",),
    "payment_method": ("payment_method", "card", "source", "bank_account"),
    "default_payment_method": ("payment_method", "card", "source", "bank_account"),
    "subscription": ("subscription",),
    "invoice": ("invoice",),
    "charge": ("charge",),
    "payment_intent": ("payment_intent",),
    "coupon": ("coupon",),
    "promotion_code": ("promotion_code",),
    "setup_intent": ("setup_intent",),
    "tax_rates": ("tax_rate",),
    "default_tax_rates": ("tax_rate",),
    "test_clock": ("test_helpers.test_clock",),
    "shipping_rate": ("shipping_rate",),
    "transfer": ("transfer",),
    "subscription_item": ("subscription_item",),
    "entitlement_feature": ("entitlements.feature",),
    "file": ("file",),
    "source": ("card", "source", "bank_account"),
}
#: Resources whose create accepts a caller-chosen ``id``.
CUSTOM_IDS = frozenset({"coupon", "plan", "product", "shipping_rate", "tax_code"})
#: Params consumed by the double itself, never merged into the object.
CONTROL_PARAMS = frozenset({"expand", "id"})

#: Magic test ids (``pm_card_visa``) -> function creating the real object, returning its id.
MAGIC: dict[str, Callable[[Context, str], str]] = {}


def check_references(ctx: Context, params: Any, path: str = "") -> Any:
    """Raise 400 ``resource_missing`` for ids in params that name no object.

    Returns params with magic test ids replaced by the objects created for them.
    """
    if isinstance(params, list):
        return [check_references(ctx, item, f"{path}[{i}]") for i, item in enumerate(params)]
    if not isinstance(params, dict):
        return params
    checked = {}
    for name, value in params.items():
        param = f"{path}[{name}]" if path else name
        if name == "metadata":
            checked[name] = value
            continue
        kinds = REFERENCES.get(name)
        if kinds and isinstance(value, (str, list)):
            value = _resolve_ids(ctx, value, kinds, param)
        checked[name] = check_references(ctx, value, param)
    return checked


def _resolve_ids(ctx: Context, value: str | list, kinds: tuple[str, ...], param: str) -> Any:
    if isinstance(value, list):
        return [_resolve_ids(ctx, item, kinds, f"{param}[{i}]") for i, item in enumerate(value)]
    if not value:
        return value
    for prefix, create in MAGIC.items():
        if value.startswith(prefix) and ctx.space.get(value) is None:
            return create(ctx, value)
    ctx.ref(value, kinds, param)
    return value


def new_object(
    ctx: Context, object_name: str, params: dict[str, Any] | None = None, **fields: Any
) -> dict[str, Any]:
    """Return a new object: template, fresh id, clock time, mode, params merged, fields set."""
    obj = template(object_name)
    resource = BY_OBJECT.get(object_name)
    params = dict(params or {})
    custom_id = params.get("id") if object_name in CUSTOM_IDS else None
    if custom_id and ctx.space.get(custom_id) is not None:
        raise errors.StripeError(
            400,
            f"{object_name.capitalize()} already exists.",
            code="resource_already_exists",
            param="id",
        )
    prefix = resource.prefix if resource else object_name.split(".")[-1][:4]
    obj["id"] = custom_id or ctx.ids.new(prefix, livemode=ctx.livemode)
    if "created" in obj:
        obj["created"] = ctx.now()
    if "livemode" in obj:
        obj["livemode"] = ctx.livemode
    for nested in nested_lists_of(resource.path) if resource else ():
        if nested.embed == "always" or nested.attribute in obj:
            obj[nested.attribute] = {
                "object": "list",
                "data": [],
                "has_more": False,
                "total_count": 0,
                "url": nested.url_for(obj["id"]),
            }
    merge(obj, coerce(params, type_hints(object_name) or obj))
    obj.update(fields)
    return obj


def merge(target: dict[str, Any], changes: dict[str, Any], top: bool = True) -> None:
    """Merge coerced params into ``target`` in place, as a Stripe update does.

    Unknown top-level params are ignored (handlers read the ones they act on);
    ``metadata[k]=""`` deletes ``k``, ``metadata=""`` clears it.
    """
    for name, value in changes.items():
        if top and (name in CONTROL_PARAMS or name not in target):
            continue
        current = target.get(name)
        if name == "metadata":
            target[name] = _merge_metadata(current, value)
        elif isinstance(value, dict) and isinstance(current, dict):
            merged = copy.deepcopy(current)
            merge(merged, value, top=False)
            target[name] = merged
        else:
            target[name] = value


def _merge_metadata(current: Any, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        return {}
    merged = dict(current or {})
    for key, item in value.items():
        if item is None:
            merged.pop(key, None)
        else:
            merged[key] = str(item)
    return merged


def previous_attributes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Old values of the top-level keys that changed (``data.previous_attributes``)."""
    changed = {}
    for name in old.keys() | new.keys():
        if old.get(name) != new.get(name):
            changed[name] = copy.deepcopy(old.get(name))
    return changed
