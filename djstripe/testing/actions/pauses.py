"""The end of a trial, as Stripe's clock would bring it (a test helper).

A trial that ends while the customer has no payment method follows
``trial_settings.end_behavior.missing_payment_method``: ``pause`` (status
``paused``, ``customer.subscription.paused``), ``cancel``, or ``create_invoice``
(the default: the subscription goes on, unpaid). ``POST /v1/subscriptions/{id}/resume``
(in :mod:`.billing`) resumes a paused one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import errors
from ..crud import update_object
from ..store import Space
from .billing import cancel_subscription
from .checkout import helper_context

if TYPE_CHECKING:
    from ..double import StripeDouble


def _has_payment_method(ctx: Any, subscription: dict[str, Any]) -> bool:
    if subscription.get("default_payment_method") or subscription.get("default_source"):
        return True
    customer = ctx.space.get(subscription.get("customer") or "")
    settings = (customer.obj.get("invoice_settings") or {}) if customer else {}
    return bool(
        settings.get("default_payment_method") or (customer and customer.obj.get("default_source"))
    )


def end_trial(double: StripeDouble, subscription_id: str, space: Space) -> dict[str, Any]:
    ctx = helper_context(double, space)
    try:
        with double.store.lock:
            record = ctx.get(subscription_id, "subscription")
            if record.obj.get("status") != "trialing":
                raise errors.invalid_state(f"Subscription {subscription_id} is not trialing.")
            now = ctx.now()
            behavior = ((record.obj.get("trial_settings") or {}).get("end_behavior") or {}).get(
                "missing_payment_method"
            ) or "create_invoice"
            if _has_payment_method(ctx, record.obj) or behavior == "create_invoice":
                record = update_object(ctx, record, trial_end=now, status="active")
            elif behavior == "cancel":
                record = cancel_subscription(
                    ctx, update_object(ctx, record, emit=False, trial_end=now)
                )
            else:
                record = update_object(ctx, record, trial_end=now, status="paused")
                ctx.emit("customer.subscription.paused", record.copy())
            result = record.copy()
    finally:
        double.dispatcher.dispatch(ctx.emitted)
    return result
