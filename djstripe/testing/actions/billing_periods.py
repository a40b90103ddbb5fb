"""Billing periods: calendar arithmetic for recurring prices, and plans from prices."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

DAY = 86400


def add_interval(timestamp: int, interval: str, count: int = 1) -> int:
    """``timestamp`` plus ``count`` intervals (day, week, month, year), in UTC.

    Months keep the day of month, clipped to the month's length (Jan 31 -> Feb 28),
    as Stripe's billing cycle does.
    """
    if interval == "day":
        return timestamp + count * DAY
    if interval == "week":
        return timestamp + count * 7 * DAY
    moment = dt.datetime.fromtimestamp(timestamp, dt.UTC)
    months = count * (12 if interval == "year" else 1)
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return int(moment.replace(year=year, month=month, day=day).timestamp())


def period_end(start: int, price: dict[str, Any]) -> int:
    recurring = price.get("recurring") or {"interval": "month", "interval_count": 1}
    return add_interval(
        start, recurring.get("interval") or "month", recurring.get("interval_count") or 1
    )


def next_period(item: dict[str, Any]) -> tuple[int, int]:
    """The period after a subscription item's current one."""
    start = item.get("current_period_end") or 0
    return start, period_end(start, item["price"])


def plan_from_price(price: dict[str, Any]) -> dict[str, Any] | None:
    """The legacy ``plan`` view of a recurring price (subscription items still show it)."""
    recurring = price.get("recurring")
    if not recurring:
        return None
    return {
        "id": price["id"],
        "object": "plan",
        "active": price.get("active", True),
        "amount": price.get("unit_amount"),
        "amount_decimal": price.get("unit_amount_decimal"),
        "billing_scheme": price.get("billing_scheme", "per_unit"),
        "created": price.get("created"),
        "currency": price.get("currency"),
        "interval": recurring.get("interval"),
        "interval_count": recurring.get("interval_count"),
        "livemode": price.get("livemode", False),
        "metadata": price.get("metadata") or {},
        "meter": recurring.get("meter"),
        "nickname": price.get("nickname"),
        "product": price.get("product"),
        "tiers_mode": price.get("tiers_mode"),
        "transform_usage": None,
        "trial_period_days": recurring.get("trial_period_days"),
        "usage_type": recurring.get("usage_type", "licensed"),
    }
