"""Querysets and managers with domain-named filters."""

from __future__ import annotations

from django.db import models


class StripeModelQuerySet(models.QuerySet):
    def livemode(self, livemode: bool = True) -> StripeModelQuerySet:
        return self.filter(livemode=livemode)

    def for_account(self, account_id: str) -> StripeModelQuerySet:
        return self.filter(djstripe_owner_account_id=account_id)


class StripeModelManager(models.Manager.from_queryset(StripeModelQuerySet)):  # type: ignore[misc]
    """The default manager of every mirrored model."""
