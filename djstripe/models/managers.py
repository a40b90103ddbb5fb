"""Querysets and managers with domain-named filters."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

from django.db import models
from django.utils import timezone

from ..api_keys import key_type, livemode_of_key
from ..billing import pauses


class StripeModelQuerySet(models.QuerySet):
    def livemode(self, livemode: bool = True) -> StripeModelQuerySet:
        return self.filter(livemode=livemode)

    def for_account(self, account_id: str) -> StripeModelQuerySet:
        return self.filter(djstripe_owner_account_id=account_id)


class StripeModelManager(models.Manager.from_queryset(StripeModelQuerySet)):  # type: ignore[misc]
    """The default manager of every mirrored model."""


def _month(year: int, month: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The UTC bounds ``[start, end)`` of a calendar month."""
    start = datetime.datetime(year, month, 1, tzinfo=datetime.UTC)
    end = datetime.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=datetime.UTC)
    return start, end


def _span(year: Any, month: Any) -> tuple[Any, Any]:
    """``(year, month)`` (dj-stripe's form) or ``(start, end)`` datetimes, as bounds."""
    if isinstance(year, int) and isinstance(month, int):
        return _month(year, month)
    return year, month


class SubscriptionQuerySet(StripeModelQuerySet):
    """``Subscription.objects``: dj-stripe's filters, on indexed status and date columns."""

    def active(self, include_paused: bool = False) -> SubscriptionQuerySet:
        """Status ``active`` and, unless ``include_paused``, payment collection not paused
        (see :mod:`djstripe.billing.pauses`)."""
        rows = self.filter(status="active")
        return rows if include_paused else rows.exclude(pauses.pause_in_effect())

    def valid(self, include_paused: bool = False) -> SubscriptionQuerySet:
        """Status and period current (``Subscription.is_valid``), not paused unless
        ``include_paused``."""
        return self.filter(pauses.valid(include_paused))

    def paused(self) -> SubscriptionQuerySet:
        """Payment collection paused now, or status ``paused`` (a trial that ended
        without a payment method)."""
        return self.filter(pauses.paused())

    def trialing(self) -> SubscriptionQuerySet:
        return self.filter(status="trialing")

    def past_due(self) -> SubscriptionQuerySet:
        return self.filter(status="past_due")

    def incomplete(self) -> SubscriptionQuerySet:
        return self.filter(status="incomplete")

    def canceled(self) -> SubscriptionQuerySet:
        return self.filter(status="canceled")

    def started_during(self, year: Any, month: Any) -> SubscriptionQuerySet:
        """Started in month ``month`` of ``year`` (or, given two datetimes, in
        ``[year, month)``), not trialing."""
        low, high = _span(year, month)
        return self.exclude(status="trialing").filter(start_date__gte=low, start_date__lt=high)

    def canceled_during(self, year: Any, month: Any) -> SubscriptionQuerySet:
        """Canceled in month ``month`` of ``year`` (or, given two datetimes, in
        ``[year, month)``)."""
        low, high = _span(year, month)
        return self.canceled().filter(canceled_at__gte=low, canceled_at__lt=high)

    def expiring_trials(self, days: int = 7) -> SubscriptionQuerySet:
        """Trialing subscriptions whose trial ends within ``days`` days."""
        now = timezone.now()
        return self.trialing().filter(
            trial_end__gte=now, trial_end__lte=now + datetime.timedelta(days=days)
        )

    def active_plan_summary(self) -> models.QuerySet:
        """Active subscriptions counted per plan (``{"plan": id, "count": n}``)."""
        return _per_plan(self.active())

    def started_plan_summary_for(self, year: Any, month: Any) -> models.QuerySet:
        return _per_plan(self.started_during(year, month))

    def canceled_plan_summary_for(self, year: Any, month: Any) -> models.QuerySet:
        return _per_plan(self.canceled_during(year, month))

    def churn(self) -> decimal.Decimal:
        """Canceled subscriptions per active one (0 when none is active)."""
        counts = self.aggregate(
            canceled=models.Count("pk", filter=models.Q(status="canceled")),
            active=models.Count("pk", filter=models.Q(status="active")),
        )
        if not counts["active"]:
            return decimal.Decimal(0)
        return decimal.Decimal(counts["canceled"]) / decimal.Decimal(counts["active"])


def _per_plan(rows: models.QuerySet) -> models.QuerySet:
    return rows.values("plan").order_by("plan").annotate(count=models.Count("pk"))


class SubscriptionManager(models.Manager.from_queryset(SubscriptionQuerySet)):  # type: ignore[misc]
    """The default manager of :class:`~djstripe.models.Subscription`."""


class ChargeQuerySet(StripeModelQuerySet):
    """``Charge.objects``: dj-stripe's filters, on indexed columns."""

    def during(self, year: Any, month: Any) -> ChargeQuerySet:
        """Created in month ``month`` of ``year`` (UTC), or in ``[year, month)`` given datetimes."""
        low, high = _span(year, month)
        return self.filter(created__gte=low, created__lt=high)

    def paid_totals_for(self, year: Any, month: Any) -> dict[str, Any]:
        """``{"total_amount": Decimal (major units), "total_refunded": int (minor units)}``
        over the paid charges of the month, as dj-stripe sums ``amount`` and
        ``amount_refunded`` (summing across currencies is the caller's choice)."""
        return (
            self.during(year, month)
            .filter(paid=True)
            .aggregate(
                total_amount=models.Sum("amount"), total_refunded=models.Sum("amount_refunded")
            )
        )

    def succeeded(self) -> ChargeQuerySet:
        return self.filter(status="succeeded")

    def failed(self) -> ChargeQuerySet:
        return self.filter(status="failed")

    def refunded(self) -> ChargeQuerySet:
        return self.filter(refunded=True)

    def disputed(self) -> ChargeQuerySet:
        return self.filter(disputed=True)


class ChargeManager(models.Manager.from_queryset(ChargeQuerySet)):  # type: ignore[misc]
    """The default manager of :class:`~djstripe.models.Charge`."""


class TransferQuerySet(StripeModelQuerySet):
    """``Transfer.objects``: dj-stripe's filters."""

    def during(self, year: Any, month: Any) -> TransferQuerySet:
        """Created in month ``month`` of ``year`` (UTC), or in ``[year, month)`` given datetimes."""
        low, high = _span(year, month)
        return self.filter(created__gte=low, created__lt=high)

    def paid_totals_for(self, year: Any, month: Any) -> dict[str, Any]:
        """``{"total_amount": int}``: the month's transfers in minor units, as dj-stripe."""
        return self.during(year, month).aggregate(total_amount=models.Sum("amount"))

    def failed(self) -> TransferQuerySet:
        """Transfers Stripe reports a failure code for (older API versions)."""
        return self.filter(stripe_data__failure_code__isnull=False).exclude(
            stripe_data__failure_code=None
        )

    def pending(self) -> TransferQuerySet:
        """Transfers whose status is ``pending`` (older API versions)."""
        return self.filter(stripe_data__status="pending")


class TransferManager(models.Manager.from_queryset(TransferQuerySet)):  # type: ignore[misc]
    """The default manager of :class:`~djstripe.models.Transfer`."""


class AccountQuerySet(StripeModelQuerySet):
    """``Account.objects``: connected accounts by onboarding state."""

    def onboarded(self) -> AccountQuerySet:
        """Details submitted, charges and payouts enabled, nothing currently due."""
        return self.filter(
            details_submitted=True, charges_enabled=True, payouts_enabled=True
        ).filter(
            models.Q(requirements_currently_due__isnull=True)
            | models.Q(requirements_currently_due=[])
        )

    def needs_onboarding(self) -> AccountQuerySet:
        """Accounts that are not :meth:`onboarded` (send their owners an onboarding link)."""
        return self.exclude(pk__in=self.onboarded().values("pk"))

    def restricted(self) -> AccountQuerySet:
        """Accounts Stripe disabled charges or payouts for (``requirements.disabled_reason``)."""
        return self.exclude(requirements_disabled_reason="")


class AccountManager(models.Manager.from_queryset(AccountQuerySet)):  # type: ignore[misc]
    """The default manager of :class:`~djstripe.models.Account`."""


class APIKeyManager(models.Manager):
    """``APIKey.objects``, with dj-stripe's ``get_or_create_by_api_key``."""

    def get_or_create_by_api_key(self, secret: str) -> tuple[Any, bool]:
        """``(key, created)``: the stored key with this secret, created (with the type
        and mode its prefix says) if new."""
        return self.get_or_create(
            secret=secret,
            defaults={"type": key_type(secret), "livemode": bool(livemode_of_key(secret))},
        )
