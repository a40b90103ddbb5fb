"""Subscription.update, extend, cancel, reactivate and the status predicates."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from djstripe.models import Subscription


@pytest.fixture
def subscription(paying_customer, monthly_price):
    return paying_customer.subscribe(price=monthly_price["id"])


def test_update_changes_the_price_of_an_item(subscription, yearly_price, stripe_double):
    [item] = subscription.items.all()

    updated = subscription.update(items=[{"id": item.id, "price": yearly_price["id"]}])

    assert [i.price_id for i in updated.items.all()] == [yearly_price["id"]]
    remote = stripe_double.get(subscription.id)
    assert remote["items"]["data"][0]["price"]["id"] == yearly_price["id"]


def test_update_metadata_refreshes_the_instance(subscription):
    subscription.update(metadata={"seats": "4"})
    assert subscription.metadata == {"seats": "4"}


def test_extend_moves_the_period_end_without_charging(subscription, stripe_double):
    end = subscription.current_period_end
    invoices_before = len(stripe_double.objects("invoice"))

    extended = subscription.extend(datetime.timedelta(days=10))

    assert extended.trial_end == end + datetime.timedelta(days=10)
    assert len(stripe_double.objects("invoice")) == invoices_before


def test_extend_refuses_a_negative_delta(subscription):
    with pytest.raises(ValueError, match="positive"):
        subscription.extend(datetime.timedelta(days=-1))


def test_cancel_now(subscription, stripe_double):
    canceled = subscription.cancel()
    assert canceled.status == "canceled"
    assert subscription.status == "canceled"
    assert stripe_double.get(subscription.id)["status"] == "canceled"
    assert Subscription.objects.get(id=subscription.id).ended_at is not None


def test_cancel_at_period_end_keeps_the_service_until_then(subscription, stripe_double):
    canceled = subscription.cancel(at_period_end=True)

    assert canceled.status == "active"
    assert canceled.cancel_at_period_end is True
    assert stripe_double.get(subscription.id)["cancel_at_period_end"] is True
    assert canceled.is_valid()
    assert canceled.is_status_temporarily_current()


def test_cancel_during_the_trial_is_immediate(paying_customer, monthly_price):
    subscription = paying_customer.subscribe(price=monthly_price["id"], trial_period_days=7)
    canceled = subscription.cancel(at_period_end=True)
    assert canceled.status == "canceled"


def test_cancel_an_already_canceled_subscription(subscription):
    subscription.cancel()
    again = subscription.cancel()
    assert again.status == "canceled"


def test_reactivate_undoes_a_scheduled_cancellation(subscription, stripe_double):
    subscription.cancel(at_period_end=True)

    reactivated = subscription.reactivate()

    assert reactivated.cancel_at_period_end is False
    assert stripe_double.get(subscription.id)["cancel_at_period_end"] is False
    assert not reactivated.is_status_temporarily_current()


# ---- predicates, on rows built locally ----

NOW = timezone.now()
DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("fields", "valid"),
    [
        ({"status": "active", "current_period_end": NOW + DAY}, True),
        ({"status": "trialing", "current_period_end": NOW - DAY, "trial_end": NOW + DAY}, True),
        ({"status": "active", "current_period_end": NOW - DAY}, False),
        ({"status": "past_due", "current_period_end": NOW + DAY}, False),
        ({"status": "canceled", "current_period_end": NOW + DAY}, False),
        ({"status": "active", "current_period_end": None}, False),
        ({"status": "a_status_stripe_adds_later", "current_period_end": NOW + DAY}, False),
    ],
)
def test_is_valid(fields, valid):
    subscription = Subscription(**fields)
    assert subscription.is_valid() is valid
    assert subscription.is_status_current() is (fields["status"] in ("active", "trialing"))


def test_is_status_temporarily_current():
    scheduled = {"status": "active", "canceled_at": NOW - DAY, "current_period_end": NOW + DAY}
    assert Subscription(cancel_at_period_end=True, **scheduled).is_status_temporarily_current()
    assert Subscription(cancel_at=NOW + DAY, **scheduled).is_status_temporarily_current()
    assert not Subscription(**scheduled).is_status_temporarily_current()
    ended = dict(scheduled, current_period_end=NOW - DAY)
    assert not Subscription(cancel_at_period_end=True, **ended).is_status_temporarily_current()
