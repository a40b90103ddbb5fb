"""The product catalog of a generated account: products with recurring and one-time prices."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from .naming import DAY, Namer

PRODUCT_NAMES = (
    "Starter",
    "Team",
    "Business",
    "Enterprise",
    "Analytics Add-on",
    "Storage Add-on",
    "Support Plus",
    "API Access",
    "Compliance Pack",
    "Data Export",
    "Audit Log",
    "Single Sign-On",
    "Priority Queue",
    "Backups",
)
AMOUNTS = (500, 900, 1500, 2000, 2900, 4900, 9900, 19900)
#: How long before the reference time the catalog was created: before any customer
#: (the oldest subscription started four 30-day periods ago).
CATALOG_AGE = 150 * DAY


@dataclass
class Catalog:
    products: list[dict[str, Any]] = field(default_factory=list)
    prices: list[dict[str, Any]] = field(default_factory=list)
    monthly: list[dict[str, Any]] = field(default_factory=list)
    one_time: list[dict[str, Any]] = field(default_factory=list)
    by_product: dict[str, dict[str, Any]] = field(default_factory=dict)


def price(
    namer: Namer,
    product: dict[str, Any],
    created: int,
    amount: int,
    nickname: str,
    interval: str | None,
) -> dict[str, Any]:
    return {
        "id": namer.id("price"),
        "object": "price",
        "active": True,
        "billing_scheme": "per_unit",
        "created": created,
        "currency": "usd",
        "custom_unit_amount": None,
        "livemode": False,
        "lookup_key": None,
        "metadata": {},
        "nickname": nickname,
        "product": product["id"],
        "recurring": {
            "interval": interval,
            "interval_count": 1,
            "meter": None,
            "trial_period_days": None,
            "usage_type": "licensed",
        }
        if interval
        else None,
        "tax_behavior": "unspecified",
        "tiers_mode": None,
        "transform_quantity": None,
        "type": "recurring" if interval else "one_time",
        "unit_amount": amount,
        "unit_amount_decimal": str(amount),
    }


def make_catalog(seed: int, namer_for: Any, count: int, now: int) -> Catalog:
    """``count`` products, each with a monthly and a yearly price; every third a one-time fee."""
    rng = random.Random(f"{seed}:catalog")
    namer: Namer = namer_for(rng)
    catalog = Catalog()
    moment = now - CATALOG_AGE
    for position in range(count):
        moment += 600
        name = PRODUCT_NAMES[position % len(PRODUCT_NAMES)]
        if position >= len(PRODUCT_NAMES):
            name = f"{name} {position // len(PRODUCT_NAMES) + 1}"
        product: dict[str, Any] = {
            "id": namer.id("prod"),
            "object": "product",
            "active": True,
            "created": moment,
            "default_price": None,
            "description": f"{name} plan",
            "images": [],
            "livemode": False,
            "marketing_features": [],
            "metadata": {},
            "name": name,
            "package_dimensions": None,
            "shippable": None,
            "statement_descriptor": None,
            "tax_code": None,
            "type": "service",
            "unit_label": None,
            "updated": moment + 60,
            "url": None,
        }
        amount = rng.choice(AMOUNTS)
        monthly = price(namer, product, moment + 10, amount, f"{name} monthly", "month")
        yearly = price(namer, product, moment + 11, amount * 10, f"{name} yearly", "year")
        product["default_price"] = monthly["id"]
        new_prices = [monthly, yearly]
        if position % 3 == 0:
            fee = price(namer, product, moment + 12, amount * 2, f"{name} setup fee", None)
            new_prices.append(fee)
            catalog.one_time.append(fee)
        catalog.monthly.append(monthly)
        catalog.products.append(product)
        catalog.prices.extend(new_prices)
        catalog.by_product[product["id"]] = product
    if not catalog.one_time:  # invoice items need at least one one-time price
        fee = price(namer, catalog.products[0], moment + 13, 1500, "Onboarding", None)
        catalog.one_time.append(fee)
        catalog.prices.append(fee)
    return catalog
