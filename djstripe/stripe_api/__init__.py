"""Everything djstripe asks of the Stripe API goes through this package.

It is the only code that calls stripe-python: keys, ``Stripe-Account``, the API
version, pagination, retries and the request budget live here. List pages are read
by :mod:`.lean` (a kept-alive ``http.client`` connection, the same headers, query,
retries, budget and errors); everything else goes through stripe-python.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..error_reports import hide_secrets
from .budget import RequestBudget, default_rate, limit
from .client import (
    RequestCounter,
    Response,
    counting,
    request,
    resolve_api_key,
    retrying,
    route_of,
)
from .ids import is_account_id, is_event_id
from .objects import as_data, to_stripe_object
from .pages import MAX_PAGE_SIZE, Page, iterate, pages, rest_of_list
from .paths import check_path, path, quote_id
from .retry import DEFAULT_POLICY, NO_RETRIES, RetryPolicy

__all__ = [
    "DEFAULT_POLICY",
    "MAX_PAGE_SIZE",
    "NO_RETRIES",
    "Page",
    "RequestBudget",
    "RequestCounter",
    "Response",
    "RetryPolicy",
    "as_data",
    "check_path",
    "counting",
    "create",
    "default_rate",
    "delete",
    "forget_platform_accounts",
    "is_account_id",
    "is_event_id",
    "iterate",
    "limit",
    "pages",
    "path",
    "platform_account",
    "quote_id",
    "request",
    "resolve_api_key",
    "rest_of_list",
    "remember_platform_account",
    "retrieve",
    "retrieve_model",
    "retrying",
    "route_of",
    "to_stripe_object",
    "update",
]


@hide_secrets
def retrieve(
    path: str,
    *,
    api_key: str | None = None,
    stripe_account: str | None = None,
    expand: tuple[str, ...] | list[str] = (),
) -> tuple[dict[str, Any], int]:
    """``GET path``: the object and the Stripe time it was read at."""
    params = {"expand": list(expand)} if expand else None
    response = request("get", path, params, api_key=api_key, stripe_account=stripe_account)
    return response.data, response.stamp


@hide_secrets
def retrieve_model(
    model: Any,
    stripe_id: str,
    *,
    api_key: str | None = None,
    stripe_account: str | None = None,
) -> tuple[dict[str, Any], int]:
    """Retrieve one object of a mirrored model by id (quoted into the path)."""
    path = model.retrieve_path(stripe_id)
    return retrieve(
        path,
        api_key=api_key,
        stripe_account=stripe_account,
        expand=tuple(getattr(model, "expand_fields", ()) or ()),
    )


@hide_secrets
def create(
    path: str,
    params: Mapping[str, Any],
    *,
    api_key: str | None = None,
    stripe_account: str | None = None,
    idempotency_key: str | None = None,
) -> dict[str, Any]:
    return request(
        "post",
        path,
        params,
        api_key=api_key,
        stripe_account=stripe_account,
        idempotency_key=idempotency_key,
    ).data


@hide_secrets
def update(
    path: str,
    params: Mapping[str, Any],
    *,
    api_key: str | None = None,
    stripe_account: str | None = None,
    idempotency_key: str | None = None,
) -> dict[str, Any]:
    return create(
        path,
        params,
        api_key=api_key,
        stripe_account=stripe_account,
        idempotency_key=idempotency_key,
    )


@hide_secrets
def delete(
    path: str,
    params: Mapping[str, Any] | None = None,
    *,
    api_key: str | None = None,
    stripe_account: str | None = None,
) -> dict[str, Any]:
    return request(
        "delete", path, params or {}, api_key=api_key, stripe_account=stripe_account
    ).data


_platform_accounts: dict[str, str] = {}


@hide_secrets
def platform_account(api_key: str | None = None) -> tuple[dict[str, Any] | None, str]:
    """The account that owns ``api_key``: (its data when just fetched, its id).

    The id is cached per key for the life of the process (one ``GET /v1/account``).
    """
    key = resolve_api_key(api_key)
    cached = _platform_accounts.get(key)
    if cached:
        return None, cached
    data, _ = retrieve("/v1/account", api_key=key)
    _platform_accounts[key] = data["id"]
    return data, data["id"]


@hide_secrets
def remember_platform_account(api_key: str, account_id: str) -> None:
    """Record the account that owns ``api_key`` (read by the caller from ``GET /v1/account``)."""
    _platform_accounts[api_key] = account_id


def forget_platform_accounts() -> None:
    """Forget which account owns which key (tests use a fresh double each time)."""
    _platform_accounts.clear()
