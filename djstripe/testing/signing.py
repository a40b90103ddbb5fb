"""Stripe's webhook signature scheme: ``Stripe-Signature: t=<ts>,v1=<hex>``.

The signature is the hex HMAC-SHA256, keyed with the endpoint secret, of
``"<ts>.<payload>"``; ``stripe.Webhook.construct_event`` (and djstripe's
webhook view) verify exactly this and reject timestamps older than their
tolerance (300 s by default), which is why deliveries are signed with the real
time even when the double's clock is frozen.
"""

from __future__ import annotations

import hashlib
import hmac
import time


def compute_signature(payload: bytes | str, secret: str, timestamp: int) -> str:
    """Return the hex ``v1`` signature of ``payload`` at ``timestamp``."""
    if isinstance(payload, str):
        payload = payload.encode()
    signed = str(timestamp).encode() + b"." + payload
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signature_header(
    payload: bytes | str,
    secret: str,
    timestamp: int | None = None,
    scheme: str = "v1",
) -> str:
    """Return a ``Stripe-Signature`` header value for ``payload``.

    ``timestamp`` defaults to now; pass an old one to test tolerance checks, or
    another ``scheme`` to test that unknown schemes are refused.
    """
    timestamp = int(time.time()) if timestamp is None else int(timestamp)
    return f"t={timestamp},{scheme}={compute_signature(payload, secret, timestamp)}"
