"""A Stripe API double: a small stateful HTTP server that stripe-python talks to.

>>> from djstripe.testing import StripeDouble
>>> with StripeDouble() as double:
...     double.url.startswith("http://127.0.0.1:")
True

See docs/testing.md for the guide.  Pure standard library at runtime.
"""

from .double import DEFAULT_API_KEY, StripeDouble
from .signing import signature_header
from .webhooks import DeliveryResult, Target

__all__ = [
    "DEFAULT_API_KEY",
    "DeliveryResult",
    "StripeDouble",
    "Target",
    "signature_header",
]
