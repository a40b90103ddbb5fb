"""Connected accounts: the function behind ``Account.api_reject``."""

from __future__ import annotations

from typing import Any

from .. import stripe_api
from .calls import send, sync


def reject_account(
    account: Any, *, api_key: str | None, stripe_account: str | None, **kwargs: Any
) -> Any:
    """``POST /v1/accounts/{id}/reject``; mirror the answer, return it as a StripeObject."""
    key = api_key or account.default_api_key
    response = send(
        "post",
        f"{account.retrieve_path(account.id)}/reject",
        kwargs,
        api_key=key,
        stripe_account=stripe_account,
    )
    sync(type(account), response, api_key=key, stripe_account=stripe_account)
    return stripe_api.to_stripe_object(response.data)
