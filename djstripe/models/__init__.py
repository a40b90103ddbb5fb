"""Every mirrored Stripe object, importable from ``djstripe.models`` (dj-stripe's names).

Each module of this package lists its public models in its own ``__all__``, next to
their declarations; this package exports them all, so a model declared (and listed) in
its module is exported without an edit here.
"""

# ruff: noqa: F403
from .account import *
from .account import __all__ as _account
from .base import ChildList, StripeModel
from .billing_meter import *
from .billing_meter import __all__ as _billing_meter
from .billing_portal import *
from .billing_portal import __all__ as _billing_portal
from .catalog import *
from .catalog import __all__ as _catalog
from .checkout import *
from .checkout import __all__ as _checkout
from .connect import *
from .connect import __all__ as _connect
from .core import *
from .core import __all__ as _core
from .credit_notes import *
from .credit_notes import __all__ as _credit_notes
from .entitlements import *
from .entitlements import __all__ as _entitlements
from .events import *
from .events import __all__ as _events
from .files import *
from .files import __all__ as _files
from .fraud import *
from .fraud import __all__ as _fraud
from .idempotency import *
from .idempotency import __all__ as _idempotency
from .identity import *
from .identity import __all__ as _identity
from .invoice_lines import *
from .invoice_lines import __all__ as _invoice_lines
from .invoice_payments import *
from .invoice_payments import __all__ as _invoice_payments
from .invoice_previews import *
from .invoice_previews import __all__ as _invoice_previews
from .invoices import *
from .invoices import __all__ as _invoices
from .issuing import *
from .issuing import __all__ as _issuing
from .payment_intents import *
from .payment_intents import __all__ as _payment_intents
from .payment_methods import *
from .payment_methods import __all__ as _payment_methods
from .payments import *
from .payments import __all__ as _payments
from .payouts import *
from .payouts import __all__ as _payouts
from .quotes import *
from .quotes import __all__ as _quotes
from .sigma import *
from .sigma import __all__ as _sigma
from .sources import *
from .sources import __all__ as _sources
from .subscriptions import *
from .subscriptions import __all__ as _subscriptions
from .sync_state import *
from .sync_state import __all__ as _sync_state
from .test_clocks import *
from .test_clocks import __all__ as _test_clocks
from .webhooks import *
from .webhooks import __all__ as _webhooks

__all__ = [
    "ChildList",
    "StripeModel",
    *_account,
    *_billing_meter,
    *_billing_portal,
    *_catalog,
    *_checkout,
    *_connect,
    *_core,
    *_credit_notes,
    *_entitlements,
    *_events,
    *_files,
    *_fraud,
    *_idempotency,
    *_identity,
    *_invoice_lines,
    *_invoice_payments,
    *_invoice_previews,
    *_invoices,
    *_issuing,
    *_payment_intents,
    *_payment_methods,
    *_payments,
    *_payouts,
    *_quotes,
    *_sigma,
    *_sources,
    *_subscriptions,
    *_test_clocks,
    *_webhooks,
    *_sync_state,
]
