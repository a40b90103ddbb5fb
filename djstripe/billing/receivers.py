"""Event receivers for what webhook payloads leave out, connected by ``apps.py``.

``price.created`` and ``price.updated`` payloads never carry ``currency_options``
(Stripe includes it only when expanded), so the mirror would keep options that were
changed: the price is re-read with them, one request per event.
"""

from __future__ import annotations

import logging
from typing import Any

import stripe

from .. import settings as djstripe_settings
from ..actions import calls
from ..event_handlers import djstripe_receiver
from ..models import Price

logger = logging.getLogger(__name__)


@djstripe_receiver(("price.created", "price.updated"), dispatch_uid="djstripe.billing.prices")
def refresh_currency_options(sender: Any, event: Any, **kwargs: Any) -> None:
    """Re-read the price of the event with its ``currency_options``."""
    price = (event.data or {}).get("object") or {}
    if not isinstance(price.get("id"), str) or "currency_options" in price:
        return
    try:
        calls.write(
            Price,
            "get",
            Price.retrieve_path(price["id"]),
            {"expand": ["currency_options"]},
            api_key=djstripe_settings.default_api_key(event.livemode),
            stripe_account=event.stripe_account,
        )
    except stripe.InvalidRequestError as error:  # deleted since: its own event follows
        if getattr(error, "code", None) != "resource_missing":
            raise
        logger.info("Price %s is gone; currency options not refreshed", price["id"])
