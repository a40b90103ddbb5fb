"""Paused subscriptions: what "paused" means for access, and pausing or resuming.

Stripe has two kinds of pause:

* **Paused payment collection** (``pause_collection``, set through the API or the
  customer portal): the status stays ``active``, but Stripe does not collect: each
  new invoice is voided, marked uncollectible or kept as a draft (``behavior``),
  until ``resumes_at`` or until collection is resumed.
* **The ``paused`` status**: a trial ended without a payment method, with
  ``trial_settings.end_behavior.missing_payment_method="pause"``. No invoices are
  made until the subscription is resumed (``POST /v1/subscriptions/{id}/resume``).

By default djstripe counts neither as valid or active (``include_paused=True`` asks
for the status-only answer dj-stripe gave). A pause whose ``resumes_at`` has passed
no longer counts as a pause, even before the webhook saying so arrives.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

if TYPE_CHECKING:
    from ..models import Subscription

#: Values of ``pause_collection.behavior`` (Stripe's API reference).
BEHAVIORS = ("keep_as_draft", "mark_uncollectible", "void")
#: Statuses in which the customer has the service (dj-stripe's "current").
CURRENT_STATUSES = ("active", "trialing")


def pause_in_effect(now: datetime.datetime | None = None) -> Q:
    """Subscriptions whose payment collection is paused at ``now`` (default: now)."""
    now = now or timezone.now()
    return ~Q(pause_collection_behavior="") & (
        Q(pause_collection_resumes_at__isnull=True) | Q(pause_collection_resumes_at__gt=now)
    )


def paused(now: datetime.datetime | None = None) -> Q:
    """Subscriptions paused either way: collection paused, or status ``paused``."""
    return Q(status="paused") | pause_in_effect(now)


def valid(include_paused: bool = False, now: datetime.datetime | None = None) -> Q:
    """What :func:`is_valid` says, as a query: status and period current (not paused)."""
    now = now or timezone.now()
    condition = Q(status__in=CURRENT_STATUSES) & (
        Q(current_period_end__gt=now) | Q(trial_end__gt=now)
    )
    return condition if include_paused else condition & ~pause_in_effect(now)


def is_collection_paused(subscription: Subscription) -> bool:
    resumes_at = subscription.pause_collection_resumes_at
    return bool(subscription.pause_collection_behavior) and (
        resumes_at is None or resumes_at > timezone.now()
    )


def is_paused(subscription: Subscription) -> bool:
    return subscription.status == "paused" or is_collection_paused(subscription)


def is_valid(subscription: Subscription, *, include_paused: bool = False) -> bool:
    current = subscription.is_status_current() and subscription.is_period_current()
    return current and (include_paused or not is_collection_paused(subscription))
