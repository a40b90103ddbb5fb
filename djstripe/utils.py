"""dj-stripe's ``djstripe.utils`` names, for code that imports them.

This module only re-exports: each function lives in the module named after its
job (``currency``, ``fields``, ``idempotency``...). New code should import from
there; nothing in djstripe imports this module.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from . import stripe_api
from .currency import SIGILS as CURRENCY_SIGILS
from .currency import friendly_amount as get_friendly_currency_amount
from .fields import epoch_to_datetime, stripe_id_of
from .idempotency import clear_expired_keys
from .models.invoice_previews import InMemoryRows as QuerySetMock

__all__ = [
    "CURRENCY_SIGILS",
    "QuerySetMock",
    "clear_expired_idempotency_keys",
    "convert_tstamp",
    "get_friendly_currency_amount",
    "get_id_from_stripe_data",
    "get_model",
    "get_queryset",
    "get_supported_currency_choices",
    "get_timezone_utc",
]


def get_supported_currency_choices(api_key: str | None) -> list[tuple[str, str]]:
    """``[("usd", "USD"), ...]`` for the key's account (one request each for the account
    and its country spec)."""
    account, _ = stripe_api.retrieve("/v1/account", api_key=api_key)
    spec_path = stripe_api.path("/v1/country_specs/{id}", id=account["country"])
    spec, _ = stripe_api.retrieve(spec_path, api_key=api_key)
    return [(code, code.upper()) for code in spec.get("supported_payment_currencies") or ()]


def clear_expired_idempotency_keys() -> None:
    """Delete idempotency keys older than Stripe remembers them (24 hours)."""
    clear_expired_keys()


def convert_tstamp(response: Any) -> datetime.datetime | None:
    """A Stripe timestamp (epoch seconds) as a datetime; ``None`` stays ``None``.

    A datetime is returned as it is: dates here are datetime columns, so code written
    for dj-stripe 2.11's epoch properties (``convert_tstamp(subscription.start_date)``)
    keeps working. Aware (UTC) with ``USE_TZ``; without, naive in the current time
    zone, as Django handles datetimes then.
    """
    if isinstance(response, datetime.datetime):
        return response
    value = epoch_to_datetime(response)
    if value is not None and not settings.USE_TZ:
        return timezone.make_naive(value) if timezone.is_aware(value) else value
    return value


def get_id_from_stripe_data(data: Any) -> str | None:
    """The Stripe id of a reference: ``"sub_1"`` or ``{"id": "sub_1", ...}``."""
    return stripe_id_of(data)


def get_timezone_utc() -> datetime.tzinfo:
    return datetime.UTC


def get_model(model_name: str) -> Any:
    """A djstripe model by class name (``get_model("Customer")``)."""
    return apps.get_app_config("djstripe").get_model(model_name)


def get_queryset(pks: Any, model_name: str) -> QuerySet:
    """Rows of a djstripe model by primary key."""
    return get_model(model_name).objects.filter(pk__in=pks)
