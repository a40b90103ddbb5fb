"""What users do with a subscription: change, extend, cancel, reactivate, ask its state.

The functions behind :class:`~djstripe.models.Subscription`'s methods of the same names
(and :class:`~djstripe.models.SubscriptionSchedule`'s, at the end). Every change is
made on Stripe and the object Stripe answers with is synced before the function returns.
"""

from __future__ import annotations

import datetime
from typing import Any

import stripe
from django.utils import timezone

from ..billing import pauses
from . import calls

#: Statuses in which the customer has the service (dj-stripe's "current").
CURRENT_STATUSES = ("active", "trialing")


def _in_future(moment: datetime.datetime | None) -> bool:
    return moment is not None and moment > timezone.now()


# ---- Changes ----
def update(subscription: Any, **kwargs: Any) -> Any:
    """Change ``subscription`` on Stripe (Stripe's update parameters); return it."""
    api_key, account = calls.routing(subscription, kwargs)
    if "items" in kwargs:
        kwargs["items"] = [_item(entry) for entry in kwargs["items"]]
    return _write(subscription, "post", kwargs, api_key, account)


def extend(subscription: Any, delta: datetime.timedelta) -> Any:
    """Move the end of the trial (or current period) by ``delta``, without proration."""
    if delta.total_seconds() < 0:
        raise ValueError("delta must be a positive timedelta.")
    if _in_future(subscription.trial_end):
        period_end = subscription.trial_end
    else:
        period_end = subscription.current_period_end
    if period_end is None:
        raise ValueError(f"Subscription {subscription.id} has no period end to extend.")
    new_end = int((period_end + delta).timestamp())
    return subscription.update(proration_behavior="none", trial_end=new_end)


def cancel(subscription: Any, *, at_period_end: bool, **kwargs: Any) -> Any:
    """Cancel now or at the period's end (now while trialing); see ``Subscription.cancel``."""
    api_key, account = calls.routing(subscription, kwargs)
    if _in_future(subscription.trial_end):
        at_period_end = False
    if at_period_end:
        params = {"cancel_at_period_end": True, **kwargs}
        return _write(subscription, "post", params, api_key, account)
    try:
        return _write(subscription, "delete", kwargs, api_key, account)
    except stripe.InvalidRequestError as error:
        missing = getattr(error, "code", None) == "resource_missing"
        if not missing and "No such subscription" not in str(error):
            raise
    # Already canceled: Stripe still serves the object (or raises if it never existed).
    return _write(subscription, "get", {}, api_key, account)


def reactivate(subscription: Any) -> Any:
    """Undo a cancellation scheduled for later; return the subscription."""
    api_key, account = calls.routing(subscription, {})
    params: dict[str, Any] = {"cancel_at_period_end": False}
    if subscription.cancel_at and not subscription.cancel_at_period_end:
        params = {"cancel_at": ""}  # an explicit cancel date is cleared with ""
    return _write(subscription, "post", params, api_key, account)


def _write(
    subscription: Any, method: str, params: dict[str, Any], api_key: str, account: str | None
) -> Any:
    row = calls.write(
        type(subscription),
        method,
        subscription.retrieve_path(subscription.id),
        params,
        api_key=api_key,
        stripe_account=account,
    )
    subscription.refresh_from_db()
    return row


def _item(entry: Any) -> Any:
    if not isinstance(entry, dict):
        return {"price": calls.stripe_id(entry)}
    entry = dict(entry)
    for name in ("price", "plan"):
        if name in entry:
            entry[name] = calls.stripe_id(entry[name])
    return entry


# ---- State ----
def is_period_current(subscription: Any) -> bool:
    """Whether the current period (or the trial) has not ended."""
    return _in_future(subscription.current_period_end) or _in_future(subscription.trial_end)


def is_status_current(subscription: Any) -> bool:
    """Whether the status is ``active`` or ``trialing``."""
    return subscription.status in CURRENT_STATUSES


def is_status_temporarily_current(subscription: Any) -> bool:
    """Whether it is canceled for the end of the period, which has not come yet."""
    scheduled = subscription.cancel_at_period_end or subscription.cancel_at is not None
    return bool(
        subscription.canceled_at and scheduled and _in_future(subscription.current_period_end)
    )


# ---- Schedules ----
def schedule_action(
    schedule: Any, suffix: str, *, api_key: str | None, stripe_account: str | None, params: dict
) -> Any:
    """``POST`` to the schedule (``suffix`` ``""``, ``/cancel`` or ``/release``); sync it."""
    return calls.write(
        type(schedule),
        "post",
        f"{schedule.retrieve_path(schedule.id)}{suffix}",
        params,
        api_key=api_key or schedule.default_api_key,
        stripe_account=stripe_account or schedule._stripe_account_id(),
    )


# ---- pauses (the rules: djstripe.billing.pauses) ----
def pause(
    subscription: Any,
    *,
    behavior: str = "void",
    resumes_at: datetime.datetime | int | None = None,
    **kwargs: Any,
) -> Any:
    """Pause payment collection (``pause_collection``); sync and return the subscription."""
    if behavior not in pauses.BEHAVIORS:
        raise ValueError(
            f"behavior must be one of {', '.join(pauses.BEHAVIORS)}, not {behavior!r}."
        )
    if isinstance(resumes_at, datetime.datetime):
        if timezone.is_naive(resumes_at):
            raise ValueError("resumes_at must be an aware datetime (or a Unix timestamp).")
        resumes_at = int(resumes_at.timestamp())
    if resumes_at is not None and resumes_at <= int(timezone.now().timestamp()):
        raise ValueError("resumes_at must be in the future.")
    pause_collection = calls.clean({"behavior": behavior, "resumes_at": resumes_at})
    return _post_pause(subscription, "", {"pause_collection": pause_collection, **kwargs})


def resume(subscription: Any, **kwargs: Any) -> Any:
    """Resume: a ``paused`` subscription through ``/resume`` (``billing_cycle_anchor``,
    ``proration_behavior`` go to Stripe); paused collection by clearing
    ``pause_collection``. Anything else is left as it is, and returned."""
    if subscription.status == "paused":
        return _post_pause(subscription, "/resume", kwargs)
    if subscription.pause_collection_behavior:
        return _post_pause(subscription, "", {"pause_collection": "", **kwargs})
    return subscription


def _post_pause(subscription: Any, suffix: str, params: dict[str, Any]) -> Any:
    api_key, account = calls.routing(subscription, params)
    row = calls.write(
        type(subscription),
        "post",
        subscription.retrieve_path(subscription.id) + suffix,
        params,
        api_key=api_key,
        stripe_account=account,
    )
    subscription.refresh_from_db()
    return row
