"""What a Stripe error means for a backfill, said in one line.

* **Refusals** are answers about the account or the key, not failures of the request:
  a restricted key without the permission for a listing (403, stripe-python's
  ``PermissionError``: *not permitted*), or a product the account has not enabled
  (400 "Your account is not set up to use Issuing ...": *not enabled*). A run skips
  such listings, unless the user named the model.
* **Unreachable**: the API could not be reached at all (connection refused, unknown
  host, timeout, TLS). One line names the address, the setting it came from, and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import stripe
from django.conf import settings

from .. import settings as djstripe_settings

NOT_PERMITTED = "not permitted"
NOT_ENABLED = "not enabled"

#: Stripe's message for a product the account has not enabled (it carries no ``code``).
_NOT_SET_UP = re.compile(r"\bnot set up to use\b", re.IGNORECASE)
#: Stripe's 403 for a restricted key names the account: "... on account 'acct_123'."
_ON_ACCOUNT = re.compile(r"\bon account '(acct_[0-9A-Za-z]+)'")
_ERRNO = re.compile(r"\[Errno -?\d+\] ([^'\"()\]]+)")


@dataclass(frozen=True)
class Refusal:
    """Stripe declined a request for what the key or the account is, not for what it asked."""

    reason: str
    """:data:`NOT_PERMITTED` or :data:`NOT_ENABLED`."""
    message: str
    """Stripe's own words (they name the permission or the product)."""


def refusal(error: BaseException) -> Refusal | None:
    """The refusal ``error`` is, or None for any other error."""
    if not isinstance(error, stripe.StripeError):
        return None
    message = one_line(error.user_message or str(error))
    if isinstance(error, stripe.PermissionError):
        return Refusal(NOT_PERMITTED, message)
    if isinstance(error, stripe.InvalidRequestError) and _NOT_SET_UP.search(message):
        return Refusal(NOT_ENABLED, message)
    return None


def account_named(error: BaseException) -> str | None:
    """The account a permission error names (Stripe says which account refused the key)."""
    message = getattr(error, "user_message", None) or str(error)
    found = _ON_ACCOUNT.search(message)
    return found.group(1) if found else None


def describe(error: BaseException) -> str:
    """One line for any Stripe error: the reach problem, or Stripe's message."""
    if isinstance(error, stripe.APIConnectionError):
        return unreachable(error)
    if isinstance(error, stripe.StripeError):
        return one_line(error.user_message or str(error))
    return one_line(str(error)) or type(error).__name__


def unreachable(error: BaseException) -> str:
    """``Could not reach the Stripe API at <base> (<setting>): <why>.``"""
    base = djstripe_settings.api_base()
    origin = "STRIPE_API_HOST" if getattr(settings, "STRIPE_API_HOST", "") else "stripe.api_base"
    return f"Could not reach the Stripe API at {base} ({origin}): {_why(error)}."


def _why(error: BaseException) -> str:
    """The root cause of a connection error, without the layers of wrapping around it."""
    seen: set[int] = set()
    current: BaseException | None = error
    texts = []
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.strerror:
            return current.strerror.strip().lower()
        texts.append(str(current))
        reason = getattr(current, "reason", None)  # urllib3's MaxRetryError
        if isinstance(reason, BaseException):
            current = reason
            continue
        args = getattr(current, "args", ())
        nested = next((a for a in args if isinstance(a, BaseException)), None)
        current = nested or current.__cause__ or current.__context__
    text = " ".join(texts)
    found = _ERRNO.search(text)
    if found:
        return found.group(1).strip().lower()
    lowered = text.lower()
    for marker, words in (
        ("timed out", "timed out"),
        ("certificate", "TLS certificate not accepted"),
        ("ssl", "TLS error"),
        ("failed to resolve", "host name not found"),
    ):
        if marker in lowered:
            return words
    return "no answer"


def one_line(text: str) -> str:
    return " ".join(text.split())
