"""The connected account a Connect event belongs to, mirrored before the event is stored.

The event row and every row it mirrors are owned by that account
(``djstripe_owner_account``), which must therefore exist first: a Connect event
for an account that is not mirrored yet fetches it (one request, once per account).
An account Stripe no longer lets the platform read (after
``account.application.deauthorized``) is recorded by the id the event names, with
data that any later read of the account replaces.
"""

from __future__ import annotations

import logging
from typing import Any

import stripe

from .. import sync
from ..error_reports import hide_secrets
from ..models import Account

logger = logging.getLogger(__name__)

#: Answers meaning "the platform may not read this account" (access revoked, or gone).
NOT_READABLE = frozenset({401, 403, 404})


@hide_secrets
def ensure_account(account_id: str, *, api_key: str | None) -> None:
    """Mirror the connected account ``account_id`` unless it is mirrored already.

    Raises stripe-python's error when Stripe cannot be asked (the caller answers 503,
    and Stripe delivers again later).
    """
    if Account.objects.filter(id=account_id).exists():
        return
    try:
        data, stamp = Account.fetch_for_reference(
            account_id, api_key=api_key, stripe_account=account_id
        )
    except stripe.StripeError as error:
        if getattr(error, "http_status", None) not in NOT_READABLE:
            raise
        logger.warning(
            "Connected account %s cannot be read (%s); recorded by its id.", account_id, error
        )
        data, stamp = _known_only_by_id(account_id), 0
    sync.sync_read(Account, data, stamp, api_key=api_key)


def _known_only_by_id(account_id: str) -> dict[str, Any]:
    """What is known of an account Stripe will not show: its id (stamped 0, the oldest
    possible data, so the first real read of the account replaces it)."""
    return {"id": account_id, "object": "account"}
