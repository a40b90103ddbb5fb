"""Subscriptions and catalog: fields that moved between API versions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...fields import stripe_id_of
from .table import Derive, Moved, list_items, register

# --- Subscriptions and catalog ------------------------------------------------------------


def _number(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _items_period(key: str, pick: Callable[[list[int]], int]) -> Derive:
    """A subscription's period from its items' periods (the span that covers them all)."""

    def derive(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
        values = [_number(item.get(key)) for item in list_items(data, "items")]
        found = [value for value in values if value is not None]
        return pick(found) if found else None

    return derive


def _from_parent(key: str) -> Derive:
    """An embedded child's value from its parent's top-level field (older versions)."""

    def derive(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
        return parent.get(key) if isinstance(parent, dict) else None

    return derive


def _single_item(key: str) -> Derive:
    """A field of a subscription's only item (the old top-level single-plan fields)."""

    def derive(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
        embedded = data.get("items")
        if isinstance(embedded, dict) and embedded.get("has_more"):
            return None
        items = list_items(data, "items")
        return items[0].get(key) if len(items) == 1 else None

    return derive


register(
    Moved(
        "Subscription",
        "current_period_start",
        ("current_period_start",),
        "2025-03-31.basil",
        "Moved to the subscription items; the subscription's is the earliest item's.",
        derive=_items_period("current_period_start", min),
    ),
    Moved(
        "Subscription",
        "current_period_end",
        ("current_period_end",),
        "2025-03-31.basil",
        "Moved to the subscription items; the subscription's is the latest item's.",
        derive=_items_period("current_period_end", max),
    ),
    Moved(
        "SubscriptionItem",
        "current_period_start",
        ("current_period_start",),
        "2025-03-31.basil",
        "Before, only the subscription had it: items take their parent's.",
        derive=_from_parent("current_period_start"),
    ),
    Moved(
        "SubscriptionItem",
        "current_period_end",
        ("current_period_end",),
        "2025-03-31.basil",
        "Before, only the subscription had it: items take their parent's.",
        derive=_from_parent("current_period_end"),
    ),
    Moved(
        "Subscription",
        "plan",
        ("plan",),
        "",
        "Top-level plan of single-plan subscriptions in older versions (2017-era and "
        "2020-08-27 shapes); current versions show it on the items only.",
        derive=_single_item("plan"),
    ),
    Moved(
        "Subscription",
        "quantity",
        ("quantity",),
        "",
        "Top-level quantity of single-plan subscriptions in older versions; current "
        "versions show it on the items only.",
        derive=_single_item("quantity"),
    ),
    Moved(
        "Subscription",
        "collection_method",
        ("collection_method", "billing"),
        "2019-10-17",
        "billing was renamed collection_method.",
    ),
    Moved(
        "Plan",
        "nickname",
        ("nickname", "name"),
        "2018-02-05",
        "Plans gave their name to products; an older plan's name is kept as its nickname.",
    ),
    Moved(
        "Discount",
        "coupon",
        ("source.coupon", "coupon"),
        "2025-09-30.clover",
        "The auto-expanded coupon became source.coupon (an id unless expanded).",
    ),
    Moved(
        "PromotionCode",
        "coupon",
        ("promotion.coupon", "coupon"),
        "2025-09-30.clover",
        "The coupon moved into the polymorphic promotion hash.",
    ),
    Moved(
        "TaxId",
        "customer",
        ("owner.customer", "customer"),
        "",
        "Tax ids gained an owner (customer, account, application or self) when accounts "
        "could hold tax ids; older ones only name the customer.",
    ),
)


def _one_discount(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
    """The subscription's discount when it lists exactly one (an id unless expanded)."""
    found = [entry for entry in data.get("discounts") or [] if entry]
    return found[0] if len(found) == 1 else None


def _discounts_of_single(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
    single = data.get("discount")
    return [single] if single else []


register(
    Moved(
        "Subscription",
        "discount",
        ("discount",),
        "2025-03-31.basil",
        "Removed in favour of discounts; the only listed discount stands in for it.",
        derive=_one_discount,
    ),
    Moved(
        "Subscription",
        "discounts",
        ("discounts",),
        "",
        "Added for stackable discounts; older data has only discount.",
        derive=_discounts_of_single,
    ),
)


def _price_of_plan(data: dict[str, Any], parent: dict[str, Any] | None) -> Any:
    """Items from before prices name only their plan, and a plan's id is its price's id."""
    return stripe_id_of(data.get("plan"))


register(
    Moved(
        "SubscriptionItem",
        "price",
        ("price",),
        "",
        "Prices (2020) came after plans; an older item's plan is also a price, same id.",
        derive=_price_of_plan,
    ),
)
