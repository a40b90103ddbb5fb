"""Every Stripe field that moved between API versions, and where to read it now.

This is the one place that knows Stripe's history. For each column it lists the
paths to try, the current API version's first: the first path present in the
data wins, so data rendered at any version maps to the same columns. A
``derive`` function covers values that must be computed (a subscription's
current period, which moved to its items). ``sticky`` marks links that other
objects fill in later (an invoice's charge, known only from its payments on
current versions): a payload that lacks them does not erase them.

Dates are the API versions that made the change (https://docs.stripe.com/upgrades).
"""

from __future__ import annotations

from ...dotted import first_present

# Each area's module registers its entries into the table when imported.
from . import connect, core, events, invoicing, payments, subscriptions  # noqa: F401
from .table import Derive, Moved, entries, list_items, lookup, register

__all__ = ["Derive", "Moved", "entries", "first_present", "list_items", "lookup", "register"]
