"""API keys: their form, their mode, masking them, and choosing one (for a platform and
mode, or for an object) by one rule, :func:`api_key_for`."""

from __future__ import annotations

import logging
import re
from typing import Any

from . import settings as djstripe_settings
from . import stripe_api
from .error_reports import hide_secrets
from .exceptions import InvalidAPIKeyError

logger = logging.getLogger(__name__)

KEY_PATTERN = re.compile(r"^(sk|rk|pk)_(test|live)_[0-9A-Za-z_]{1,247}$")


def mask_key(key: str | None) -> str:
    """``sk_test_...wxyz``: enough to recognise a key, never enough to use it."""
    if not key:
        return ""
    match = re.match(r"^((?:sk|rk|pk)_(?:test|live)_)", key)
    prefix = match.group(1) if match else key[:3]
    tail = key[-4:] if len(key) > len(prefix) + 8 else ""
    return f"{prefix}...{tail}"


def livemode_of_key(key: str | None) -> bool | None:
    if not key:
        return None
    if "_live_" in key[:8]:
        return True
    if "_test_" in key[:8]:
        return False
    return None


def key_type(key: str) -> str:
    return {"sk": "secret", "rk": "restricted", "pk": "publishable"}.get(key[:2], "secret")


def key_details(key: str) -> tuple[str, bool]:
    """``(type, livemode)`` of a key of any kind (``("secret", False)`` for ``sk_test_...``),
    or :class:`InvalidAPIKeyError` when it is not a Stripe key."""
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        shown = mask_key(key) if isinstance(key, str) and key else repr(key)
        raise InvalidAPIKeyError(
            f"{shown} is not a Stripe API key (pk_, sk_ or rk_; test or live)."
        )
    return key_type(key), bool(livemode_of_key(key))


def validate_secret_key(key: str) -> str:
    """Return ``key`` if it has the form of a secret or restricted key, else a clear error."""
    if not isinstance(key, str) or not KEY_PATTERN.match(key) or key.startswith("pk_"):
        raise InvalidAPIKeyError(
            f"{mask_key(key) if isinstance(key, str) else type(key).__name__!s} is not a Stripe "
            "secret key: expected sk_test_..., sk_live_..., rk_test_... or rk_live_..."
        )
    return key


def all_api_keys() -> list[str]:
    """Secret keys known to the project: the database's, then the settings', de-duplicated."""
    # lazy: cycle: models -> models.account -> api_keys
    from .models import APIKey

    keys: list[str] = []
    for secret in APIKey.objects.exclude(type="publishable").values_list("secret", flat=True):
        if secret and secret not in keys:
            keys.append(secret)
    for key in djstripe_settings.api_keys_from_settings():
        if key not in keys:
            keys.append(key)
    return keys


def platform_of(account_id: str | None) -> str | None:
    """The platform that ``account_id`` is connected to, or None when it is a platform."""
    if not account_id:
        return None
    # lazy: cycle: models -> models.account -> api_keys
    from .models import Account

    return (
        Account.objects.filter(id=account_id)
        .values_list("djstripe_owner_account_id", flat=True)
        .first()
    )


def connected_account_id(obj: Any) -> str | None:
    """The ``Stripe-Account`` to address ``obj`` through (its owner, when connected)."""
    owner = getattr(obj, "djstripe_owner_account_id", None)
    if owner and platform_of(owner):
        return owner
    return None


@hide_secrets
def api_key_for(livemode: bool | None, platform: str | None = None) -> str | None:
    """The secret key to reach ``platform``'s objects in ``livemode`` (the one rule).

    The settings' key of the mode when it belongs to ``platform`` (the common, single
    account case: no query, the key's account is cached per process); otherwise a
    stored :class:`~djstripe.models.APIKey` of that platform, if any; else the
    settings' key.
    """
    key = djstripe_settings.default_api_key(livemode if isinstance(livemode, bool) else None)
    if not platform:
        return key or None
    if key:
        try:
            _, owner = stripe_api.platform_account(key)
        except Exception as error:  # noqa: BLE001 - fall back to the stored keys
            logger.warning("Could not look up the account of the API key: %s", error)
            owner = None
        if owner == platform:
            return key
    # lazy: cycle: models -> models.account -> api_keys
    from .models import APIKey

    # The key points at Account.id (a string); django-stubs assumes the integer pk.
    stored = APIKey.objects.filter(djstripe_owner_account_id=platform, type="secret")  # type: ignore[misc]
    if isinstance(livemode, bool):
        stored = stored.filter(livemode=livemode)
    return stored.values_list("secret", flat=True).first() or key or None


def api_key_for_object(obj: Any) -> str:
    """A secret key that can reach ``obj``: :func:`api_key_for` its platform and mode."""
    owner = getattr(obj, "djstripe_owner_account_id", None)
    return api_key_for(getattr(obj, "livemode", None), platform_of(owner) or owner) or ""
