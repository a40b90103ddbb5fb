"""Idempotency keys for writes djstripe makes to Stripe (dj-stripe's scheme).

The settings name :func:`default_idempotency_key` as the default of
``DJSTRIPE_IDEMPOTENCY_KEY_CALLBACK``, and the settings sit below the models (the Stripe
API client reads them): so the key model is looked up in the app registry here, not
imported.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.apps import apps
from django.utils import timezone

#: Stripe keeps an idempotency key for 24 hours; after that a reused key is a new request.
KEY_LIFETIME = datetime.timedelta(hours=24)


def default_idempotency_key(object_type: str, action: str, livemode: bool | None) -> str:
    """One stored key per (object type, action, mode), valid until it expires (24 h)."""
    key, _ = _keys().get_or_create(action=f"{object_type}:{action}", livemode=bool(livemode))
    return str(key.uuid)


def clear_expired_keys() -> int:
    """Delete the keys older than Stripe remembers them; return how many were deleted."""
    deleted, _ = _keys().filter(created__lt=timezone.now() - KEY_LIFETIME).delete()
    return deleted


def _keys() -> Any:
    return apps.get_model("djstripe", "IdempotencyKey").objects
