"""Which secret key processes an event: the settings' key of the event's mode, unless
the event belongs to another platform whose key is stored as an ``APIKey``."""

from __future__ import annotations

import logging

from .. import settings as djstripe_settings
from .. import stripe_api
from ..error_reports import hide_secrets

logger = logging.getLogger(__name__)


@hide_secrets
def api_key_for(livemode: bool | None, platform: str | None = None) -> str | None:
    """A secret key for ``platform`` (the endpoint's owner) in ``livemode``.

    The settings' key is used when it belongs to ``platform`` (the common, single
    account case: no query, the key's account is cached per process); otherwise a
    stored :class:`~djstripe.models.APIKey` of that platform, if any.
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
    # lazy: loads models (needs the app registry)
    from ..models import APIKey

    # The key points at Account.id (a string); django-stubs assumes the integer pk.
    stored = APIKey.objects.filter(djstripe_owner_account_id=platform, type="secret")  # type: ignore[misc]
    if isinstance(livemode, bool):
        stored = stored.filter(livemode=livemode)
    return stored.values_list("secret", flat=True).first() or key or None
