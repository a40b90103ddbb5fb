"""Send one write to Stripe and sync the object Stripe answers with.

Every action goes through here, so each follows the same rules: the key and
``Stripe-Account`` of the object acted on, ``None`` parameters left out, and the
answer synced with the ``Date`` of Stripe's response as its freshness stamp.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.apps import apps

from .. import stripe_api
from ..models.base import StripeModel


def model(name: str) -> Any:
    """The djstripe model ``name`` (``"Subscription"``), from the app registry.

    Looked up rather than imported: the models import this package.
    """
    return apps.get_model("djstripe", name)


def stripe_id(value: Any) -> Any:
    """The Stripe id of a mirrored row, or ``value`` itself (an id, ``None``, a dict)."""
    return value.id if isinstance(value, StripeModel) else value


def clean(params: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters without ``None`` values (Stripe would read them as "unset")."""
    return {name: value for name, value in params.items() if value is not None}


def routing(obj: Any, params: dict[str, Any]) -> tuple[str, str | None]:
    """Pop ``api_key``/``stripe_account`` from ``params``; default to those of ``obj``."""
    api_key = params.pop("api_key", None) or obj.default_api_key
    stripe_account = params.pop("stripe_account", None) or obj._stripe_account_id()
    return api_key, stripe_account


def send(
    method: str,
    path: str,
    params: Mapping[str, Any] | None = None,
    *,
    api_key: str | None,
    stripe_account: str | None = None,
    idempotency_key: str | None = None,
) -> stripe_api.Response:
    return stripe_api.request(
        method,
        path,
        clean(params or {}),
        api_key=api_key,
        stripe_account=stripe_account,
        idempotency_key=idempotency_key,
    )


def sync(
    model: Any, response: stripe_api.Response, *, api_key: str | None, stripe_account: str | None
) -> Any:
    """Sync the object of a response into ``model``; return the row."""
    return model.sync_api_read(
        response.data, response.stamp, api_key=api_key, stripe_account=stripe_account
    )


def write(
    model: Any,
    method: str,
    path: str,
    params: Mapping[str, Any] | None = None,
    *,
    api_key: str | None,
    stripe_account: str | None = None,
    idempotency_key: str | None = None,
) -> Any:
    """``send`` then ``sync`` the answer into ``model``."""
    response = send(
        method,
        path,
        params,
        api_key=api_key,
        stripe_account=stripe_account,
        idempotency_key=idempotency_key,
    )
    return sync(model, response, api_key=api_key, stripe_account=stripe_account)
