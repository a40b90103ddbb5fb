"""Idempotency keys for writes djstripe makes to Stripe (dj-stripe's scheme)."""

from __future__ import annotations


def default_idempotency_key(object_type: str, action: str, livemode: bool | None) -> str:
    """One stored key per (object type, action, mode), valid until it expires (24 h)."""
    from .models import IdempotencyKey

    key, _ = IdempotencyKey.objects.get_or_create(
        action=f"{object_type}:{action}", livemode=bool(livemode)
    )
    return str(key.uuid)
