"""Stripe's webhook signature scheme (``Stripe-Signature: t=<ts>,v1=<hex hmac>``), for posting.

Written from Stripe's documentation of the scheme: HMAC-SHA256 with the endpoint secret over
``"<timestamp>.<payload>"``. Independent of both packages, so the same signer serves before
and after the swap.
"""

from __future__ import annotations

import hashlib
import hmac
import time


def signature_header(payload: str, secret: str, timestamp: int | None = None) -> str:
    """The ``Stripe-Signature`` value Stripe would send for ``payload``."""
    stamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{stamp}.{payload}".encode()
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={stamp},v1={digest}"
