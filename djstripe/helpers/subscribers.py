"""Subscribers and their customers in bulk: what the customer commands run.

``sync_subscriber`` is dj-stripe's ``djstripe.sync.sync_subscriber`` (also
importable from there): the subscriber's customer, made when missing, re-read
from Stripe with its subscriptions, invoices and charges.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .. import settings as djstripe_settings
from .. import stripe_api
from ..models import Customer
from ..sync import sync_read_page

#: What is listed per customer, in this order (subscriptions before the invoices
#: that reference them, invoices before the charges that pay them).
RELATED_MODELS = ("Subscription", "Invoice", "Charge")


def _mode(livemode: bool | None) -> bool:
    return djstripe_settings.live_mode() if livemode is None else bool(livemode)


def subscribers(pks: list[Any] | None = None) -> QuerySet:
    """The subscriber model's rows (only ``pks`` when given), in primary key order."""
    rows = djstripe_settings.subscriber_model()._default_manager.order_by("pk")
    return rows.filter(pk__in=pks) if pks else rows


def without_customer(rows: QuerySet, livemode: bool | None = None) -> QuerySet:
    """``rows`` (subscribers) that have no (not deleted) customer in this mode."""
    linked = Customer.objects.filter(
        livemode=_mode(livemode), deleted=False, subscriber__isnull=False
    ).values("subscriber_id")
    return rows.exclude(pk__in=linked)


def sync_subscriber(subscriber: Any, *, livemode: bool | None = None, related: bool = True) -> Any:
    """The subscriber's customer, created on Stripe when missing, else re-read from it.

    With ``related``, the customer's subscriptions (all statuses), invoices and
    charges are listed from Stripe and synced too, a page of 100 at a time.
    Stripe's errors are raised as they are.
    """
    customer, created = Customer.get_or_create(subscriber, livemode=_mode(livemode))
    if not created:
        customer = customer.resync()
    if related:
        sync_related(customer)
    return customer


def sync_related(customer: Any) -> dict[str, int]:
    """List and sync the customer's subscriptions, invoices and charges; count them."""
    from django.apps import apps

    api_key = customer.default_api_key
    account = customer._stripe_account_id()
    counts: dict[str, int] = {}
    for name in RELATED_MODELS:
        model = apps.get_model("djstripe", name)
        params: dict[str, Any] = {**model.list_params, "customer": customer.id}
        expand = list(model.list_expand or ())
        if expand:
            params["expand"] = expand
        counts[name] = 0
        for page in stripe_api.pages(
            model.api_path, params, api_key=api_key, stripe_account=account
        ):
            sync_read_page(model, page, api_key=api_key, stripe_account=account)
            counts[name] += len(page.objects)
    return counts
