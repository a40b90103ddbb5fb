"""Generate realistic Stripe accounts of any size, deterministically.

``generate_account(customers=N, seed=S)`` returns the objects (no server
needed); ``StripeDouble.generate_account`` loads them into a double.  Shapes
follow API version 2026-10-28.endive, or 2020-08-27 with
``api_version_shape="2020-08-27"`` (see shapes.py).

Per customer: a card PaymentMethod set as the invoice default, one
subscription with 1-3 items, 2-4 monthly invoices with lines (and invoice
items), and for each paid invoice a PaymentIntent, a Charge, a
BalanceTransaction and an InvoicePayment.  Every 10th customer had a payment
half refunded; every 25th has a first invoice with more than 10 lines.

Times are relative to ``now`` (default: the current time), so the account looks
the same whenever it is generated: its subscriptions are in their current
period, and ``active`` ones are valid today.  The same seed and ``now`` give the
same objects.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Any

from ..events import DEFAULT_EVENT_VERSION
from ..store import Record, Space, Store, make_key
from .catalog import make_catalog
from .customer import make_customer
from .naming import Namer, random_text
from .shapes import OLD_VERSION, to_2020_08_27

SHAPES = ("current", OLD_VERSION)
#: Load order: parents after children would not matter, but objects keep this order.
ORDER = (
    "product",
    "price",
    "customer",
    "payment_method",
    "subscription",
    "subscription_item",
    "invoiceitem",
    "invoice",
    "line_item",
    "payment_intent",
    "charge",
    "refund",
    "balance_transaction",
    "invoice_payment",
)


@dataclass
class GeneratedAccount:
    """The objects of a generated account, by object name, and its events."""

    account_id: str
    objects: dict[str, list[dict[str, Any]]]
    events: list[dict[str, Any]]
    options: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> dict[str, Any]:
        counts = {name: len(objs) for name, objs in self.objects.items()}
        counts["event"] = len(self.events)
        large = [i["id"] for i in self.objects.get("invoice", []) if i["lines"]["has_more"]]
        return {
            "account": self.account_id,
            "customers": self.options.get("customers"),
            "objects": sum(counts.values()),
            "counts": counts,
            "large_invoices": large,
            "seconds": round(self.seconds, 3),
            "api_version_shape": self.options.get("api_version_shape"),
            "now": self.options.get("now"),
        }


def generate_account(
    customers: int = 100,
    seed: int = 0,
    *,
    event_customers: int | None = None,
    products: int = 10,
    api_version_shape: str = "current",
    account_id: str | None = None,
    now: int | None = None,
) -> GeneratedAccount:
    """Generate an account with ``customers`` customers, its times relative to ``now``
    (epoch seconds; default: the current time). Same seed and ``now``, same objects."""
    if api_version_shape not in SHAPES:
        raise ValueError(f"api_version_shape must be one of {SHAPES}")
    now = int(time.time()) if now is None else int(now)
    started = time.perf_counter()
    rng = random.Random(f"{seed}:account")
    fragment = random_text(rng, 10)
    account_id = account_id or f"acct_1{random_text(rng, 5)}{fragment}"

    def namer_for(customer_rng: random.Random) -> Namer:
        return Namer(customer_rng, fragment)

    catalog = make_catalog(seed, namer_for, max(products, 1), now)
    objects: dict[str, list[dict[str, Any]]] = {
        "product": catalog.products,
        "price": catalog.prices,
    }
    specs = []
    event_customers = min(customers, 100) if event_customers is None else event_customers
    for index in range(customers):
        out = make_customer(seed, index, namer_for, catalog, account_id, now)
        for name, found in out.objects.items():
            objects.setdefault(name, []).extend(found)
        if index < event_customers:
            specs.extend(out.events)
    version = DEFAULT_EVENT_VERSION
    if api_version_shape == OLD_VERSION:
        to_2020_08_27(objects)
        version = OLD_VERSION
    events = _events(seed, fragment, specs, version)
    options = {
        "customers": customers,
        "seed": seed,
        "event_customers": event_customers,
        "products": products,
        "api_version_shape": api_version_shape,
        "now": now,
    }
    ordered = {name: objects[name] for name in ORDER if name in objects}
    return GeneratedAccount(account_id, ordered, events, options, time.perf_counter() - started)


def _events(seed: int, fragment: str, specs: list, version: str) -> list[dict[str, Any]]:
    namer = Namer(random.Random(f"{seed}:events"), fragment)
    specs.sort(key=lambda spec: spec[0])
    events = []
    for created, event_type, obj, previous, request in specs:
        data: dict[str, Any] = {"object": obj}
        if previous is not None:
            data["previous_attributes"] = previous
        events.append(
            {
                "id": namer.id("evt"),
                "object": "event",
                "api_version": version,
                "created": created,
                "data": data,
                "livemode": False,
                "pending_webhooks": 0,
                "request": request or {"id": None, "idempotency_key": None},
                "type": event_type,
            }
        )
    return events


def load_generated(
    store: Store, space: Space, generated: GeneratedAccount, pre_encode: bool = True
) -> int:
    """Add a generated account's objects and events to ``space``; return how many.

    One sort per collection instead of an insertion per object keeps 60,000
    objects to well under a second.  ``pre_encode`` encodes every object's JSON
    now rather than on its first list page: a backfill reads each object about
    once, so encoding on demand would halve the pages served per second.
    """
    everything = [obj for objs in (*generated.objects.values(), generated.events) for obj in objs]
    first = store.seq + 1
    store.seq += len(everything)
    records = [
        Record(obj, make_key(obj, first + position), None)
        for position, obj in enumerate(everything)
    ]
    if pre_encode:
        for record in records:
            _ = record.encoded
    space.load_sorted(records)
    return len(everything)
