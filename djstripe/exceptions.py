"""djstripe's own failures.

stripe-python's errors pass through unchanged (users already catch them); these
classes cover only what djstripe itself detects.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation


class DjstripeError(Exception):
    """Base class of djstripe's own errors. Do not raise directly."""


class ImproperlyConfiguredError(DjstripeError, ImproperlyConfigured):
    """A djstripe setting is missing or wrong; the message names the setting."""


class InvalidStripeDataError(DjstripeError, ValueError):
    """Data handed to ``sync_from_stripe_data`` cannot be a Stripe object of that model."""


class LivemodeConflictError(InvalidStripeDataError):
    """Data of one mode (live or test) was handed over for an object whose mirrored row is
    of the other mode; nothing was written."""


class SyncError(DjstripeError):
    """An object could not be synced; carries where it came from."""

    def __init__(
        self,
        message: str,
        *,
        model: str | None = None,
        stripe_id: str | None = None,
        account: str | None = None,
        request_id: str | None = None,
    ) -> None:
        self.model = model
        self.stripe_id = stripe_id
        self.account = account
        self.request_id = request_id
        details = [
            f"{name}={value}"
            for name, value in (
                ("request_id", request_id),
                ("model", model),
                ("id", stripe_id),
                ("account", account),
            )
            if value
        ]
        super().__init__(f"{message} ({', '.join(details)})" if details else message)


class InvalidAPIKeyError(DjstripeError, ValueError):
    """An API key does not have the form of a Stripe secret or restricted key."""


class WebhookSignatureError(DjstripeError, SuspiciousOperation):
    """A webhook delivery failed verification (missing, bad or expired signature)."""


class MultipleSubscriptionException(DjstripeError):  # noqa: N818 - dj-stripe's name
    """The customer has more than one subscription where one was expected (dj-stripe name)."""


#: dj-stripe's name for :class:`InvalidAPIKeyError` (a ``ValueError`` there too).
InvalidStripeAPIKey = InvalidAPIKeyError


class ImpossibleAPIRequest(DjstripeError, NotImplementedError):  # noqa: N818 - dj-stripe's name
    """The Stripe API cannot be asked for this: the object is reachable only through a
    parent djstripe does not know (a card without its customer or account), or the
    model cannot be listed."""


class StripeObjectManipulationException(DjstripeError):  # noqa: N818 - dj-stripe's name
    """An object that exists only under a parent was acted on without its parent (dj-stripe
    name; kept so ``except`` clauses written for dj-stripe still import)."""
