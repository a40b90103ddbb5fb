"""Everything that hangs off one generated customer, and the events of its lifecycle.

Each customer has its own random generator seeded from (seed, index), so the
first 200 customers of a 2,000-customer account are the 200-customer account.

Times are offsets from the reference time ``now``: each subscription started 1-3
monthly periods before the one that holds ``now`` (at least ``MIN_AGE`` into it), so
every object lies in the past and an ``active`` subscription is valid at ``now``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import billing, payments
from .catalog import Catalog
from .naming import CARDS, DAY, FIRST_NAMES, HEX, LAST_NAMES, Namer

MONTH = 30 * DAY
#: The current period of every subscription began at least this long before ``now`` (and
#: ends at least this long after it), so its invoice was finalized and paid by ``now``.
MIN_AGE = 3 * 3600
#: Customers are spread over the current period this far apart (plus up to as much again).
SPACING = 1800
#: Every LARGE_EVERY-th customer (from LARGE_OFFSET) gets a first invoice with > 10 lines.
LARGE_EVERY, LARGE_OFFSET = 25, 3
#: Every REFUND_EVERY-th customer (from REFUND_OFFSET) had half of a payment refunded.
REFUND_EVERY, REFUND_OFFSET = 10, 5

EventSpec = tuple[int, str, dict[str, Any], "dict[str, Any] | None", "dict[str, str] | None"]


@dataclass
class CustomerOutput:
    objects: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    events: list[EventSpec] = field(default_factory=list)

    def add(self, obj: dict[str, Any]) -> dict[str, Any]:
        self.objects.setdefault(obj["object"], []).append(obj)
        return obj


def customer_object(namer: Namer, index: int, created: int) -> dict[str, Any]:
    rng = namer.rng
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    return {
        "id": namer.id("cus"),
        "object": "customer",
        "address": namer.address(),
        "balance": 0,
        "business_name": None,
        "created": created,
        "currency": "usd",
        "customer_account": None,
        "default_source": None,
        "delinquent": False,
        "description": None,
        "discount": None,
        "email": f"{first}.{last}{index}@example.com".lower(),
        "individual_name": None,
        "invoice_credit_balance": {},
        "invoice_prefix": namer.text(8, HEX),
        "invoice_settings": {
            "custom_fields": None,
            "default_payment_method": None,
            "footer": None,
            "rendering_options": None,
        },
        "livemode": False,
        "metadata": {},
        "name": f"{first} {last}",
        "next_invoice_sequence": 1,
        "phone": None,
        "preferred_locales": [],
        "shipping": None,
        "tax_exempt": "none",
        "test_clock": None,
    }


def make_customer(
    seed: int,
    index: int,
    namer_for: Callable[[random.Random], Namer],
    catalog: Catalog,
    account_id: str,
    now: int,
) -> CustomerOutput:
    rng = random.Random(f"{seed}:customer:{index}")
    namer = namer_for(rng)
    out = CustomerOutput()
    invoices = rng.choice((2, 3, 3, 4))
    into_period = MIN_AGE + (index * SPACING + rng.randint(0, SPACING - 1)) % (MONTH - 2 * MIN_AGE)
    created = now - into_period - (invoices - 1) * MONTH - 20
    customer = out.add(customer_object(namer, index, created))
    request = namer.request
    out.events.append((created, "customer.created", dict(customer), None, request()))
    brand, last4 = rng.choice(CARDS)
    method = out.add(payments.card_payment_method(namer, customer, created + 5, brand, last4))
    out.events.append((created + 5, "payment_method.attached", method, None, request()))
    customer["invoice_settings"] = dict(
        customer["invoice_settings"], default_payment_method=method["id"]
    )
    out.events.append(
        (
            created + 6,
            "customer.updated",
            customer,
            {"invoice_settings": {"default_payment_method": None}},
            request(),
        )
    )
    sub = _subscription(
        namer, out, customer, method, catalog, created + 20, account_id, index, invoices
    )
    out.events = [
        (at, kind, sub if obj.get("_ref") == "subscription" else obj, prev, req)
        for at, kind, obj, prev, req in out.events
    ]
    out.events.append((created + 20, "customer.subscription.created", sub, None, request()))
    return out


def _subscription(
    namer: Namer,
    out: CustomerOutput,
    customer: dict[str, Any],
    method: dict[str, Any],
    catalog: Catalog,
    anchor: int,
    account_id: str,
    index: int,
    invoices: int,
) -> dict[str, Any]:
    rng = namer.rng
    sub_id = namer.id("sub")
    count = rng.choices((1, 2, 3), weights=(6, 3, 1))[0]
    prices = rng.sample(catalog.monthly, k=min(count, len(catalog.monthly)))
    items = [
        out.add(
            billing.subscription_item(namer, sub_id, price, anchor, rng.choice((1, 1, 1, 2, 5)))
        )
        for price in prices
    ]
    paid_all = True
    for number in range(invoices):
        large = number == 0 and index % LARGE_EVERY == LARGE_OFFSET
        last = number == invoices - 1
        paid = not (last and rng.random() < 0.10)
        paid_all = paid
        _invoice(
            namer,
            out,
            customer,
            method,
            catalog,
            sub_id,
            items,
            anchor + number * MONTH,
            number,
            paid,
            large,
            account_id,
        )
    period = (anchor + (invoices - 1) * MONTH, anchor + invoices * MONTH)
    for item in items:
        item["current_period_start"], item["current_period_end"] = period
    sub = out.add(billing.subscription(sub_id, customer, method, items, anchor))
    sub["latest_invoice"] = out.objects["invoice"][-1]["id"]
    sub["status"] = "active" if paid_all else "past_due"
    customer["next_invoice_sequence"] = invoices + 1
    if index % REFUND_EVERY == REFUND_OFFSET and out.objects.get("charge"):
        _refund(namer, out, out.objects["charge"][0])
    return sub


def _invoice(
    namer: Namer,
    out: CustomerOutput,
    customer: dict[str, Any],
    method: dict[str, Any],
    catalog: Catalog,
    sub_id: str,
    items: list[dict[str, Any]],
    created: int,
    number: int,
    paid: bool,
    large: bool,
    account_id: str,
) -> None:
    rng = namer.rng
    invoice_id = namer.id("in")
    period = (created, created + MONTH)
    lines = [
        billing.subscription_line(
            namer, invoice_id, item, catalog.by_product[item["price"]["product"]]["name"], period
        )
        for item in items
    ]
    extra = rng.randint(11, 24) if large else (1 if rng.random() < 0.5 else 0)
    for position in range(extra):
        price = rng.choice(catalog.one_time)
        ii = out.add(
            billing.invoice_item(
                namer,
                customer["id"],
                invoice_id,
                price,
                sub_id,
                created - 10,
                description=f"Usage {position + 1}" if large else None,
            )
        )
        lines.append(billing.invoice_item_line(namer, invoice_id, ii, price, sub_id))
    for line in lines:
        out.add(line)
    invoice = out.add(
        billing.invoice(
            namer,
            invoice_id,
            customer,
            sub_id,
            lines,
            created,
            f"{customer['invoice_prefix']}-{number + 1:04d}",
            number == 0,
            account_id,
        )
    )
    finalized = created + (0 if number == 0 else 3600)
    invoice.update(effective_at=finalized, webhooks_delivered_at=finalized)
    invoice["status_transitions"]["finalized_at"] = finalized
    out.events.append((created, "invoice.created", invoice, None, None))
    out.events.append((finalized, "invoice.finalized", invoice, None, None))
    if number > 0:
        out.events.append(
            (
                created,
                "customer.subscription.updated",
                {"_ref": "subscription"},
                {"latest_invoice": out.objects["invoice"][-2]["id"]},
                None,
            )
        )
    if paid:
        _pay(namer, out, invoice, method, finalized, number == 0)
    else:
        invoice.update(attempted=True, attempt_count=1, next_payment_attempt=created + 3 * DAY)


def _pay(
    namer: Namer,
    out: CustomerOutput,
    invoice: dict[str, Any],
    method: dict[str, Any],
    finalized: int,
    first: bool,
) -> None:
    paid_at = finalized + 12
    charge_id, txn_id = namer.id("ch"), namer.id("txn")
    intent = out.add(payments.payment_intent(namer, invoice, method, finalized, charge_id, first))
    charge = out.add(payments.charge(namer, intent, method, paid_at - 5, charge_id, txn_id))
    out.add(
        payments.balance_transaction(
            txn_id, charge_id, charge["amount"], paid_at - 5, charge["description"]
        )
    )
    invoice.update(
        status="paid",
        amount_paid=invoice["amount_due"],
        amount_remaining=0,
        attempted=True,
        attempt_count=1,
        auto_advance=False,
    )
    invoice["status_transitions"]["paid_at"] = paid_at
    out.add(billing.invoice_payment(namer, invoice, intent["id"], finalized, paid_at))
    out.events.append((finalized + 10, "payment_intent.succeeded", intent, None, None))
    out.events.append((paid_at - 5, "charge.succeeded", charge, None, None))
    out.events.append((paid_at, "invoice.paid", invoice, None, None))
    out.events.append((paid_at, "invoice.payment_succeeded", invoice, None, None))


def _refund(namer: Namer, out: CustomerOutput, charge: dict[str, Any]) -> None:
    amount = charge["amount"] // 2
    created = charge["created"] + 5 * DAY
    txn_id = namer.id("txn")
    refund = out.add(payments.refund(namer, charge, amount, created, txn_id))
    out.add(
        payments.balance_transaction(txn_id, refund["id"], -amount, created, "REFUND FOR CHARGE")
    )
    charge["amount_refunded"] = amount
    out.events.append((created, "refund.created", refund, None, None))
    out.events.append(
        (created, "charge.refunded", charge, {"amount_refunded": 0, "refunded": False}, None)
    )
