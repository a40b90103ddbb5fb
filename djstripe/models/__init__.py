"""Every mirrored Stripe object, importable from ``djstripe.models`` (dj-stripe's names)."""

from .account import Account, AccountV2, APIKey
from .base import ChildList, StripeModel
from .billing_meter import Meter
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
from .credit_notes import CreditNote, CreditNoteLineItem
from .entitlements import ActiveEntitlement, Feature, ProductFeature
from .events import Event
from .files import File, FileLink, FileUpload
from .fraud import EarlyFraudWarning, Review
from .idempotency import IdempotencyKey
from .identity import VerificationReport, VerificationSession
from .invoice_lines import InvoiceItem, LineItem
from .invoice_payments import InvoicePayment
from .invoice_previews import UpcomingInvoice
from .invoices import Invoice
from .issuing import (
    IssuingAuthorization,
    IssuingCard,
    IssuingCardholder,
    IssuingDispute,
    IssuingTransaction,
)
from .payment_intents import Mandate, PaymentIntent, SetupIntent
from .payment_methods import PaymentMethod
from .payments import BalanceTransaction, Charge, Dispute, Refund
from .payouts import Payout
from .quotes import Quote
from .sigma import ScheduledQueryRun
from .sources import BankAccount, Card, DjstripePaymentMethod, Source, SourceTransaction
from .subscriptions import Subscription, SubscriptionItem, SubscriptionSchedule
from .sync_state import PendingReread, SyncCheckpoint, SyncPendingLink, SyncRun, Tombstone
from .test_clocks import TestClock
from .webhooks import WebhookEndpoint, WebhookEventTrigger

__all__ = [
    "APIKey",
    "Account",
    "AccountV2",
    "ActiveEntitlement",
    "ApplicationFee",
    "ApplicationFeeRefund",
    "BalanceTransaction",
    "BankAccount",
    "BillingPortalConfiguration",
    "Card",
    "Charge",
    "ChildList",
    "CountrySpec",
    "Coupon",
    "CreditNote",
    "CreditNoteLineItem",
    "Customer",
    "Discount",
    "Dispute",
    "DjstripePaymentMethod",
    "EarlyFraudWarning",
    "Event",
    "Feature",
    "File",
    "FileLink",
    "FileUpload",
    "IdempotencyKey",
    "Invoice",
    "InvoiceItem",
    "InvoicePayment",
    "IssuingAuthorization",
    "IssuingCard",
    "IssuingCardholder",
    "IssuingDispute",
    "IssuingTransaction",
    "LineItem",
    "Mandate",
    "Meter",
    "PaymentIntent",
    "PaymentMethod",
    "Payout",
    "PendingReread",
    "Plan",
    "Price",
    "Product",
    "ProductFeature",
    "PromotionCode",
    "Quote",
    "Refund",
    "Review",
    "ScheduledQueryRun",
    "Session",
    "SessionLineItem",
    "SetupIntent",
    "ShippingRate",
    "Source",
    "SourceTransaction",
    "StripeModel",
    "Subscription",
    "SubscriptionItem",
    "SubscriptionSchedule",
    "SyncCheckpoint",
    "SyncPendingLink",
    "SyncRun",
    "TaxCode",
    "TaxId",
    "TaxRate",
    "TestClock",
    "Tombstone",
    "Transfer",
    "TransferReversal",
    "UpcomingInvoice",
    "VerificationReport",
    "VerificationSession",
    "WebhookEndpoint",
    "WebhookEventTrigger",
]
