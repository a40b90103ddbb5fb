"""Onboarding connected accounts: Account Links, Express login links, and the state.

Account Links (``POST /v1/account_links``) and login links
(``POST /v1/accounts/{id}/login_links``) are short-lived URLs that sign the
account's owner in to Stripe: they are returned to the caller to redirect with at
once and are never stored or logged. The onboarding state itself (details
submitted, charges and payouts enabled, requirements) is mirrored on
:class:`~djstripe.models.Account` and kept current by ``account.updated``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..actions import calls

if TYPE_CHECKING:
    from ..models import Account

#: ``type`` values of an Account Link (Stripe's API reference).
LINK_TYPES = ("account_onboarding", "account_update")


def is_onboarded(account: Account) -> bool:
    return bool(
        account.details_submitted
        and account.charges_enabled
        and account.payouts_enabled
        and not account.requirements_currently_due
    )


def create_account_link(
    account: Account, *, refresh_url: str, return_url: str, link_type: str, **params: Any
) -> dict[str, Any]:
    """Create an Account Link for ``account``; return Stripe's object (``url``,
    ``expires_at``). ``collection_options`` and other parameters go to Stripe."""
    if link_type not in LINK_TYPES:
        raise ValueError(f"link_type must be one of {', '.join(LINK_TYPES)}, not {link_type!r}.")
    if not refresh_url or not return_url:
        raise ValueError("An Account Link needs both refresh_url and return_url.")
    api_key = params.pop("api_key", None) or account.default_api_key
    params.update(
        account=account.id, refresh_url=refresh_url, return_url=return_url, type=link_type
    )
    # The platform creates the link for its connected account: no Stripe-Account header.
    return calls.send("post", "/v1/account_links", params, api_key=api_key).data


def create_login_link(account: Account, **params: Any) -> dict[str, Any]:
    """Create a login link to the Express dashboard of ``account``; return Stripe's object."""
    api_key = params.pop("api_key", None) or account.default_api_key
    path = f"{account.retrieve_path(account.id)}/login_links"
    return calls.send("post", path, params, api_key=api_key).data
