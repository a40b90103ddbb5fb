"""Paused subscriptions: pause()/resume() through the double, and what counts as valid."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from djstripe import stripe_api
from djstripe.models import Subscription

from .conftest import create


@pytest.fixture
def subscription(paying_customer, monthly_price):
    return paying_customer.subscribe(price=monthly_price["id"])


def test_pause_mirrors_pause_collection_as_columns(subscription, stripe_double):
    resumes = timezone.now().replace(microsecond=0) + datetime.timedelta(days=30)

    paused = subscription.pause(behavior="mark_uncollectible", resumes_at=resumes)

    remote = stripe_double.get(subscription.id)["pause_collection"]
    assert remote == {"behavior": "mark_uncollectible", "resumes_at": int(resumes.timestamp())}
    assert paused.pause_collection_behavior == "mark_uncollectible"
    assert paused.pause_collection_resumes_at == resumes
    assert subscription.pause_collection_behavior == "mark_uncollectible"  # refreshed
    assert Subscription.objects.filter(pause_collection_behavior="mark_uncollectible").count() == 1


def test_a_paused_subscription_is_not_valid_unless_asked(subscription):
    customer = subscription.customer
    assert subscription.is_valid() and customer.has_any_active_subscription()

    subscription.pause()

    assert subscription.status == "active"
    assert subscription.is_paused
    assert not subscription.is_valid()
    assert subscription.is_valid(include_paused=True)
    assert not customer.has_any_active_subscription()
    assert customer.has_any_active_subscription(include_paused=True)
    assert list(customer.active_subscriptions) == []
    assert not Subscription.objects.active().exists()
    assert Subscription.objects.active(include_paused=True).get() == subscription
    assert Subscription.objects.paused().get() == subscription
    assert not Subscription.objects.valid().exists()
    assert Subscription.objects.valid(include_paused=True).get() == subscription


def test_resume_clears_the_pause(subscription, stripe_double):
    subscription.pause(behavior="keep_as_draft")

    resumed = subscription.resume()

    assert stripe_double.get(subscription.id)["pause_collection"] is None
    assert resumed.pause_collection_behavior == ""
    assert resumed.pause_collection_resumes_at is None
    assert subscription.is_valid() and not subscription.is_paused
    assert Subscription.objects.active().get() == subscription


def test_a_pause_past_its_resume_date_no_longer_counts(subscription, stripe_double):
    """Stripe resumes at ``resumes_at``; the mirror does not wait for the webhook."""
    soon = timezone.now() + datetime.timedelta(hours=1)
    subscription.pause(resumes_at=soon)
    assert not subscription.is_valid()

    later = soon + datetime.timedelta(minutes=1)
    assert (
        Subscription.objects.filter(pk=subscription.pk)
        .exclude(pk__in=Subscription.objects.active())
        .exists()
    )
    from djstripe.billing import pauses

    assert Subscription.objects.filter(pauses.valid(now=later)).get() == subscription


def test_a_pause_made_in_the_portal_reaches_the_mirror_by_webhook(subscription, deliver):
    """A pause made elsewhere (the customer portal, the dashboard) arrives as
    ``customer.subscription.updated``."""
    deliver()
    stripe_api.request(
        "post",
        f"/v1/subscriptions/{subscription.id}",
        {"pause_collection": {"behavior": "void"}},
    )
    assert set(deliver()) == {200}

    subscription.refresh_from_db()
    assert subscription.pause_collection_behavior == "void"
    assert not subscription.is_valid()
    assert not subscription.customer.has_any_active_subscription()


def test_pause_refuses_bad_arguments(subscription):
    with pytest.raises(ValueError, match="behavior must be one of"):
        subscription.pause(behavior="sleep")
    with pytest.raises(ValueError, match="in the future"):
        subscription.pause(resumes_at=timezone.now() - datetime.timedelta(days=1))
    with pytest.raises(ValueError, match="aware"):
        subscription.pause(resumes_at=datetime.datetime(2030, 1, 1))  # noqa: DTZ001


def test_a_trial_that_ends_without_a_payment_method_is_paused_then_resumed(
    customer, monthly_price, stripe_double, deliver
):
    subscription = customer.subscribe(
        price=monthly_price["id"],
        trial_period_days=7,
        trial_settings={"end_behavior": {"missing_payment_method": "pause"}},
    )
    assert subscription.status == "trialing" and subscription.is_valid()

    deliver()
    stripe_double.end_trial(subscription.id)
    assert set(deliver()) == {200}  # customer.subscription.updated, .paused
    subscription.refresh_from_db()

    assert subscription.status == "paused"
    assert subscription.is_paused and not subscription.is_valid(include_paused=True)
    assert Subscription.objects.paused().get() == subscription
    assert not customer.has_any_active_subscription(include_paused=True)

    method = create("/v1/payment_methods", type="card", card={"token": "tok_visa"})
    customer.add_payment_method(method["id"])
    resumed = subscription.resume()

    assert resumed.status == "active"
    assert stripe_double.get(subscription.id)["status"] == "active"
    assert customer.has_any_active_subscription()


def test_resume_of_a_running_subscription_changes_nothing(subscription, stripe_double):
    before = stripe_double.total_requests
    assert subscription.resume() is subscription
    assert stripe_double.total_requests == before


def test_a_trial_set_to_cancel_is_canceled_at_its_end(customer, monthly_price, stripe_double):
    subscription = customer.subscribe(
        price=monthly_price["id"],
        trial_period_days=7,
        trial_settings={"end_behavior": {"missing_payment_method": "cancel"}},
    )
    assert stripe_double.end_trial(subscription.id)["status"] == "canceled"
