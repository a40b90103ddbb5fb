"""Products, prices, plans, coupons, promotion codes, tax rates, features: derived fields."""

from __future__ import annotations

from typing import Any

from .. import errors
from ..context import Context
from ..crud import create_object, creating, updating

RECURRING_DEFAULTS = {
    "interval_count": 1,
    "meter": None,
    "trial_period_days": None,
    "usage_type": "licensed",
}


def _require(params: dict[str, Any], *names: str) -> None:
    for name in names:
        if params.get(name) in (None, ""):
            raise errors.parameter_missing(name)


@creating("product")
def _new_product(ctx: Context, obj: dict[str, Any], params: dict[str, Any]) -> None:
    _require(params, "name")
    obj["updated"] = obj["created"]
    data = params.get("default_price_data")
    if isinstance(data, dict):
        price = create_object(ctx, "price", {**data, "product": obj["id"]}, emit=False)
        obj["default_price"] = price.id


@updating("product")
def _touch_product(ctx: Context, obj: dict[str, Any], params: dict[str, Any]) -> None:
    obj["updated"] = ctx.now()


@creating("price")
def _new_price(ctx: Context, obj: dict[str, Any], params: dict[str, Any]) -> None:
    _require(params, "currency")
    product_data = params.get("product_data")
    if not obj.get("product") and isinstance(product_data, dict):
        obj["product"] = create_object(ctx, "product", product_data).id
    if not obj.get("product"):
        raise errors.parameter_missing("product")
    recurring = obj.get("recurring")
    if isinstance(recurring, dict):
        obj["recurring"] = {**RECURRING_DEFAULTS, **recurring}
        obj["type"] = "recurring"
    _decimal(obj, "unit_amount")
    if isinstance(params.get("currency_options"), dict):
        obj["currency_options"] = currency_options(obj, params["currency_options"])


def currency_options(price: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """``currency_options`` of a new price: its own currency and each one given, complete.
    (Stripe returns them only when expanded; the double always does once set.)"""
    keys = ("custom_unit_amount", "tax_behavior", "tiers", "unit_amount", "unit_amount_decimal")
    options = {price["currency"]: {key: price.get(key) for key in keys}}
    for code, entry in given.items():
        entry = {key: (entry or {}).get(key) for key in keys}
        if isinstance(entry["unit_amount"], str):  # form-encoded: no template types here
            entry["unit_amount"] = int(entry["unit_amount"])
        _decimal(entry, "unit_amount")
        options[str(code).lower()] = entry
    return options


@creating("plan")
def _new_plan(ctx: Context, obj: dict[str, Any], params: dict[str, Any]) -> None:
    _require(params, "currency", "interval")
    product = params.get("product")
    if isinstance(product, dict):
        obj["product"] = create_object(ctx, "product", product).id
    if not obj.get("product"):
        raise errors.parameter_missing("product")
    _decimal(obj, "amount")


def _decimal(obj: dict[str, Any], name: str) -> None:
    if obj.get(name) is not None and obj.get(f"{name}_decimal") is None:
        obj[f"{name}_decimal"] = str(obj[name])


@creating("coupon")
def _new_coupon(ctx: Context, obj: dict[str, Any], params: dict[str, Any]) -> None:
    if obj.get("percent_off") is None and obj.get("amount_off") is None:
        raise errors.StripeError(
            400,
            "Must provide either percent_off or amount_off.",
            code="parameter_missing",
            param="percent_off",
        )
    if obj.get("amount_off") is not None and not obj.get("currency"):
        raise errors.parameter_missing("currency")
    obj["times_redeemed"] = 0


@creating("promotion_code")
def _new_promotion_code(ctx: Context, obj: dict[str, Any], params: dict[str, Any]) -> None:
    coupon = params.get("coupon") or (params.get("promotion") or {}).get("coupon")
    if not coupon:
        raise errors.parameter_missing("promotion[coupon]")
    ctx.ref(coupon, "coupon", "promotion[coupon]")
    obj["promotion"] = {"coupon": coupon, "type": "coupon"}
    if "coupon" in params:  # older API versions show the coupon at the top level
        obj["coupon"] = ctx.space.get(coupon).obj  # type: ignore[union-attr]
    obj["code"] = obj.get("code") or ctx.ids.text(8, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789")


@creating("tax_rate")
def _new_tax_rate(ctx: Context, obj: dict[str, Any], params: dict[str, Any]) -> None:
    _require(params, "display_name", "percentage", "inclusive")
    obj["effective_percentage"] = obj.get("percentage")


@creating("product_feature")
def _new_product_feature(ctx: Context, obj: dict[str, Any], params: dict[str, Any]) -> None:
    feature = params.get("entitlement_feature")
    if not feature:
        raise errors.parameter_missing("entitlement_feature")
    obj["entitlement_feature"] = ctx.ref(
        feature, "entitlements.feature", "entitlement_feature"
    ).copy()


@creating("entitlements.feature")
def _new_feature(ctx: Context, obj: dict[str, Any], params: dict[str, Any]) -> None:
    _require(params, "name", "lookup_key")
    obj["active"] = True
