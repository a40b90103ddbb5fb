"""Subscription.objects: status filters, date ranges, summaries and churn."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from djstripe.models import Subscription

UTC = datetime.UTC
pytestmark = pytest.mark.django_db


def make(stripe_id: str, status: str, **fields) -> Subscription:
    return Subscription.objects.create(id=stripe_id, status=status, livemode=False, **fields)


@pytest.fixture
def rows():
    march = datetime.datetime(2024, 3, 15, tzinfo=UTC)
    return {
        "active": make("sub_a", "active", start_date=march),
        "active_april": make("sub_b", "active", start_date=march.replace(month=4)),
        "trialing": make(
            "sub_t", "trialing", start_date=march, trial_end=timezone.now() + datetime.timedelta(3)
        ),
        "past_due": make("sub_p", "past_due"),
        "canceled_march": make("sub_c1", "canceled", canceled_at=march),
        "canceled_december": make(
            "sub_c2", "canceled", canceled_at=datetime.datetime(2024, 12, 31, 23, tzinfo=UTC)
        ),
        "new_status": make("sub_n", "a_status_stripe_adds_later"),
    }


def ids(queryset) -> set[str]:
    return set(queryset.values_list("id", flat=True))


def test_status_filters(rows):
    assert ids(Subscription.objects.active()) == {"sub_a", "sub_b"}
    assert ids(Subscription.objects.trialing()) == {"sub_t"}
    assert ids(Subscription.objects.past_due()) == {"sub_p"}
    assert ids(Subscription.objects.canceled()) == {"sub_c1", "sub_c2"}
    assert ids(Subscription.objects.incomplete()) == set()


def test_canceled_during_a_month_in_djstripes_form(rows):
    assert ids(Subscription.objects.canceled_during(2024, 3)) == {"sub_c1"}
    assert ids(Subscription.objects.canceled_during(2024, 12)) == {"sub_c2"}
    assert ids(Subscription.objects.canceled_during(2024, 11)) == set()


def test_canceled_during_a_datetime_range(rows):
    start = datetime.datetime(2024, 3, 1, tzinfo=UTC)
    end = datetime.datetime(2025, 1, 1, tzinfo=UTC)
    assert ids(Subscription.objects.canceled_during(start, end)) == {"sub_c1", "sub_c2"}


def test_started_during_leaves_out_trials(rows):
    assert ids(Subscription.objects.started_during(2024, 3)) == {"sub_a"}
    assert ids(Subscription.objects.started_during(2024, 4)) == {"sub_b"}


def test_expiring_trials(rows):
    assert ids(Subscription.objects.expiring_trials(days=7)) == {"sub_t"}
    assert ids(Subscription.objects.expiring_trials(days=1)) == set()


def test_churn(rows):
    assert Subscription.objects.churn() == Decimal(1)  # two canceled per two active


def test_churn_without_active_subscriptions(db):
    make("sub_c", "canceled")
    assert Subscription.objects.churn() == Decimal(0)


def test_plan_summaries(rows):
    assert list(Subscription.objects.active_plan_summary()) == [{"plan": None, "count": 2}]
    assert list(Subscription.objects.canceled_plan_summary_for(2024, 3)) == [
        {"plan": None, "count": 1}
    ]


def test_related_manager_has_the_filters(customer, rows):
    Subscription.objects.filter(id__in=["sub_a", "sub_p"]).update(customer=customer)
    assert ids(customer.subscriptions.active()) == {"sub_a"}
