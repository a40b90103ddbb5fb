"""Idempotency keys for writes djstripe makes to Stripe (dj-stripe's scheme)."""

from __future__ import annotations

import datetime

#: Stripe keeps an idempotency key for 24 hours; after that a reused key is a new request.
KEY_LIFETIME = datetime.timedelta(hours=24)


def default_idempotency_key(object_type: str, action: str, livemode: bool | None) -> str:
    """One stored key per (object type, action, mode), valid until it expires (24 h)."""
    from .models import IdempotencyKey

    key, _ = IdempotencyKey.objects.get_or_create(
        action=f"{object_type}:{action}", livemode=bool(livemode)
    )
    return str(key.uuid)


def clear_expired_keys() -> int:
    """Delete the keys older than Stripe remembers them; return how many were deleted."""
    from django.utils import timezone

    from .models import IdempotencyKey

    deleted, _ = IdempotencyKey.objects.filter(created__lt=timezone.now() - KEY_LIFETIME).delete()
    return deleted
