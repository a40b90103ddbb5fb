"""Pruning: a complete listing deletes the rows of its partition it did not return."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest

from djstripe.models import Customer, Invoice, LineItem, Subscription, Tombstone

from djstripe.sync.report import Report

from .conftest import Accounts

pytestmark = pytest.mark.django_db


def _gone_upstream(small: Accounts, object_name: str, index: int = 0) -> str:
    """Delete an object on the double without any event (as after 30 days)."""
    stripe_id = small.double.objects(object_name)[index]["id"]
    assert small.double.delete_object(stripe_id)
    return stripe_id


def _later(small: Accounts) -> None:
    """Stripe's clock moves on between runs (a listing prunes only rows older than it)."""
    small.double.advance(3600)


def test_a_full_run_prunes_what_stripe_no_longer_has(
    small: Accounts, run: Callable[..., Report]
) -> None:
    run()
    invoice = next(i for i in small.double.objects("invoice") if i["lines"]["data"])
    assert small.double.delete_object(invoice["id"])
    customer = _gone_upstream(small, "customer", 3)
    subscription = _gone_upstream(small, "subscription")
    assert LineItem.objects.filter(invoice_id=invoice["id"]).exists()
    _later(small)
    report = run(full=True)
    assert report.status == "completed", report.errors
    # Hard deletion: the row and its children removed, a tombstone kept.
    assert not Invoice.objects.filter(id=invoice["id"]).exists()
    assert not LineItem.objects.filter(invoice_id=invoice["id"]).exists()
    assert Tombstone.objects.filter(stripe_id=invoice["id"]).exists()
    # Soft deletion (customers): kept, marked deleted.
    assert Customer.objects.get(id=customer).deleted is True
    # A subscription has no deleted state: removed, with a tombstone.
    assert not Subscription.objects.filter(id=subscription).exists()
    assert Tombstone.objects.filter(stripe_id=subscription).exists()
    pruned = {(p.model, p.account): p.ids for p in report.pruned}
    assert pruned[("Invoice", small.platform)] == (invoice["id"],)
    assert pruned[("Customer", small.platform)] == (customer,)
    assert pruned[("Subscription", small.platform)] == (subscription,)
    assert not report.pruned[0].dry_run
