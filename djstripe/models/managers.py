"""Querysets and managers with domain-named filters."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

from django.db import models
from django.utils import timezone


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


def _span(start: Any, end: Any) -> tuple[Any, Any]:
    """``(year, month)`` (dj-stripe's form) or ``(start, end)`` datetimes, as bounds."""
    if isinstance(start, int) and isinstance(end, int):
        return _month(start, end)
    return start, end


class SubscriptionQuerySet(StripeModelQuerySet):
    """``Subscription.objects``: dj-stripe's filters, on indexed status and date columns."""

    def active(self) -> SubscriptionQuerySet:
        return self.filter(status="active")

    def trialing(self) -> SubscriptionQuerySet:
        return self.filter(status="trialing")

    def past_due(self) -> SubscriptionQuerySet:
        return self.filter(status="past_due")

    def incomplete(self) -> SubscriptionQuerySet:
        return self.filter(status="incomplete")

    def canceled(self) -> SubscriptionQuerySet:
        return self.filter(status="canceled")

    def started_during(self, start: Any, end: Any) -> SubscriptionQuerySet:
        """Started in ``[start, end)`` (or in month ``end`` of year ``start``), not trialing."""
        low, high = _span(start, end)
        return self.exclude(status="trialing").filter(start_date__gte=low, start_date__lt=high)

    def canceled_during(self, start: Any, end: Any) -> SubscriptionQuerySet:
        """Canceled in ``[start, end)`` (or in month ``end`` of year ``start``)."""
        low, high = _span(start, end)
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

    def started_plan_summary_for(self, start: Any, end: Any) -> models.QuerySet:
        return _per_plan(self.started_during(start, end))

    def canceled_plan_summary_for(self, start: Any, end: Any) -> models.QuerySet:
        return _per_plan(self.canceled_during(start, end))

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
