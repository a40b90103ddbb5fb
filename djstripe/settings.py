"""Accessors for every djstripe setting, read when they are used.

Each accessor reads ``django.conf.settings`` at call time, so ``override_settings``
works in tests and nothing is frozen at import. The names and defaults are
dj-stripe's; ``djstripe_settings`` keeps dj-stripe's attribute-style object for
code that imported it.
"""

from __future__ import annotations

import datetime
import functools
import math
from collections.abc import Callable
from typing import Any

import stripe
from django.apps import apps as django_apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.utils.module_loading import import_string
from stripe._api_version import _ApiVersion

from .currency import ZERO_DECIMAL_CURRENCIES
from .idempotency import default_idempotency_key

#: Metadata key on a Stripe customer that holds the primary key of its subscriber.
DEFAULT_SUBSCRIBER_CUSTOMER_KEY = "djstripe_subscriber"
#: Seconds a webhook signature timestamp may differ from now (Stripe's own default).
DEFAULT_WEBHOOK_TOLERANCE = 300
#: Largest tolerance (an endpoint stores it in a small integer column): about 9 hours.
MAX_WEBHOOK_TOLERANCE = 32767
#: Largest webhook body accepted, in bytes. Stripe's events are far below this.
DEFAULT_WEBHOOK_MAX_BODY_BYTES = 1024 * 1024
#: Seconds an event may stay pending before the safety net takes it as stranded.
DEFAULT_STALE_PENDING_AFTER = 600
#: Longest accepted ``DJSTRIPE_STALE_PENDING_AFTER``, in seconds (ten years).
MAX_STALE_PENDING_AFTER = 10 * 366 * 24 * 3600
WEBHOOK_VALIDATION_CHOICES = ("verify_signature", "retrieve_event", "none")
WEBHOOK_PROCESSING_CHOICES = ("inline", "task")


def _get(name: str, default: Any = None) -> Any:
    return getattr(settings, name, default)


def live_mode() -> bool:
    """``STRIPE_LIVE_MODE``: whether the default key is the live one."""
    return bool(_get("STRIPE_LIVE_MODE", False))


def test_secret_key() -> str:
    return _get("STRIPE_TEST_SECRET_KEY", "") or ""


def live_secret_key() -> str:
    return _get("STRIPE_LIVE_SECRET_KEY", "") or ""


def secret_key() -> str:
    """``STRIPE_SECRET_KEY`` if set, else the live or test key for the active mode."""
    explicit = _get("STRIPE_SECRET_KEY")
    if explicit:
        return explicit
    return live_secret_key() if live_mode() else test_secret_key()


def public_key() -> str:
    explicit = _get("STRIPE_PUBLIC_KEY")
    if explicit:
        return explicit
    if live_mode():
        return _get("STRIPE_LIVE_PUBLIC_KEY", "") or ""
    return _get("STRIPE_TEST_PUBLIC_KEY", "") or ""


def default_api_key(livemode: bool | None = None) -> str:
    """The key to use for an object of this mode (``None``: the active mode's key)."""
    if livemode is None:
        return secret_key()
    if livemode:
        return live_secret_key() or secret_key()
    return test_secret_key() or secret_key()


def api_keys_from_settings() -> list[str]:
    """Every distinct, non-empty secret key configured in settings, default first."""
    keys: list[str] = []
    for key in (secret_key(), test_secret_key(), live_secret_key()):
        if key and key not in keys:
            keys.append(key)
    return keys


def api_version() -> str:
    """``STRIPE_API_VERSION``; defaults to the version the installed stripe-python pins."""
    return _get("STRIPE_API_VERSION") or pinned_api_version()


def pinned_api_version() -> str:
    return _ApiVersion.CURRENT


def api_base() -> str:
    """``STRIPE_API_HOST`` if set, else whatever ``stripe.api_base`` says now.

    djstripe never assigns ``stripe.api_base`` itself; it passes the host to each
    request, so a project's own stripe-python configuration is left alone.
    """
    return _get("STRIPE_API_HOST") or stripe.api_base


def meter_events_api_base() -> str:
    """Where the v2 meter event stream goes: ``STRIPE_API_HOST`` when set (a double or
    a proxy of the API serves it too), else ``stripe.meter_events_api_base``."""
    return _get("STRIPE_API_HOST") or stripe.meter_events_api_base


def lean_list_reads() -> bool:
    """``DJSTRIPE_LEAN_LIST_READS`` (default True): read v1 list pages over a kept-alive
    ``http.client`` connection instead of stripe-python (``djstripe.stripe_api.lean``)."""
    return bool(_get("DJSTRIPE_LEAN_LIST_READS", True))


def foreign_key_to_field() -> str:
    """``DJSTRIPE_FOREIGN_KEY_TO_FIELD`` as set (dj-stripe's setting). Read only by the
    system check: foreign keys here always hold the Stripe id (``djstripe.W010``)."""
    return _get("DJSTRIPE_FOREIGN_KEY_TO_FIELD", "id") or "id"


def subscriber_model_string() -> str:
    return _get("DJSTRIPE_SUBSCRIBER_MODEL") or settings.AUTH_USER_MODEL


def subscriber_model() -> Any:
    """The model customers belong to (``DJSTRIPE_SUBSCRIBER_MODEL``, else the user model)."""
    name = subscriber_model_string()
    try:
        model = django_apps.get_model(name, require_ready=False)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"DJSTRIPE_SUBSCRIBER_MODEL must be of the form 'app_label.model_name', not {name!r}."
        ) from exc
    except LookupError as exc:
        raise ImproperlyConfigured(
            f"DJSTRIPE_SUBSCRIBER_MODEL refers to model {name!r} that has not been installed."
        ) from exc
    field_names = {f.name for f in model._meta.get_fields()}
    if "email" not in field_names and not hasattr(model, "email"):
        raise ImproperlyConfigured(
            f"DJSTRIPE_SUBSCRIBER_MODEL {name!r} must have an email attribute."
        )
    return model


def subscriber_customer_key() -> str:
    """Metadata key that links a Stripe customer to its subscriber ("" disables it)."""
    value = _get("DJSTRIPE_SUBSCRIBER_CUSTOMER_KEY", DEFAULT_SUBSCRIBER_CUSTOMER_KEY)
    return "" if value is None else str(value)


def callback(setting_name: str, default: Callable[..., Any] | None = None) -> Any:
    """Resolve a setting holding a callable or its dotted path."""
    value = _get(setting_name)
    if not value:
        return default
    if isinstance(value, str):
        value = import_string(value)
    if not callable(value):
        raise ImproperlyConfigured(f"{setting_name} must be a callable or its dotted path.")
    return value


def subscriber_request_callback() -> Callable[[Any], Any]:
    """``DJSTRIPE_SUBSCRIBER_MODEL_REQUEST_CALLBACK``: request -> subscriber."""
    return callback("DJSTRIPE_SUBSCRIBER_MODEL_REQUEST_CALLBACK", lambda request: request.user)


def idempotency_key_callback() -> Callable[..., str]:
    """``DJSTRIPE_IDEMPOTENCY_KEY_CALLBACK``: (object_type, action, livemode) -> key."""
    return callback("DJSTRIPE_IDEMPOTENCY_KEY_CALLBACK", default_idempotency_key)


def webhook_validation() -> str:
    """``DJSTRIPE_WEBHOOK_VALIDATION``: verify_signature (default), retrieve_event or none."""
    return _get("DJSTRIPE_WEBHOOK_VALIDATION", "verify_signature") or "verify_signature"


def webhook_tolerance() -> int:
    """``DJSTRIPE_WEBHOOK_TOLERANCE``: seconds a signature's timestamp may be away from now,
    in either direction (300). Replay protection cannot be switched off: zero, a negative
    or a non-integer value means the default (system check djstripe.W009), and values
    above :data:`MAX_WEBHOOK_TOLERANCE` are capped."""
    return positive_tolerance(_get("DJSTRIPE_WEBHOOK_TOLERANCE", DEFAULT_WEBHOOK_TOLERANCE))


def positive_tolerance(value: Any, default: int = DEFAULT_WEBHOOK_TOLERANCE) -> int:
    """``value`` as a usable tolerance: a positive number of seconds, else ``default``."""
    try:
        seconds = int(value)
    except (TypeError, ValueError):
        return default
    if isinstance(value, bool) or seconds <= 0:
        return default
    return min(seconds, MAX_WEBHOOK_TOLERANCE)


def webhook_processing() -> str:
    """``DJSTRIPE_WEBHOOK_PROCESSING``: ``inline`` (in the request, default) or ``task``."""
    return _get("DJSTRIPE_WEBHOOK_PROCESSING", "inline") or "inline"


def webhook_max_body_bytes() -> int:
    return int(_get("DJSTRIPE_WEBHOOK_MAX_BODY_BYTES", DEFAULT_WEBHOOK_MAX_BODY_BYTES))


def webhook_trust_forwarded_for() -> bool:
    """``DJSTRIPE_WEBHOOK_TRUST_X_FORWARDED_FOR``: take the client ip from the proxy header."""
    return bool(_get("DJSTRIPE_WEBHOOK_TRUST_X_FORWARDED_FOR", False))


def webhook_task_max_attempts() -> int:
    return int(_get("DJSTRIPE_WEBHOOK_TASK_MAX_ATTEMPTS", 5))


def stale_pending_after() -> datetime.timedelta:
    """``DJSTRIPE_STALE_PENDING_AFTER``: how long an event may stay ``pending`` before
    ``djstripe_process_events --failed`` takes it as stranded (the worker running its task
    died): seconds, or a ``timedelta`` (600 seconds). Anything else is a configuration
    error naming the setting."""
    value = _get("DJSTRIPE_STALE_PENDING_AFTER", DEFAULT_STALE_PENDING_AFTER)
    if value is None:
        value = DEFAULT_STALE_PENDING_AFTER
    if isinstance(value, datetime.timedelta):
        seconds = value.total_seconds()
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value)
    else:
        seconds = math.nan
    if not 0 <= seconds <= MAX_STALE_PENDING_AFTER:  # False for NaN too
        raise ImproperlyConfigured(
            f"DJSTRIPE_STALE_PENDING_AFTER must be a number of seconds or a timedelta, "
            f"from 0 to ten years, not {value!r}."
        )
    return datetime.timedelta(seconds=seconds)


def webhook_event_callback() -> Callable[..., Any] | None:
    """``DJSTRIPE_WEBHOOK_EVENT_CALLBACK`` (dj-stripe): called instead of inline processing."""
    return callback("DJSTRIPE_WEBHOOK_EVENT_CALLBACK")


def fetch_missing_references() -> bool:
    """``DJSTRIPE_FETCH_MISSING_REFERENCES``: retrieve referenced objects absent locally.

    Off, the sync engine leaves such references NULL and records them as pending links
    (``djstripe.sync.plan.fetches``), and a backfill's link step retrieves nothing."""
    return bool(_get("DJSTRIPE_FETCH_MISSING_REFERENCES", True))


def automatic_tax() -> bool:
    """``DJSTRIPE_AUTOMATIC_TAX``: Stripe Tax on the Checkout and subscription helpers
    (see :mod:`djstripe.billing.tax`). Off by default."""
    return bool(_get("DJSTRIPE_AUTOMATIC_TAX", False))


# Things derived from settings and cached are cleared when a setting changes.
_CACHES: list[Any] = []


def cached(func: Callable[..., Any]) -> Callable[..., Any]:
    """``functools.cache`` that is cleared whenever a Django setting changes."""
    wrapped = functools.cache(func)
    _CACHES.append(wrapped)
    return wrapped


def clear_caches(**_: Any) -> None:
    for cache in _CACHES:
        cache.cache_clear()


def connect_setting_changed() -> None:
    setting_changed.connect(clear_caches, dispatch_uid="djstripe.settings.clear_caches")


class DjstripeSettings:
    """dj-stripe's ``djstripe_settings`` object: attributes evaluated on access."""

    DEFAULT_STRIPE_API_VERSION = property(lambda self: pinned_api_version())
    STRIPE_LIVE_MODE = property(lambda self: live_mode())
    STRIPE_SECRET_KEY = property(lambda self: secret_key())
    STRIPE_PUBLIC_KEY = property(lambda self: public_key())
    STRIPE_API_VERSION = property(lambda self: api_version())
    TEST_API_KEY = property(lambda self: test_secret_key())
    LIVE_API_KEY = property(lambda self: live_secret_key())
    SUBSCRIBER_CUSTOMER_KEY = property(lambda self: subscriber_customer_key())
    WEBHOOK_VALIDATION = property(lambda self: webhook_validation())
    WEBHOOK_TOLERANCE = property(lambda self: webhook_tolerance())
    WEBHOOK_EVENT_CALLBACK = property(lambda self: webhook_event_callback())
    subscriber_request_callback = property(lambda self: subscriber_request_callback())
    get_idempotency_key = property(lambda self: idempotency_key_callback())
    #: dj-stripe's legacy single-endpoint URL pattern; only per-endpoint URLs
    #: (``webhook/<uuid>/``) are served, as in dj-stripe 2.11.
    DJSTRIPE_WEBHOOK_URL = property(lambda self: _get("DJSTRIPE_WEBHOOK_URL", r"^webhook/$"))
    ZERO_DECIMAL_CURRENCIES = property(lambda self: _zero_decimal_currencies())
    #: Digits and places of dj-stripe's decimal columns (fractional-cent amounts).
    decimal_max_digits = 24
    decimal_places = 12

    def get_default_api_key(self, livemode: bool | None) -> str:
        return default_api_key(livemode)

    def get_api_keys(self) -> list[str]:
        return api_keys_from_settings()

    def get_subscriber_model_string(self) -> str:
        return subscriber_model_string()

    def get_subscriber_model(self) -> Any:
        return subscriber_model()

    def get_callback_function(self, setting_name: str, default: Any = None) -> Any:
        return callback(setting_name, default)


def _zero_decimal_currencies() -> set[str]:
    return set(ZERO_DECIMAL_CURRENCIES)


djstripe_settings = DjstripeSettings()


def __getattr__(name: str) -> Any:
    """Old dj-stripe module attributes (``djstripe.settings.STRIPE_SECRET_KEY``), read now
    from ``djstripe_settings``."""
    if name.isupper() and isinstance(getattr(DjstripeSettings, name, None), property):
        return getattr(djstripe_settings, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
