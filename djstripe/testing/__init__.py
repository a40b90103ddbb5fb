"""A Stripe API double: a small stateful HTTP server that stripe-python talks to.

>>> from djstripe.testing import StripeDouble
>>> with StripeDouble() as double:
...     double.url.startswith("http://127.0.0.1:")
True

See docs/testing.md for the guide.  Pure standard library at runtime.
"""

from .double import DEFAULT_API_KEY, StripeDouble
from .faults import Fault
from .generator import GeneratedAccount, generate_account
from .signing import signature_header
from .webhooks import DeliveryResult, Target

__all__ = [
    "DEFAULT_API_KEY",
    "DeliveryResult",
    "Fault",
    "GeneratedAccount",
    "StripeDouble",
    "Target",
    "generate_account",
    "signature_header",
]
