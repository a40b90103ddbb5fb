"""What users do with a subscription: change, extend, cancel, reactivate, ask its state.

:class:`SubscriptionHelpers` is mixed into :class:`~djstripe.models.Subscription`
(dj-stripe's names and signatures). Every change is made on Stripe and the
subscription Stripe answers with is synced before the method returns.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

import stripe
from django.utils import timezone

from . import calls

if TYPE_CHECKING:
    from ..models import Subscription

#: Statuses in which the customer has the service (dj-stripe's "current").
CURRENT_STATUSES = ("active", "trialing")


def _in_future(moment: datetime.datetime | None) -> bool:
    return moment is not None and moment > timezone.now()


class SubscriptionHelpers:
    """Methods of :class:`~djstripe.models.Subscription` (see the module docstring)."""

    if TYPE_CHECKING:  # provided by the model
        id: str
        status: str
        trial_end: datetime.datetime | None
        current_period_end: datetime.datetime | None
        canceled_at: datetime.datetime | None
        cancel_at: datetime.datetime | None
        cancel_at_period_end: bool
        default_api_key: str

        @classmethod
        def retrieve_path(cls, stripe_id: str) -> str: ...
        def refresh_from_db(self) -> None: ...
        def _stripe_account_id(self) -> str | None: ...

    # ---- Changes ----
    def update(self, **kwargs: Any) -> Subscription:
        """Change the subscription on Stripe (Stripe's update parameters); return it.

        ``items=[{"id": "si_...", "price": "price_..."}]`` changes an item's price,
        ``{"price": ...}`` adds one, ``{"id": ..., "deleted": True}`` removes one.
        """
        api_key, account = calls.routing(self, kwargs)
        if "items" in kwargs:
            kwargs["items"] = [_item(entry) for entry in kwargs["items"]]
        return self._write("post", kwargs, api_key, account)

    def extend(self, delta: datetime.timedelta) -> Subscription:
        """Give the customer ``delta`` more time without charging for it.

        Moves the end of the trial (or of the current period, when no trial is
        running) by ``delta``, without proration, as dj-stripe does.
        """
        if delta.total_seconds() < 0:
            raise ValueError("delta must be a positive timedelta.")
        if _in_future(self.trial_end):
            period_end = self.trial_end
        else:
            period_end = self.current_period_end
        if period_end is None:
            raise ValueError(f"Subscription {self.id} has no period end to extend.")
        new_end = int((period_end + delta).timestamp())
        return self.update(proration_behavior="none", trial_end=new_end)

    def cancel(self, at_period_end: bool = False, **kwargs: Any) -> Subscription:
        """Cancel now, or at the end of the current period with ``at_period_end``.

        A subscription still in its trial is canceled now whatever ``at_period_end``
        says, so the customer is never charged (dj-stripe's rule). Other keyword
        arguments go to Stripe (``invoice_now``, ``prorate``, ``cancellation_details``).
        Canceling a subscription that Stripe already canceled syncs its final state.
        """
        api_key, account = calls.routing(self, kwargs)
        if _in_future(self.trial_end):
            at_period_end = False
        if at_period_end:
            return self._write("post", {"cancel_at_period_end": True, **kwargs}, api_key, account)
        try:
            return self._write("delete", kwargs, api_key, account)
        except stripe.InvalidRequestError as error:
            missing = getattr(error, "code", None) == "resource_missing"
            if not missing and "No such subscription" not in str(error):
                raise
        # Already canceled: Stripe still serves the object (or raises if it never existed).
        return self._write("get", {}, api_key, account)

    def reactivate(self) -> Subscription:
        """Undo a cancellation scheduled for the end of the period; return the subscription.

        Stripe cannot revive a subscription that is already canceled: check the
        returned subscription's ``status``.
        """
        api_key, account = calls.routing(self, {})
        params = {"cancel_at_period_end": False}
        if self.cancel_at and not self.cancel_at_period_end:
            params = {"cancel_at": ""}  # an explicit cancel date is cleared with ""
        return self._write("post", params, api_key, account)

    def _write(
        self, method: str, params: dict[str, Any], api_key: str, account: str | None
    ) -> Subscription:
        row = calls.write(
            type(self),
            method,
            self.retrieve_path(self.id),
            params,
            api_key=api_key,
            stripe_account=account,
        )
        self.refresh_from_db()
        return row

    # ---- State ----
    def is_period_current(self) -> bool:
        """Whether the current period (or the trial) has not ended."""
        return _in_future(self.current_period_end) or _in_future(self.trial_end)

    def is_status_current(self) -> bool:
        """Whether the status is ``active`` or ``trialing``."""
        return self.status in CURRENT_STATUSES

    def is_status_temporarily_current(self) -> bool:
        """Whether it is canceled for the end of the period, which has not come yet.

        The customer still has the service until then; useful to offer reduced
        service, or a "resume" button (:meth:`reactivate`).
        """
        scheduled = self.cancel_at_period_end or self.cancel_at is not None
        return bool(self.canceled_at and scheduled and _in_future(self.current_period_end))

    def is_valid(self) -> bool:
        """Whether both the status and the period are current."""
        return self.is_status_current() and self.is_period_current()


def _item(entry: Any) -> Any:
    if not isinstance(entry, dict):
        return {"price": calls.stripe_id(entry)}
    entry = dict(entry)
    for name in ("price", "plan"):
        if name in entry:
            entry[name] = calls.stripe_id(entry[name])
    return entry
