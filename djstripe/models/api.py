"""dj-stripe 2.11's ``djstripe.models.api``: the API key model and its helpers.

The model lives in :mod:`.account`, the key helpers in :mod:`djstripe.api_keys`.
"""

from ..api_keys import KEY_PATTERN
from ..api_keys import key_details as get_api_key_details_by_prefix
from ..api_keys import mask_key as redact_api_key
from .account import APIKey, generate_api_key_id
from .managers import APIKeyManager

#: The form of a Stripe API key (dj-stripe's name; a pattern string, as there).
API_KEY_REGEX = KEY_PATTERN.pattern

__all__ = [
    "API_KEY_REGEX",
    "APIKey",
    "APIKeyManager",
    "generate_api_key_id",
    "get_api_key_details_by_prefix",
    "redact_api_key",
]
