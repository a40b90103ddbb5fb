"""What a customer is billed: subscriptions, one-off charges, invoice items, invoices.

The functions behind :class:`~djstripe.models.Customer`'s billing methods of the same
names (``customer`` is a Customer row).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import stripe
from django.db.models import Q, QuerySet
from django.utils import timezone

from .. import stripe_api
from ..billing import tax
from ..currency import to_minor_units
from ..exceptions import MultipleSubscriptionException
from . import calls
from .calls import stripe_id

#: Statuses of subscriptions the customer is not (yet, or any more) paying for.
NOT_VALID_STATUSES = ("canceled", "incomplete", "incomplete_expired")


def subscribe(customer: Any, *, items: list[Any] | None, price: Any, **kwargs: Any) -> Any:
    """Subscribe ``customer`` to ``price`` or ``items``; see ``Customer.subscribe``."""
    subscriptions = calls.model("Subscription")
    if items and price:
        raise TypeError("subscribe() takes items= or price=, not both.")
    if not items and not price:
        raise TypeError("subscribe() needs items= or price=.")
    lines = [{"price": stripe_id(price)}] if price else [_subscription_item(i) for i in items or ()]
    api_key, account = calls.routing(customer, kwargs)
    params = tax.apply_to_subscription({"customer": customer.id, "items": lines, **kwargs})
    return calls.write(
        subscriptions,
        "post",
        subscriptions.api_path,
        params,
        api_key=api_key,
        stripe_account=account,
    )


def charge(
    customer: Any, amount: Decimal, *, application_fee: Decimal | None, source: Any, **kwargs: Any
) -> Any:
    """Charge ``customer`` ``amount`` in major units; see ``Customer.charge``."""
    charges = calls.model("Charge")
    if not isinstance(amount, Decimal):
        raise ValueError("amount must be a Decimal in the currency's major unit.")
    api_key, account = calls.routing(customer, kwargs)
    currency = kwargs.pop("currency", None) or customer.currency or None
    params = {
        "customer": customer.id,
        "amount": to_minor_units(amount, currency),
        "currency": currency,
        "source": stripe_id(source),
        **kwargs,
    }
    if application_fee is not None:
        params["application_fee_amount"] = to_minor_units(application_fee, currency)
    return calls.write(
        charges, "post", charges.api_path, params, api_key=api_key, stripe_account=account
    )


def add_invoice_item(
    customer: Any,
    amount: Decimal,
    currency: str,
    *,
    description: str | None,
    discountable: bool | None,
    invoice: Any,
    metadata: dict[str, Any] | None,
    subscription: Any,
) -> Any:
    """Add an invoice item to ``customer``; see ``Customer.add_invoice_item``."""
    invoice_items = calls.model("InvoiceItem")
    if not isinstance(amount, Decimal):
        raise ValueError("amount must be a Decimal in the currency's major unit.")
    params = {
        "customer": customer.id,
        "amount": to_minor_units(amount, currency),
        "currency": currency,
        "description": description,
        "discountable": discountable,
        "invoice": stripe_id(invoice),
        "metadata": metadata,
        "subscription": stripe_id(subscription),
    }
    api_key, account = calls.routing(customer, {})
    return calls.write(
        invoice_items,
        "post",
        invoice_items.api_path,
        params,
        api_key=api_key,
        stripe_account=account,
    )


# ---- Subscriptions ----
def valid_subscription_rows(customer: Any, include_paused: bool = False) -> QuerySet:
    """Subscriptions that are valid (``Subscription.is_valid``): status and period
    current and, unless ``include_paused``, payment collection not paused."""
    return customer.subscriptions.valid(include_paused=include_paused)


def is_subscribed_to(customer: Any, product: Any) -> bool:
    """Whether a valid subscription of ``customer`` has an item for ``product``."""
    product_id = stripe_id(product)
    return (
        calls.model("SubscriptionItem")
        .objects.filter(
            Q(price__product_id=product_id) | Q(plan__product_id=product_id),
            subscription__in=valid_subscription_rows(customer),
        )
        .exists()
    )


def has_active_subscription(customer: Any, plan: Any) -> bool:
    """Whether a valid subscription is to ``plan`` (row or id: the subscription's plan,
    or an item's plan or price); without ``plan``, whether there is one valid
    subscription (several raise ``TypeError``: name the plan then)."""
    valid = valid_subscription_rows(customer)
    if plan is None:
        count = valid[:2].count()
        if count > 1:
            raise TypeError(
                f"Customer {customer.id} has several valid subscriptions: "
                "has_active_subscription() needs plan= to tell which."
            )
        return count == 1
    plan_id = stripe_id(plan)
    return valid.filter(
        Q(plan_id=plan_id) | Q(items__plan_id=plan_id) | Q(items__price_id=plan_id)
    ).exists()


def has_any_active_subscription(customer: Any, include_paused: bool = False) -> bool:
    """Whether any subscription of ``customer`` is valid (paused ones count only with
    ``include_paused``)."""
    return valid_subscription_rows(customer, include_paused).exists()


def active_subscriptions(customer: Any) -> QuerySet:
    """Status ``active``, current period not ended, payment collection not paused."""
    return customer.subscriptions.active().filter(current_period_end__gt=timezone.now())


def valid_subscriptions(customer: Any) -> QuerySet:
    """Subscriptions that are not canceled, incomplete or incomplete_expired."""
    return customer.subscriptions.exclude(status__in=NOT_VALID_STATUSES)


def single_subscription(customer: Any) -> Any:
    """The one valid subscription of ``customer``, or None; see ``Customer.subscription``."""
    rows = list(valid_subscriptions(customer)[:2])
    if len(rows) > 1:
        raise MultipleSubscriptionException(
            f"Customer {customer.id} has several valid subscriptions; use "
            "customer.valid_subscriptions to choose one."
        )
    return rows[0] if rows else None


# ---- Invoices ----
def upcoming_invoice(customer: Any, **kwargs: Any) -> Any:
    """A preview of the customer's next invoice (``Invoice.upcoming``)."""
    kwargs["customer"] = customer
    return calls.model("Invoice").upcoming(**kwargs)


def send_invoice(customer: Any, **kwargs: Any) -> bool:
    """Invoice the pending items of ``customer`` and pay; see ``Customer.send_invoice``."""
    invoices = calls.model("Invoice")
    api_key, account = calls.routing(customer, kwargs)
    try:
        created = calls.send(
            "post",
            invoices.api_path,
            {"customer": customer.id, "pending_invoice_items_behavior": "include"},
            api_key=api_key,
            stripe_account=account,
        )
    except stripe.InvalidRequestError:
        return False
    invoice_path = invoices.retrieve_path(created.data["id"])
    if not _has_lines(created.data):
        calls.send("delete", invoice_path, api_key=api_key, stripe_account=account)
        return False
    try:
        paid = calls.send(
            "post", f"{invoice_path}/pay", kwargs, api_key=api_key, stripe_account=account
        )
    except stripe.InvalidRequestError:
        calls.sync(invoices, created, api_key=api_key, stripe_account=account)
        return False
    calls.sync(invoices, paid, api_key=api_key, stripe_account=account)
    return True


def retry_unpaid_invoices(customer: Any) -> None:
    """Pay every open invoice of ``customer``, oldest first; see the model's method."""
    invoices = calls.model("Invoice")
    api_key, account = calls.routing(customer, {})
    query = {"customer": customer.id, "status": "open"}
    open_ids = [
        invoice["id"]
        for page in stripe_api.pages(
            invoices.api_path, query, api_key=api_key, stripe_account=account
        )
        for invoice in page.objects
    ]
    for invoice_id in reversed(open_ids):  # oldest first
        path = f"{invoices.retrieve_path(invoice_id)}/pay"
        calls.write(invoices, "post", path, api_key=api_key, stripe_account=account)


def _subscription_item(item: Any) -> dict[str, Any]:
    if not isinstance(item, dict):
        return {"price": stripe_id(item)}
    entry = dict(item)
    for name in ("price", "plan"):
        if name in entry:
            entry[name] = stripe_id(entry[name])
    return entry


def _has_lines(invoice: dict[str, Any]) -> bool:
    lines = invoice.get("lines")
    if isinstance(lines, dict):
        return bool(lines.get("data")) or bool(lines.get("total_count"))
    return bool(lines)
