"""dj-stripe's ``djstripe.managers`` names; the managers live in :mod:`djstripe.models.managers`."""

from .models.managers import (
    ChargeManager,
    StripeModelManager,
    SubscriptionManager,
    TransferManager,
)

__all__ = ["ChargeManager", "StripeModelManager", "SubscriptionManager", "TransferManager"]
