"""Every mirrored Stripe object, importable from ``djstripe.models`` (dj-stripe's names)."""

from .account import Account, APIKey
from .base import ChildList, StripeModel
from .billing_portal import BillingPortalConfiguration
from .catalog import (
    Coupon,
    Discount,
    Plan,
    PromotionCode,
    ShippingRate,
    TaxCode,
    TaxId,
    TaxRate,
)
from .core import Customer, Price, Product
from .idempotency import IdempotencyKey
from .payment_methods import PaymentMethod
from .subscriptions import Subscription, SubscriptionItem, SubscriptionSchedule
from .sync_state import PendingReread, Tombstone
from .test_clocks import TestClock

__all__ = [
    "APIKey",
    "Account",
    "BillingPortalConfiguration",
    "ChildList",
    "Coupon",
    "Customer",
    "Discount",
    "IdempotencyKey",
    "PaymentMethod",
    "PendingReread",
    "Plan",
    "Price",
    "Product",
    "PromotionCode",
    "ShippingRate",
    "StripeModel",
    "Subscription",
    "SubscriptionItem",
    "SubscriptionSchedule",
    "TaxCode",
    "TaxId",
    "TaxRate",
    "TestClock",
    "Tombstone",
]
