"""When to retry a failed Stripe request and how long to wait: small pure functions.

Follows stripe-python's own rules (``Stripe-Should-Retry`` first, then 409, 429,
5xx and connection errors) with capped exponential back-off and full jitter;
``Retry-After`` is honoured when Stripe sends it. Tests pass their own ``random``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import stripe


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 4
    """Retries after the first attempt."""
    base_delay: float = 0.5
    max_delay: float = 20.0
    """Cap of a computed delay; a longer ``Retry-After`` from Stripe is still honoured up to
    ``max_retry_after``."""
    max_retry_after: float = 60.0


DEFAULT_POLICY = RetryPolicy()
NO_RETRIES = RetryPolicy(max_retries=0)


def header(error: Any, name: str) -> str | None:
    headers = getattr(error, "headers", None) or {}
    try:
        for key, value in headers.items():
            if key.lower() == name.lower():
                return value
    except AttributeError:
        return None
    return None


def should_retry(error: BaseException, attempt: int, policy: RetryPolicy, *, method: str) -> bool:
    """Whether the request that failed with ``error`` on ``attempt`` (0-based) is retried."""
    if attempt >= policy.max_retries:
        return False
    if isinstance(error, stripe.APIConnectionError):
        return bool(getattr(error, "should_retry", True))
    if not isinstance(error, stripe.StripeError):
        return False
    advice = header(error, "Stripe-Should-Retry")
    if advice == "true":
        return True
    if advice == "false":
        return False
    status = getattr(error, "http_status", None) or 0
    if status in (409, 429):
        return True
    # A POST that reached Stripe is only safe to repeat with an idempotency key, which
    # stripe_api always sends for writes; so 5xx are retried for every method.
    return status >= 500


def retry_after_seconds(error: BaseException) -> float | None:
    value = header(error, "Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def delay_seconds(
    attempt: int,
    policy: RetryPolicy,
    *,
    retry_after: float | None = None,
    rng: random.Random | None = None,
) -> float:
    """Seconds to wait before retry ``attempt + 1``."""
    if retry_after is not None:
        return min(retry_after, policy.max_retry_after)
    ceiling = min(policy.max_delay, policy.base_delay * (2**attempt))
    jitter = (rng or random).uniform(0.5, 1.0)
    return ceiling * jitter
