"""Every mirrored Stripe object, importable from ``djstripe.models`` (dj-stripe's names)."""

from .account import Account, APIKey
from .base import ChildList, StripeModel
from .core import Customer, Price, Product
from .idempotency import IdempotencyKey
from .payment_methods import PaymentMethod
from .sync_state import PendingReread, Tombstone

__all__ = [
    "APIKey",
    "Account",
    "ChildList",
    "Customer",
    "IdempotencyKey",
    "PaymentMethod",
    "PendingReread",
    "Price",
    "Product",
    "StripeModel",
    "Tombstone",
]
