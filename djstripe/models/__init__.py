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
from .checkout import Session, SessionLineItem
from .connect import (
    ApplicationFee,
    ApplicationFeeRefund,
    CountrySpec,
    Transfer,
    TransferReversal,
)
from .core import Customer, Price, Product
from .entitlements import ActiveEntitlement, Feature, ProductFeature
from .idempotency import IdempotencyKey
from .identity import VerificationReport, VerificationSession
from .issuing import (
    IssuingAuthorization,
    IssuingCard,
    IssuingCardholder,
    IssuingDispute,
    IssuingTransaction,
)
from .payment_methods import PaymentMethod
from .sigma import ScheduledQueryRun
from .subscriptions import Subscription, SubscriptionItem, SubscriptionSchedule
from .sync_state import PendingReread, Tombstone
from .test_clocks import TestClock

__all__ = [
    "APIKey",
    "Account",
    "ActiveEntitlement",
    "ApplicationFee",
    "ApplicationFeeRefund",
    "BillingPortalConfiguration",
    "ChildList",
    "CountrySpec",
    "Coupon",
    "Customer",
    "Discount",
    "Feature",
    "IdempotencyKey",
    "IssuingAuthorization",
    "IssuingCard",
    "IssuingCardholder",
    "IssuingDispute",
    "IssuingTransaction",
    "PaymentMethod",
    "PendingReread",
    "Plan",
    "Price",
    "Product",
    "ProductFeature",
    "PromotionCode",
    "ScheduledQueryRun",
    "Session",
    "SessionLineItem",
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
    "Transfer",
    "TransferReversal",
    "VerificationReport",
    "VerificationSession",
]
