"""Known values of Stripe enums, as named constants and documentation.

They never validate: every status-like column is a plain string, so a value
Stripe adds tomorrow saves today. The class names are dj-stripe's.
"""

from .base import StripeChoices
from .billing import *  # noqa: F403
from .billing import __all__ as _billing
from .payments import *  # noqa: F403
from .payments import __all__ as _payments
from .platform import *  # noqa: F403
from .platform import __all__ as _platform

__all__ = ["StripeChoices", *_billing, *_payments, *_platform]
