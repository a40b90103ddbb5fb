"""A generated account mirrored today: its active subscriptions are valid today."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from djstripe.models import Customer, Subscription

pytestmark = pytest.mark.django_db


def test_active_subscriptions_of_a_generated_account_are_valid_today(stripe_double: Any) -> None:
    stripe_double.generate_account(customers=20, seed=4)  # relative to the double's clock: now

    call_command("djstripe_sync_models", "Customer", "Subscription", verbosity=0)

    active = list(Subscription.objects.filter(status="active"))
    assert len(active) >= 15  # about 9 in 10 paid their last invoice
    assert all(subscription.is_valid() for subscription in active)
    customer = Customer.objects.get(id=active[0].customer_id)
    assert customer.has_any_active_subscription()
    assert customer.active_subscriptions.get() == active[0]
